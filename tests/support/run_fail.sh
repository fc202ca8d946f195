#!/usr/bin/env bash
# Run-fail test driver: run_fail.sh EXECUTABLE SOURCE OUTPUT
# EXECUTABLE is SOURCE (which defines `void broken()`) linked with run_fail_main.cpp. SOURCE
# declares what the error must say, one extended regex (grep -E) per line:
#   // ordo-expect: <regex>
# Each regex must match within one line of what() (the program's output). The test passes only
# if broken() throws an ordo::error (exit status 1) AND every regex matches: a snippet that runs
# through, throws something else or crashes, or an error that says something else, fails.
set -u
exe=$1 source=$2 output=$3
mkdir -p "$(dirname "$output")"
"$exe" >"$output" 2>&1
status=$?
source "$(dirname "${BASH_SOURCE[0]}")/expectations.sh"
expectations "$source"
if [ "$status" -ne 1 ]; then
    case $status in
        0) why="it ran without throwing" ;;
        2 | 3) why="it threw something other than an ordo::error" ;;
        *) why="it exited with status $status" ;;
    esac
    echo "$source must throw an ordo::error matching: ${expects[*]}; but $why"
    echo "---- output ($output) ----"
    head -c 20000 "$output"
    exit 1
fi
all_match "$output" "output"
echo "$source: threw as expected; matched ${#expects[@]} expectation(s)"
