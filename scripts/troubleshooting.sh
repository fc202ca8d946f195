#!/usr/bin/env bash
# Generates docs/troubleshooting.md: each section of docs/troubleshooting.in.md, followed by the
# tests that declare that ID (their first `ordo-expect` ID): compile-fail tests with the snippet,
# the error lines of what g++ and clang++ print and, folded, everything they print with its
# line count; run-fail tests with the snippet and what the built executable prints (the
# ordo::error's what()). Paths are made relative to the source tree and line numbers dropped,
# so the page changes only when a message does; a line past 300 characters (g++ spells whole
# template arguments) is cut, saying how much was cut, unless it is an error line. Every `## Exxx`
# section must get an example, unless its text in the .in.md says why none can exist with
# `<!-- no-example: reason -->`.
# Usage: scripts/troubleshooting.sh [OUT]   (default docs/troubleshooting.md)
# Environment: CXX_GNU, CXX_CLANG (the compilers), RUN_FAIL_BIN (the directory of the built
# run-fail executables, one per tests/run_fail/<name>.cpp, named <name>; default
# build/gcc/run_fail/bin).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/docs/troubleshooting.md}"
gnu="${CXX_GNU:-g++}" clang="${CXX_CLANG:-clang++}"
run_fail_bin="${RUN_FAIL_BIN:-$root/build/gcc/run_fail/bin}"
flags=(-std=c++20 -fsyntax-only -I"$root/symbolic/include" -I"$root/include")

# Everything one compile prints, paths relative, line numbers dropped, long lines cut.
compile_output() {
    local cxx=$1 source=$2
    shift 2
    { "$cxx" "${flags[@]}" "$@" "$source" 2>&1 || true; } |
        sed -E -e "s#$root/##g" -e 's/\.(hpp|cpp):[0-9]+(:[0-9]+)?:/.\1:/g' |
        perl -pe 's/^( *)(\d+) \|/$1 . (" " x length($2)) . " |"/e' |
        awk '{ if (length($0) > 300 && $0 !~ /: error: /) printf "%s […%d more characters]\n", substr($0, 1, 300), length($0) - 300; else print }'
}

# One compiler's output: its error lines, then the whole output folded, with its line count.
show_output() {
    local label=$1 file=$2 lines
    lines=$(wc -l < "$file")
    printf '%s, the errors:\n```text\n' "$label"
    # the error lines, and g++'s instantiation line that carries a computed message
    grep -E '(^|: )(fatal )?error:|In instantiation of .*ordo::diagnostic::E[0-9]{3}_' "$file" || true
    printf '```\n<details><summary>%s, the whole output (%d lines)</summary>\n\n```text\n' "$label" "$lines"
    cat "$file"
    printf '```\n</details>\n'
}

# What a run-fail executable prints; it must have been built from the current source and must
# have thrown an ordo::error (exit status 1), or the page would show something untrue.
run_output() {
    local source=$1 exe status
    exe="$run_fail_bin/$(basename "$source" .cpp)"
    if [ ! -x "$exe" ]; then
        echo "troubleshooting: no executable $exe for $source (build the tests; RUN_FAIL_BIN)" >&2
        return 1
    fi
    if [ "$source" -nt "$exe" ]; then
        echo "troubleshooting: $exe is older than $source; rebuild it" >&2
        return 1
    fi
    status=0
    "$exe" > "$tmp/run.txt" 2>&1 || status=$?
    if [ "$status" -ne 1 ]; then
        echo "troubleshooting: $exe must throw an ordo::error (exit status 1), got $status:" >&2
        cat "$tmp/run.txt" >&2
        return 1
    fi
    sed -E -e "s#$root/##g" -e 's/^(.{400}).*/\1 […]/' "$tmp/run.txt"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

declare -A tests_of
for source in "$root"/tests/compile_fail/*.cpp "$root"/tests/run_fail/*.cpp; do
    [ -e "$source" ] || continue
    id=$(grep -m1 -oE 'ordo-expect.*E[0-9]{3}' "$source" | grep -oE 'E[0-9]{3}' | head -1 || true)
    [ -n "$id" ] || { echo "troubleshooting: $source declares no ordo-expect ID" >&2; exit 1; }
    tests_of[$id]+="$source "
done

: > "$tmp/without_example"
no_example_marker='<!-- no-example: *[^[:space:]]'
{
    section="" no_example=""
    emit_tests() {
        [ -n "$section" ] || return 0
        if [ -z "${tests_of[$section]:-}" ] && [ -z "$no_example" ]; then
            echo "$section" >> "$tmp/without_example"
        fi
        for source in ${tests_of[$section]:-}; do
            name=$(basename "$source")
            printf '\n**Test `%s`**\n\n```cpp\n' "$name"
            grep -vE '^[[:space:]]*//[[:space:]]*ordo-(expect|errors)' "$source"
            if [[ "$source" == */tests/run_fail/* ]]; then
                printf '```\n\nAt run time:\n```text\n'
                run_output "$source"
                printf '```\n'
                continue
            fi
            printf '```\n\n'
            compile_output "$gnu" "$source" -fconstexpr-ops-limit=268435456 > "$tmp/gnu.txt"
            compile_output "$clang" "$source" -fconstexpr-steps=33554432 > "$tmp/clang.txt"
            show_output "g++ 12" "$tmp/gnu.txt"
            printf '\n'
            show_output "clang++ 14" "$tmp/clang.txt"
        done
        printf '\n'
    }
    while IFS= read -r line; do
        if [[ "$line" =~ ^##\ (E[0-9]{3}) ]] || [[ "$line" =~ ^#\  ]]; then
            emit_tests
            section="" no_example=""
            [[ "$line" =~ ^##\ (E[0-9]{3}) ]] && section="${BASH_REMATCH[1]}"
        fi
        [[ "$line" =~ $no_example_marker ]] && no_example=yes
        printf '%s\n' "$line"
    done < "$root/docs/troubleshooting.in.md"
    emit_tests
} > "$out"

# every section must show an example (or say why it cannot)
if [ -s "$tmp/without_example" ]; then
    echo "troubleshooting: no compile-fail or run-fail test declares $(paste -sd' ' "$tmp/without_example");" \
         "add one, or explain in the section with <!-- no-example: reason -->" >&2
    exit 1
fi

# every compile-fail and run-fail test must have landed under a section of its ID
for id in "${!tests_of[@]}"; do
    grep -q "^## $id\$" "$out" || { echo "troubleshooting: no section for $id (${tests_of[$id]})" >&2; exit 1; }
done
