#!/usr/bin/env bash
# Compile-fail test driver: compile_fail.sh CXX COMPILER_ID SOURCE OUTPUT [FLAGS...]
# SOURCE declares what its diagnostics must contain, one extended regex (grep -E) per line:
#   // ordo-expect: <regex>            for every compiler
#   // ordo-expect-<gnu|clang>: <regex> for one compiler
#   // ordo-errors: N                  the output has exactly N errors (no cascade)
# Each regex must match within one line of the compiler's output. The test passes only if
# compiling fails AND every regex matches: a typo that fails for another reason, or a message
# that says something else, fails the test.
set -u
cxx=$1 id=$2 source=$3 output=$4
shift 4
mkdir -p "$(dirname "$output")"
"$cxx" -std=c++20 -fsyntax-only "$@" "$source" >"$output" 2>&1
status=$?
source "$(dirname "${BASH_SOURCE[0]}")/expectations.sh"
expectations "$source" "$id"
if [ "$status" -eq 0 ]; then
    echo "$source compiled, but must fail with: ${expects[*]}"
    exit 1
fi
# clang++ spells a shape message character by character (spelled<'m', 'a', ...>, see
# graph/diagnostics.hpp); the regexes are matched against the output with each such pack
# also read back as the text it spells, so one expectation checks both compilers.
perl -ne 'print; print "(read) $_" if s/spelled<((?:\x27(?:[^\x27\\]|\\.)\x27(?:, )?)+)>/
    "\"" . join("", map { s#^\\##r } ($1 =~ m#\x27((?:[^\x27\\]|\\.))\x27#g)) . "\""/ge' \
    "$output" >"$output.read"
all_match "$output.read" "compiler output"
errors=$(sed -nE 's#^[[:space:]]*//[[:space:]]*ordo-errors:[[:space:]]*([0-9]+).*#\1#p' "$source")
if [ -n "$errors" ]; then
    # "error:" after a location; clang's "fatal error: too many errors emitted" is not one
    found=$(grep -cE '^[^ ]+: error: ' "$output")
    if [ "$found" -ne "$errors" ]; then
        echo "$source: expected $errors error(s), the compiler reported $found"
        head -c 20000 "$output"
        exit 1
    fi
fi
echo "$source: failed to compile as expected; matched ${#expects[@]} expectation(s)"
