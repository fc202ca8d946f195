#!/usr/bin/env python3
"""MHA at b=4, n=1024, d=1024, h=16 in PyTorch on the CPU: the contender ordo's runtime is
measured against (benchmarks/compare_mha.sh runs both, interleaved). The same algorithm as
ordo's models::mha and the hand-written BLAS attention: Q, K, V = X·W, per head S = Q·Kᵀ, a
stable softmax, P·V, then the output projection; float32, no scaling, no mask.

    /usr/bin/python3 benchmarks/mha_pytorch.py [--rounds 1] [--threads 2]

Prints one line per round: "pytorch_mha <milliseconds>" (the best of 3 calls, as a benchmark's
steady state). Needs Debian's python3-torch; never run in CI.
"""
import argparse
import os
import time

import torch


def mha(x, wq, wk, wv, wo, heads):
    b, n, d = x.shape
    k = d // heads
    q = (x @ wq).view(b, n, heads, k).transpose(1, 2)
    key = (x @ wk).view(b, n, heads, k).transpose(1, 2)
    v = (x @ wv).view(b, n, heads, k).transpose(1, 2)
    weights = torch.softmax(q @ key.transpose(-1, -2), dim=-1)
    return (weights @ v).transpose(1, 2).reshape(b, n, d) @ wo


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    b, n, d, h = 4, 1024, 1024, 16
    gen = torch.Generator().manual_seed(1)
    x = torch.rand(b, n, d, generator=gen) - 0.5
    wq, wk, wv, wo = (torch.rand(d, d, generator=gen) * 0.02 for _ in range(4))
    with torch.inference_mode():
        mha(x, wq, wk, wv, wo, h)  # warm-up
        for _ in range(args.rounds):
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                mha(x, wq, wk, wv, wo, h)
                best = min(best, time.perf_counter() - start)
            print(f"pytorch_mha {best * 1e3:.1f}", flush=True)


if __name__ == "__main__":
    main()
