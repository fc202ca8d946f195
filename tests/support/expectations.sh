# Sourced by compile_fail.sh and run_fail.sh: the `// ordo-expect[-ID]: <regex>` lines of a
# source, and the check that each regex matches within one line of an output.

# expectations SOURCE [ID]: fills the array `expects` (ID: also `ordo-expect-ID:` lines);
# exits 1 when there is none, so a test always checks something.
expectations() {
    local source=$1 id=${2:-}
    local pattern="s#^[[:space:]]*//[[:space:]]*ordo-expect(-${id:-@})?:[[:space:]]*(.*[^[:space:]])[[:space:]]*\$#\\2#p"
    mapfile -t expects < <(sed -nE "$pattern" "$source")
    if [ "${#expects[@]}" -eq 0 ]; then
        echo "$source: no '// ordo-expect: <regex>' line; nothing to check"
        exit 1
    fi
}

# all_match OUTPUT LABEL: exits 1, showing OUTPUT under LABEL, unless every regex of
# `expects` matches a line of it.
all_match() {
    local output=$1 label=$2 missing=0 re
    for re in "${expects[@]}"; do
        if ! grep -qE -- "$re" "$output"; then
            echo "output lacks: $re"
            missing=1
        fi
    done
    if [ "$missing" -ne 0 ]; then
        echo "---- $label ($output) ----"
        head -c 20000 "$output"
        exit 1
    fi
}
