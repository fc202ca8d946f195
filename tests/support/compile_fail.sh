#!/usr/bin/env bash
# Compile-fail test driver: compile_fail.sh CXX COMPILER_ID SOURCE OUTPUT [FLAGS...]
# SOURCE declares what its diagnostics must contain, one extended regex (grep -E) per line:
#   // ordo-expect: <regex>            for every compiler
#   // ordo-expect-<gnu|clang>: <regex> for one compiler
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
all_match "$output" "compiler output"
echo "$source: failed to compile as expected; matched ${#expects[@]} expectation(s)"
