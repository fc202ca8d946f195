#!/usr/bin/env bash
# Compiles every ```cpp block of the given Markdown files, each as its own translation unit
# (-fsyntax-only): documentation that does not compile fails the test suite.
# Usage: compile_snippets.sh CXX SOURCE_ROOT WORK_DIR FILE.md...
set -uo pipefail
cxx=$1 root=$2 work=$3
shift 3
mkdir -p "$work"
status=0 count=0
for md in "$@"; do
    base=$(basename "$md" .md)
    awk -v dir="$work" -v base="$base" '
        /^```cpp[[:space:]]*$/ { n++; file = sprintf("%s/%s_%d.cpp", dir, base, n); printf "" > file; inside = 1; next }
        /^```/ { inside = 0; next }
        inside { print >> file }' "$md"
    for snippet in "$work/${base}"_*.cpp; do
        [ -e "$snippet" ] || continue
        count=$((count + 1))
        if ! "$cxx" -std=c++20 -fsyntax-only -I"$root/symbolic/include" -I"$root/include" -I"$root/runtime/include" -I"$root/pages/include" -I"$root/tools" \
                "$snippet" > "$snippet.log" 2>&1; then
            echo "$md: block $(basename "$snippet" .cpp | sed 's/.*_//') does not compile:"
            head -n 20 "$snippet.log"
            status=1
        fi
    done
done
echo "$count code blocks compiled"
[ "$count" -gt 0 ] || status=1
exit $status
