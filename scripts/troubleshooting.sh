#!/usr/bin/env bash
# Generates docs/troubleshooting.md: each section of docs/troubleshooting.in.md, followed by the
# compile-fail tests that declare that ID (their first `ordo-expect` ID) with the snippet and
# the first lines of what g++ and clang++ print. Paths are made relative to the source tree
# and line numbers dropped, so the page changes only when a message does.
# Usage: scripts/troubleshooting.sh [OUT]   (default docs/troubleshooting.md; CXX_GNU, CXX_CLANG)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/docs/troubleshooting.md}"
gnu="${CXX_GNU:-g++}" clang="${CXX_CLANG:-clang++}"
flags=(-std=c++20 -fsyntax-only -I"$root/symbolic/include" -I"$root/include")

# The diagnostic lines of one compile, at most 8, paths relative, long lines cut.
diagnostics() {
    local cxx=$1 source=$2 pattern=$3
    shift 3
    { "$cxx" "${flags[@]}" "$@" "$source" 2>&1 || true; } |
        grep -E "$pattern" | head -n 8 | sed -E -e "s#$root/##g" -e 's/\.(hpp|cpp):[0-9]+(:[0-9]+)?:/.\1:/g' -e 's/^(.{400}).*/\1 […]/'
}

declare -A tests_of
for source in "$root"/tests/compile_fail/*.cpp; do
    id=$(grep -m1 -oE 'ordo-expect.*E[0-9]{3}' "$source" | grep -oE 'E[0-9]{3}' | head -1)
    tests_of[$id]+="$source "
done

{
    section=""
    emit_tests() {
        [ -n "$section" ] || return 0
        for source in ${tests_of[$section]:-}; do
            name=$(basename "$source")
            printf '\n**Test `%s`**\n\n```cpp\n' "$name"
            grep -vE '^[[:space:]]*//[[:space:]]*ordo-expect' "$source"
            printf '```\n\ng++ 12:\n```text\n'
            diagnostics "$gnu" "$source" 'error|In instantiation of .*ordo::diagnostic::E1|non-constexpr|required from here' -fmax-errors=1
            printf '```\n\nclang++ 14:\n```text\n'
            diagnostics "$clang" "$source" 'error|note: non-constexpr' -fconstexpr-steps=33554432 -ferror-limit=1
            printf '```\n'
        done
        printf '\n'
    }
    while IFS= read -r line; do
        if [[ "$line" =~ ^##\ (E[0-9]{3}) ]] || [[ "$line" =~ ^#\  ]]; then
            emit_tests
            section=""
            [[ "$line" =~ ^##\ (E[0-9]{3}) ]] && section="${BASH_REMATCH[1]}"
        fi
        printf '%s\n' "$line"
    done < "$root/docs/troubleshooting.in.md"
    emit_tests
} > "$out"

# every compile-fail test must have landed under a section of its ID
for id in "${!tests_of[@]}"; do
    grep -q "^## $id\$" "$out" || { echo "troubleshooting: no section for $id (${tests_of[$id]})" >&2; exit 1; }
done
