#pragma once
// thin_gemm's AVX-512 build (thin_gemm_avx512.cpp), which gemm_batch.hpp tries first. On a
// CPU whose vectors are 64 bytes wide at full speed (Zen 5, Xeons), 16 floats to a vector
// halve the instructions per byte of B: MQA's 16 query heads mixing their cached values (bound
// by arithmetic) ran at 21-28 GB/s where the baseline's ran at 15-18, one head's at 57-87
// where the baseline's ran at 46-56 (kernel_benchmark mqa_mix, mha_decode_mix, 2 cores of a
// Zen 5, 4 rounds interleaved, 2026-12-08). Against keys it is left out: a dot product of a
// head's width (64) is 4 multiply-adds at 16 lanes, and its sum across the lanes as many again
// (26 GB/s in L2 on one core, the baseline's 29); transposing blocks of 16 keys instead read
// 57-60 GB/s in L2 but 38-41 from memory, where the baseline's read 43-46.

#include "simd_block.hpp"

#include <cstdint>

namespace ordo::runtime::detail {

/// Products of fewer multiply-adds stay with the baseline: the sliding window's 65,536 products
/// of 2,048 (a query's weights against its 32 values of 64 floats) ran at 29-37 GB/s through
/// the AVX-512 build against 34-52 through the baseline's, 6 rounds interleaved (Zen 5,
/// 2026-12-08), although called directly, outside the runtime, the two read them equally fast.
inline constexpr std::int64_t avx512_least_work = 16384;

/// thin_gemm in the AVX-512 build where this CPU runs float_rows' AVX-512 build (never under
/// ORDO_ISA=baseline, nor under valgrind, which hides AVX-512) and the product suits it: up to
/// wide_rows rows of C against values (B with unit stride along n), of `least_work`
/// multiply-adds or more. False otherwise, and where the runtime was built without AVX-512: the
/// caller then runs the baseline's.
bool thin_gemm_avx512(std::int64_t m, std::int64_t n, std::int64_t k, const strided_matrix<const float>& a,
                      const strided_matrix<const float>& b, float beta, const strided_matrix<float>& c, bool b_then_more,
                      std::int64_t least_work = avx512_least_work);
bool thin_gemm_avx512(std::int64_t m, std::int64_t n, std::int64_t k, const strided_matrix<const double>& a,
                      const strided_matrix<const double>& b, double beta, const strided_matrix<double>& c, bool b_then_more,
                      std::int64_t least_work = avx512_least_work);

/// Whether thin_gemm_avx512 runs here (this CPU, this build, ORDO_ISA): for tests and benchmarks.
bool thin_gemm_avx512_runs();

}  // namespace ordo::runtime::detail
