// The panel kernel for shallow and narrow products (attention scores and mixing) against a
// double-precision triple loop: shapes that leave remainders in the tile's rows and columns,
// depths of one panel and of several, widths of several panels, every operand transposed or
// not, C with a row stride of its own, β = 0 (C unset: NaN, never read), 1 and ½, and C both
// stored and streamed (non-temporal stores).
#include "../../runtime/src/kernels/panel_gemm.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace rt = ordo::runtime::detail;

namespace {

struct product {
    std::int64_t m, n, k;
};

/// max |C − (β·C₀ + A·B)| / max(1, max |A·B|), A and B read through their strides.
template <typename T>
double worst_error(const product& s, bool trans_a, bool trans_b, T beta, std::int64_t stream_above) {
    std::mt19937 random(11);
    std::uniform_real_distribution<double> uniform(-1, 1);
    const std::int64_t ldc = (s.n + 10) / 8 * 8;  // padding of 3 or more, rows 32-byte aligned
    std::vector<T> a(static_cast<std::size_t>(s.m * s.k)), b(static_cast<std::size_t>(s.k * s.n)),
        c(static_cast<std::size_t>(s.m * ldc + 32));
    for (T& x : a) x = static_cast<T>(uniform(random));
    for (T& x : b) x = static_cast<T>(uniform(random));
    for (T& x : c) x = beta == T(0) ? std::numeric_limits<T>::quiet_NaN() : static_cast<T>(uniform(random));
    const std::vector<T> before = c;
    const rt::strided_matrix<const T> ma = trans_a ? rt::strided_matrix<const T>{a.data(), 1, s.m}
                                                   : rt::strided_matrix<const T>{a.data(), s.k, 1};
    const rt::strided_matrix<const T> mb = trans_b ? rt::strided_matrix<const T>{b.data(), 1, s.k}
                                                   : rt::strided_matrix<const T>{b.data(), s.n, 1};
    // C starts 32 bytes into its buffer, so that rows of tiles can be streamed
    const auto offset = static_cast<std::int64_t>((32 - reinterpret_cast<std::uintptr_t>(c.data()) % 32) % 32 / sizeof(T));
    rt::panel_gemm<T>(s.m, s.n, s.k, ma, mb, beta, rt::strided_matrix<T>{c.data() + offset, ldc, 1}, stream_above);
    double worst = 0, scale = 1;
    for (std::int64_t i = 0; i < s.m; ++i)
        for (std::int64_t j = 0; j < s.n; ++j) {
            double sum = 0;
            for (std::int64_t p = 0; p < s.k; ++p) sum += static_cast<double>(ma(i, p)) * static_cast<double>(mb(p, j));
            scale = std::max(scale, std::abs(sum));
            const auto at = static_cast<std::size_t>(offset + i * ldc + j);
            const double expected = (beta == T(0) ? 0.0 : static_cast<double>(beta) * static_cast<double>(before[at])) + sum;
            worst = std::max(worst, std::abs(static_cast<double>(c[at]) - expected));  // NaN fails below
            if (std::isnan(static_cast<double>(c[at]))) return std::numeric_limits<double>::infinity();
        }
    // the padding between rows is left as it was
    for (std::int64_t i = 0; i < s.m; ++i)
        for (std::int64_t j = s.n; j < ldc; ++j) {
            const auto at = static_cast<std::size_t>(offset + i * ldc + j);
            if (!(c[at] == before[at] || (std::isnan(static_cast<double>(c[at])) && std::isnan(static_cast<double>(before[at])))))
                return std::numeric_limits<double>::infinity();
        }
    return worst / scale;
}

constexpr product shapes[] = {{12, 16, 1}, {13, 17, 5}, {64, 64, 64}, {37, 100, 300}, {50, 1000, 64}, {7, 33, 600}};

}  // namespace

TEST_CASE("panel_gemm agrees with a double triple loop", "[runtime][numerics]") {
    for (const product& s : shapes)
        for (const bool ta : {false, true})
            for (const bool tb : {false, true})
                for (const double beta : {0.0, 1.0, 0.5})
                    for (const std::int64_t stream_above : {std::int64_t{0}, std::int64_t{1} << 40}) {
                        CAPTURE(s.m, s.n, s.k, ta, tb, beta, stream_above);
                        CHECK(worst_error<float>(s, ta, tb, static_cast<float>(beta), stream_above) < 1e-5);
                        CHECK(worst_error<double>(s, ta, tb, beta, stream_above) < 1e-12);
                    }
}

TEST_CASE("panel_gemm serves shallow and narrow products, BLAS the rest", "[runtime]") {
    CHECK(rt::panel_gemm_shape(1024, 1024, 64));   // attention scores at head width 64
    CHECK(rt::panel_gemm_shape(1024, 64, 1024));   // mixing: 64 columns over 1,024 positions
    CHECK_FALSE(rt::panel_gemm_shape(1024, 1024, 1024));
    CHECK_FALSE(rt::panel_gemm_shape(8, 1024, 64));  // few rows: the thin kernels
    // where the CPU has AVX-512, BLAS's wider vectors keep every product
    CHECK(rt::panel_gemm_suits(1024, 1024, 64) == !rt::cpu_has_wider_vectors());
}
