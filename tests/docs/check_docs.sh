#!/usr/bin/env bash
# Checks generated docs: every $…$ span renders with KaTeX, every Mermaid block parses, every
# SVG is well-formed XML (xmllint), every relative link outside code resolves, every C++ block
# quoted from a header has balanced braces and parentheses (a cut definition). The npm
# packages (tests/docs/package.json) are installed into NODE_DIR on first use.
# Usage: check_docs.sh NODE_DIR DIR...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
node_dir="$1"
shift
if [ ! -d "$node_dir/node_modules/mermaid" ] || [ ! -d "$node_dir/node_modules/katex" ]; then
    mkdir -p "$node_dir"
    cp "$here/package.json" "$node_dir/"
    (cd "$node_dir" && npm install --silent --no-audit --no-fund >/dev/null)
fi
cp "$here/check_math.js" "$here/check_mermaid.mjs" "$node_dir/"
status=0
for dir in "$@"; do
    [ -d "$dir" ] || { echo "check_docs: $dir does not exist" >&2; status=1; continue; }
    node "$node_dir/check_math.js" "$dir" || status=1
    node "$node_dir/check_mermaid.mjs" "$dir" || status=1
    # every relative link and image points at a file that exists
    while IFS= read -r -d '' md; do
        while IFS= read -r target; do
            target=${target%%#*}
            [ -z "$target" ] && continue
            [ -e "$(dirname "$md")/$target" ] || { echo "check_docs: $md links to missing $target" >&2; status=1; }
        done < <(awk '/^```/ { code = !code; next } !code' "$md" | grep -o '\]([^)]*)' | sed 's/^](//; s/)$//' |
                 grep -v '^[a-z]*://' || true)
    done < <(find "$dir" -name '*.md' -print0)
    # every ```cpp block balances { } and ( ): a quoted definition was not cut short
    while IFS= read -r -d '' md; do
        awk -v md="$md" '
            /^```cpp/ { code = 1; braces = 0; parens = 0; start = NR; next }
            /^```/ && code { code = 0
                if (braces || parens) { printf "check_docs: %s: the C++ block at line %d is cut (unbalanced)\n", md, start > "/dev/stderr"; bad = 1 } next }
            code { line = $0; sub(/\/\/.*/, "", line)
                   braces += gsub(/\{/, "{", line) - gsub(/\}/, "}", line)
                   parens += gsub(/\(/, "(", line) - gsub(/\)/, ")", line) }
            END { exit bad }' "$md" || status=1
    done < <(find "$dir" -name '*.md' -print0)
    while IFS= read -r -d '' svg; do
        xmllint --noout "$svg" || status=1
    done < <(find "$dir" -name '*.svg' -print0)
done
exit $status
