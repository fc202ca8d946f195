#!/usr/bin/env bash
# The pages' numbers must be derived by ordo, never typed into the generator: fails on any
# number of two or more digits in the generator's sources, in a string literal or in code. The one
# file allowed figures holds the published model shapes (the inputs), and is not scanned.
# Usage: check_no_typed_figures.sh SOURCE_ROOT
set -euo pipefail
root=$1
files=("$root"/pages/src/format.cpp "$root"/pages/src/page.cpp "$root"/pages/src/real_models.cpp "$root"/tools/docs.cpp)
status=0
for f in "${files[@]}"; do
    [ -f "$f" ] || { echo "check_no_typed_figures: $f is missing" >&2; status=1; continue; }
    # string literals, comments aside; a figure is two or more digits in a row
    if perl -ne 's{//.*$}{}; while (/"((?:[^"\\]|\\.)*)"/g) { my $s = $1; print "$ARGV:$.: \"$s\"\n" if $s =~ /\d\d/ }' "$f" | grep .; then
        status=1
    fi
    if perl -ne 's{//.*$}{}; s{"((?:[^"\\]|\\.)*)"}{""}g; print "$ARGV:$.: $_" if /(?<![\w.])\d\d+/' "$f" | grep .; then
        status=1
    fi
done
[ $status -eq 0 ] && echo "no typed figures in ${#files[@]} generator sources"
exit $status
