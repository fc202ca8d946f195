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
mapfile -t expects < <(sed -nE 's#^[[:space:]]*//[[:space:]]*ordo-expect:[[:space:]]*(.*[^[:space:]])[[:space:]]*$#\1#p' "$source")
if [ "${#expects[@]}" -eq 0 ]; then
    echo "$source: no '// ordo-expect: <regex>' line; nothing to check"
    exit 1
fi
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
missing=0
for re in "${expects[@]}"; do
    if ! grep -qE -- "$re" "$output"; then
        echo "output lacks: $re"
        missing=1
    fi
done
if [ "$missing" -ne 0 ]; then
    echo "---- output ($output) ----"
    head -c 20000 "$output"
    exit 1
fi
echo "$source: threw as expected; matched ${#expects[@]} expectation(s)"
