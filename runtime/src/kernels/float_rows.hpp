#pragma once
// The fast path's float loops over one contiguous row (softmax, the norms, exp, gelu, silu),
// compiled once per instruction set and chosen once by the CPU they run on. These are the
// loops that arithmetic, not memory, limits: an exp costs some 16 vector instructions, so on
// AVX2's 8 lanes gelu and softmax run below the memory's bandwidth. Where the CPU has AVX-512
// (16 lanes; full width on Zen 5 and Xeons) the table's AVX-512 build runs; elsewhere the
// baseline, built with the runtime's own flags. Valgrind, which simulates the runtime's traffic,
// decodes no AVX-512 and hides it from CPUID, so under it the baseline runs.

#include <cstdint>

namespace ordo::runtime::detail {

/// One instruction set's build of the row loops (vector_math.hpp's, instantiated for float).
struct float_rows {
    const char* instruction_set;
    /// `stream`: y is past the cache and written with non-temporal stores where the build can
    /// (the caller fences them before another thread reads y: thread_pool's tasks do).
    void (*softmax)(const float* x, float* y, std::int64_t len, bool stream);
    /// rms_norm when not centred: `bias` is then not read.
    void (*layer_norm)(const float* x, float* y, const float* gain, const float* bias, std::int64_t len, float epsilon);
    void (*rms_norm)(const float* x, float* y, const float* gain, const float* bias, std::int64_t len, float epsilon);
    void (*exp)(const float* x, float* y, std::int64_t len);
    void (*gelu)(const float* x, float* y, std::int64_t len);
    void (*silu)(const float* x, float* y, std::int64_t len);
};

/// The build this CPU runs: AVX-512 (F, VL, BW, DQ) where it has them and the runtime was
/// built with them (ORDO_RUNTIME_AVX512), the baseline otherwise; chosen on first use.
/// ORDO_ISA=baseline in the environment chooses the baseline (to compare the two).
const float_rows& float_rows_for_this_cpu();
/// The baseline build, and the AVX-512 build where this CPU can run it (else null): for tests
/// that check each against a reference.
const float_rows& baseline_float_rows();
const float_rows* avx512_float_rows();

}  // namespace ordo::runtime::detail
