#!/usr/bin/env bash
# MHA at b=4, n=1024, d=1024, h=16 on this machine: ordo's runtime (fast path), the hand-written
# BLAS attention and PyTorch's CPU attention, in 5 interleaved rounds; prints each round and the
# medians with the ratios ordo / hand-written and ordo / PyTorch. Not part of CI (it needs
# Debian's python3-torch and minutes of quiet machine):
#
#     cmake --build build/gcc --target attention_benchmark
#     bash benchmarks/compare_mha.sh [build/gcc/benchmarks/attention_benchmark] [rounds]
#
# Heap settings are the same for all: the benchmark's mallopt keeps freed memory in the heap,
# and GLIBC_TUNABLES does the same for PyTorch (else every run page-faults its tensors in).
# Each contender's round is its best steady state: PyTorch's the best of 3 calls after a
# warm-up, the benchmarks' the best of 3 repetitions (each the mean of a 2 s loop): until the
# heap has grown to hold a run's tensors wherever they fall, a run page-faults 512 MiB of
# them in afresh (measured: 131,072 faults in 2 of the first 4 runs, none after).
set -euo pipefail
bench=${1:-build/gcc/benchmarks/attention_benchmark}
rounds=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3  # Debian's, which has python3-torch
out=$(mktemp -d)
for r in $(seq "$rounds"); do
    "$bench" --benchmark_filter='ordo_runtime|hand_written_blas' --benchmark_repetitions=3 \
        --benchmark_format=json >"$out/ordo.$r.json"
    GLIBC_TUNABLES=glibc.malloc.mmap_threshold=1073741824:glibc.malloc.trim_threshold=2147483647 \
        "$python" "$here/mha_pytorch.py" --rounds 1 >"$out/torch.$r.txt"
done
"$python" - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
times = {"ordo_runtime": [], "hand_written_blas": [], "pytorch_mha": []}
for r in range(1, rounds + 1):
    best = {}
    for b in json.load(open(f"{out}/ordo.{r}.json"))["benchmarks"]:
        if b.get("run_type") == "iteration":
            name = b["name"].split("/")[0]
            best[name] = min(best.get(name, float("inf")), b["real_time"])
    for name, ms in best.items():
        times[name].append(ms)
    name, ms = open(f"{out}/torch.{r}.txt").read().split()
    times[name].append(float(ms))
    print(f"round {r}: " + ", ".join(f"{k} {v[-1]:.1f} ms" for k, v in times.items()))
med = {k: statistics.median(v) for k, v in times.items()}
print("median: " + ", ".join(f"{k} {v:.1f} ms" for k, v in med.items()))
print(f"ordo / hand-written = {med['ordo_runtime'] / med['hand_written_blas']:.3f}")
print(f"ordo / PyTorch      = {med['ordo_runtime'] / med['pytorch_mha']:.3f}")
PY
