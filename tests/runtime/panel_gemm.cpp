// The panel kernel for shallow and narrow products (attention scores and mixing) against a
// double-precision triple loop: shapes that leave remainders in the tile's rows and columns,
// depths of one panel and of several, widths of several panels, every operand transposed or
// not, C with a row stride of its own, β = 0 (C unset: NaN, never read), 1 and ½, and C both
// stored and streamed (non-temporal stores).
#include "../../runtime/src/kernels/panel_gemm.hpp"
#include "../support/gemm_reference.hpp"

#include <catch2/catch.hpp>

#include <cstdint>

namespace rt = ordo::runtime::detail;

namespace {

using ordo_test::product;

/// panel_gemm's error against the triple loop (support/gemm_reference.hpp).
template <typename T>
double worst_error(const product& s, bool trans_a, bool trans_b, T beta, std::int64_t stream_above) {
    return ordo_test::worst_error<T, rt::strided_matrix>(s, trans_a, trans_b, beta, [&](auto a, auto b, T beta_, auto c) {
        rt::panel_gemm<T>(s.m, s.n, s.k, a, b, beta_, c, stream_above);
    });
}

// {400, 40, 16} and {200, 300, 100}: one panel deep, more of A's rows than one block holds
// (384 and 60 rows for float), the last block short
constexpr product shapes[] = {{12, 16, 1},    {13, 17, 5},    {64, 64, 64},    {37, 100, 300},
                              {50, 1000, 64}, {7, 33, 600},   {400, 40, 16},   {200, 300, 100}};

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
