#pragma once
// The fast path's own gemm kernels (panel_gemm, thin_gemm and heads_gemm) against a
// double-precision triple loop: C[m, n] = β·C₀ + A[m, k]·B[k, n], A and B stored either way,
// C with a row stride of its own (padding of 3 or more, rows 32-byte aligned), β = 0 with C
// unset (NaN, which fails if read), and the padding between C's rows left as it was.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace ordo_test {

struct product {
    std::int64_t m, n, k;
};

/// max |C − (β·C₀ + A·B)| / max(1, max |A·B|) after kernel(a, b, beta, c) (strided_matrix
/// arguments, Matrix<T> of the kernel's namespace); infinity where C holds a NaN or the padding
/// changed.
template <typename T, template <typename> class Matrix, typename Kernel>
double worst_error(const product& s, bool trans_a, bool trans_b, T beta, Kernel&& kernel) {
    std::mt19937 random(11);
    std::uniform_real_distribution<double> uniform(-1, 1);
    const std::int64_t ldc = (s.n + 10) / 8 * 8;
    std::vector<T> a(static_cast<std::size_t>(s.m * s.k)), b(static_cast<std::size_t>(s.k * s.n)),
        c(static_cast<std::size_t>(s.m * ldc + 32));
    for (T& x : a) x = static_cast<T>(uniform(random));
    for (T& x : b) x = static_cast<T>(uniform(random));
    for (T& x : c) x = beta == T(0) ? std::numeric_limits<T>::quiet_NaN() : static_cast<T>(uniform(random));
    const std::vector<T> before = c;
    const Matrix<const T> ma = trans_a ? Matrix<const T>{a.data(), 1, s.m} : Matrix<const T>{a.data(), s.k, 1};
    const Matrix<const T> mb = trans_b ? Matrix<const T>{b.data(), 1, s.k} : Matrix<const T>{b.data(), s.n, 1};
    // C starts 32 bytes into its buffer, so that rows of tiles can be streamed
    const auto offset = static_cast<std::int64_t>((32 - reinterpret_cast<std::uintptr_t>(c.data()) % 32) % 32 / sizeof(T));
    kernel(ma, mb, beta, Matrix<T>{c.data() + offset, ldc, 1});
    double worst = 0, scale = 1;
    for (std::int64_t i = 0; i < s.m; ++i)
        for (std::int64_t j = 0; j < s.n; ++j) {
            double sum = 0;
            for (std::int64_t p = 0; p < s.k; ++p) sum += static_cast<double>(ma(i, p)) * static_cast<double>(mb(p, j));
            scale = std::max(scale, std::abs(sum));
            const auto at = static_cast<std::size_t>(offset + i * ldc + j);
            const double expected = (beta == T(0) ? 0.0 : static_cast<double>(beta) * static_cast<double>(before[at])) + sum;
            if (std::isnan(static_cast<double>(c[at]))) return std::numeric_limits<double>::infinity();
            worst = std::max(worst, std::abs(static_cast<double>(c[at]) - expected));
        }
    for (std::int64_t i = 0; i < s.m; ++i)
        for (std::int64_t j = s.n; j < ldc; ++j) {
            const auto at = static_cast<std::size_t>(offset + i * ldc + j);
            if (!(c[at] == before[at] || (std::isnan(static_cast<double>(c[at])) && std::isnan(static_cast<double>(before[at])))))
                return std::numeric_limits<double>::infinity();
        }
    return worst / scale;
}

}  // namespace ordo_test
