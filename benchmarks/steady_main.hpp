#pragma once
// The benchmarks' main: Google Benchmark in the steady state. glibc returns large freed blocks
// to the kernel, so every run would page-fault its tensors in again (as costly as a
// memory-bound op); these settings keep freed memory in the heap, for every contender alike.

#include <benchmark/benchmark.h>

#include <malloc.h>

#include <limits>

inline int steady_state_main(int argc, char** argv) {
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, std::numeric_limits<int>::max());  // never give the heap's top back
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
