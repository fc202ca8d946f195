#!/usr/bin/env bash
# Builds the libFuzzer target over the algebra (tests/fuzz/algebra_fuzz.cpp) with clang++ under
# ASan + UBSan, and runs it for ${1:-60} seconds. Exits non-zero on any finding (a crash, a
# failed check, a leak, a timeout or running out of memory); the input is then saved under
# build/fuzz/artifacts/.
#
# The run reads the committed seeds (tests/fuzz/corpus, never written) and keeps what it finds
# in build/fuzz/corpus, so successive runs on one machine build on each other. One process: CI
# has 2 cores. ORDO_FUZZ_SKIP (see algebra_fuzz.cpp) passes through to the target.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds="${1:-60}"
dir=build/fuzz
cxx="${ORDO_FUZZ_CXX:-$(command -v clang++-14 || command -v clang++)}"

launcher=()
if command -v ccache >/dev/null 2>&1; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

# Only the fuzz target is built, so the runtime (xtensor, BLAS) and the tool are not needed.
mkdir -p "$dir"
cmake -S . -B "$dir" -G Ninja \
    -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
    -DORDO_FUZZ=ON -DORDO_WERROR=ON -DORDO_RUNTIME=OFF -DORDO_BUILD_TOOLS=OFF \
    "${launcher[@]}" > "$dir/configure.log" 2>&1 || { cat "$dir/configure.log"; exit 1; }
cmake --build "$dir" -j2 --target algebra_fuzz

mkdir -p "$dir/corpus" "$dir/artifacts"
log="$dir/last-run.log"
status=0
# -timeout: one input taking 10 s is a finding (the checks take milliseconds); -max_len: the
# decoder reads at most 626 bytes (decode.hpp), so longer inputs would only repeat themselves.
"$dir/tests/fuzz/algebra_fuzz" "$dir/corpus" tests/fuzz/corpus \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=640 \
    -artifact_prefix="$dir/artifacts/" -print_final_stats=1 > "$log" 2>&1 || status=$?

# libFuzzer's last status line ("#N DONE cov: ... ft: ... corp: ... exec/s: ..."), then its
# final statistics.
grep -E '^#[0-9]+' "$log" | tail -n 1 || true
grep -E '^stat::' "$log" || true
if [ "$status" -ne 0 ]; then
    echo "fuzz: finding (exit status $status); the end of $log:" >&2
    tail -n 60 "$log" >&2
    ls -1 "$dir/artifacts" >&2 || true
    exit "$status"
fi
echo "fuzz: no finding in ${seconds} s (log: $log)"
