#pragma once
// float_rows' table, defined in the instruction set's inline namespace (ORDO_VECTOR_ISA): the
// translation unit that includes this defines one build (float_rows_baseline.cpp,
// float_rows_avx512.cpp). Its only contents are the loops; the formulas are vector_math.hpp's.

#include "float_rows.hpp"
#include "softmax_avx2.hpp"
#include "vector_math.hpp"

#define ORDO_STRINGIFY_ISA_(name) #name
#define ORDO_STRINGIFY_ISA(name) ORDO_STRINGIFY_ISA_(name)

namespace ordo::runtime::detail {
inline namespace ORDO_VECTOR_ISA {
namespace rows_detail {
template <float (*F)(float)>
void map_row(const float* x, float* y, std::int64_t len) {
#pragma omp simd
    for (std::int64_t j = 0; j < len; ++j) y[j] = F(x[j]);
}
inline float exp_of(float v) { return vector_exp(v); }
// AVX2's softmax where the build is AVX2 (not the AVX-512 build, whose 16 lanes leave the
// generic loop at the memory's pace); softmax_row, which always stores plainly, elsewhere.
#if defined(__AVX2__) && defined(__FMA__) && !defined(__AVX512F__)
inline void softmax(const float* x, float* y, std::int64_t len, bool stream) { softmax_row_avx2(x, y, len, stream); }
#else
inline void softmax(const float* x, float* y, std::int64_t len, bool) { softmax_row(x, y, len); }
#endif
}  // namespace rows_detail

inline constexpr float_rows rows_table{
    ORDO_STRINGIFY_ISA(ORDO_VECTOR_ISA),
    rows_detail::softmax,
    norm_row<true, float>,
    norm_row<false, float>,
    rows_detail::map_row<rows_detail::exp_of>,
    rows_detail::map_row<gelu_tanh>,
    rows_detail::map_row<silu>,
};
}  // inline namespace ORDO_VECTOR_ISA
}  // namespace ordo::runtime::detail
