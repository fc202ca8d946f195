// thin_gemm's AVX-512 build: where the compiler has AVX-512 (ORDO_HAS_AVX512_ROWS), this file
// alone is compiled with -mavx512f -mavx512vl -mavx512bw -mavx512dq (CMakeLists.txt), and runs
// only where float_rows chose its AVX-512 build; elsewhere it takes no product.
#ifdef ORDO_HAS_AVX512_ROWS
#define ORDO_VECTOR_ISA avx512  // before any kernel header: each is included once, in this build
#define ORDO_VECTOR_BYTES 64
#include "kernels/float_rows.hpp"
#include "kernels/thin_gemm.hpp"
#endif
#include "kernels/thin_gemm_avx512.hpp"

namespace ordo::runtime::detail {

bool thin_gemm_avx512_runs() {
#ifdef ORDO_HAS_AVX512_ROWS
    static const bool runs = &float_rows_for_this_cpu() == avx512_float_rows();
    return runs;
#else
    return false;
#endif
}

namespace {
template <typename T>
bool wide(std::int64_t m, std::int64_t n, std::int64_t k, const strided_matrix<const T>& a, const strided_matrix<const T>& b,
          T beta, const strided_matrix<T>& c, bool b_then_more, std::int64_t least_work) {
#ifdef ORDO_HAS_AVX512_ROWS
    // against keys: the heads' (keys_transposed); up to thin_rows rows, the baseline's
    if (m * n * k < least_work || !thin_gemm_avx512_runs() || (b.col != 1 && m <= avx512::thin_rows)) return false;
    return avx512::thin_gemm<T>(m, n, k, a, b, beta, c, b_then_more);
#else
    static_cast<void>(m), static_cast<void>(n), static_cast<void>(k), static_cast<void>(a), static_cast<void>(b);
    static_cast<void>(beta), static_cast<void>(c), static_cast<void>(b_then_more), static_cast<void>(least_work);
    return false;
#endif
}
}  // namespace

bool thin_gemm_avx512(std::int64_t m, std::int64_t n, std::int64_t k, const strided_matrix<const float>& a,
                      const strided_matrix<const float>& b, float beta, const strided_matrix<float>& c, bool b_then_more,
                      std::int64_t least_work) {
    return wide<float>(m, n, k, a, b, beta, c, b_then_more, least_work);
}
bool thin_gemm_avx512(std::int64_t m, std::int64_t n, std::int64_t k, const strided_matrix<const double>& a,
                      const strided_matrix<const double>& b, double beta, const strided_matrix<double>& c, bool b_then_more,
                      std::int64_t least_work) {
    return wide<double>(m, n, k, a, b, beta, c, b_then_more, least_work);
}

}  // namespace ordo::runtime::detail
