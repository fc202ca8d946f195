#!/usr/bin/env bash
# ordo report --config on the command line: each mapped released config prints a report (exit 0);
# an edited copy with a missing field, a malformed field or an unknown architecture exits non-zero
# with one line on stderr naming the file and the field.
# Usage: config_errors.sh ORDO CONFIG_DIR
set -u
ordo="$1" configs="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
for model in llama-2-7b llama-2-13b llama-2-70b meta-llama-3-8b mistral-7b-v0.1 mixtral-8x7b-v0.1 deepseek-v2; do
    if ! "$ordo" report --config "$configs/$model.json" --json > "$tmp/out.json" 2> "$tmp/err.txt"; then
        echo "FAIL: $model.json: $(cat "$tmp/err.txt")"; failed=1
    fi
done
refuse() {  # refuse NAME FIELD FROM TO: the edited copy names FIELD
    local name="$1" field="$2" from="$3" to="$4" path="$tmp/$1"
    python3 -c "import sys; t = open(sys.argv[1]).read(); assert sys.argv[3] in t; open(sys.argv[2], 'w').write(t.replace(sys.argv[3], sys.argv[4], 1))" \
        "$configs/llama-2-7b.json" "$path" "$from" "$to" || { echo "FAIL: cannot edit for $name"; failed=1; return; }
    if "$ordo" report --config "$path" > /dev/null 2> "$tmp/err.txt"; then
        echo "FAIL: $name: exit status 0"; failed=1; return
    fi
    local lines; lines=$(wc -l < "$tmp/err.txt")
    if [[ "$lines" != 1 ]] || ! grep -qF "$path: field '$field'" "$tmp/err.txt"; then
        echo "FAIL: $name: expected one line naming $path and '$field', got:"; cat "$tmp/err.txt"; failed=1
    fi
}
refuse no-layers.json num_hidden_layers '"num_hidden_layers": 32,' ''
refuse text-width.json hidden_size '"hidden_size": 4096' '"hidden_size": "abc"'
refuse unknown.json architectures 'LlamaForCausalLM' 'FalconForCausalLM'
[[ $failed == 0 ]] && echo "config errors: all as expected"
exit $failed
