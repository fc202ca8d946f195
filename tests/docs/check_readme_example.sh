#!/usr/bin/env bash
# The README's rendered example (between `<!-- example: PAGE -->` and `<!-- /example -->`) must
# be an excerpt of the generated page it names, line for line, so it cannot go stale.
set -euo pipefail
root=$1
page=$(sed -nE 's/^<!-- example: (.*) -->$/\1/p' "$root/README.md")
[ -n "$page" ] || { echo "README has no example block"; exit 1; }
status=0
while IFS= read -r line; do
    [ -z "$line" ] && continue
    grep -qxF -- "$line" "$root/$page" || { echo "README example line not in $page: $line"; status=1; }
done < <(sed -n '/^<!-- example: /,/^<!-- \/example -->$/p' "$root/README.md" | sed '1d;$d')
exit $status
