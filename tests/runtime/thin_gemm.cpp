// The kernels for products of few rows (thin_gemm, and heads_gemm under it for 9 to 16 rows)
// against a double-precision triple loop: every row count from 1 to 16 (the thin kernels'
// template rows and the heads kernels' tiles of 6 and blocks of 8 with their remainders),
// keys (B transposed: dot products along k) and values (B by rows) of widths the heads kernel
// takes (multiples of 16 up to 256) and of widths it leaves to the grouped rows (100, 300),
// depths within one block of B's rows and over several with a remainder, A stored either way,
// C with a row stride of its own, β = 0 (C unset: NaN, never read), 1 and ½.
#include "../../runtime/src/gemm_batch.hpp"
#include "../../runtime/src/kernels/thin_gemm.hpp"
#include "../support/gemm_reference.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>

namespace rt = ordo::runtime::detail;

namespace {

using ordo_test::product;

/// The worst error of thin_gemm's baseline build (wide = false) or its AVX-512 build.
template <typename T>
double worst_error(const product& s, bool trans_a, bool trans_b, T beta, bool wide = false) {
    return ordo_test::worst_error<T, rt::strided_matrix>(s, trans_a, trans_b, beta, [&](auto a, auto b, T beta_, auto c) {
        // prefetching past B (b_then_more) or not changes no sum; both run, half the shapes each
        const bool b_then_more = (s.m + s.n + s.k) % 2 == 0;
        const bool took = wide ? rt::thin_gemm_avx512(s.m, s.n, s.k, a, b, beta_, c, b_then_more, 0)
                               : rt::thin_gemm<T>(s.m, s.n, s.k, a, b, beta_, c, b_then_more);
        if (!took) throw std::logic_error("thin_gemm refused a product it takes");
    });
}

constexpr std::int64_t widths[] = {16, 64, 100, 256, 300};
constexpr std::int64_t depths[] = {1, 7, 64, 300};

}  // namespace

TEST_CASE("thin_gemm and heads_gemm agree with a double triple loop", "[runtime][numerics]") {
    for (std::int64_t m = 1; m <= rt::wide_rows; ++m)
        for (const std::int64_t n : widths)
            for (const std::int64_t k : depths)
                for (const bool ta : {false, true})
                    for (const bool tb : {false, true})
                        for (const double beta : {0.0, 1.0, 0.5}) {
                            CAPTURE(m, n, k, ta, tb, beta);
                            CHECK(worst_error<float>({m, n, k}, ta, tb, static_cast<float>(beta)) < 1e-5);
                            CHECK(worst_error<double>({m, n, k}, ta, tb, beta) < 1e-12);
                        }
}

TEST_CASE("thin_gemm's AVX-512 build agrees with a double triple loop where this CPU runs it", "[runtime][numerics]") {
    if (!rt::thin_gemm_avx512_runs()) {
        WARN("this CPU (or ORDO_ISA, or the build) runs no AVX-512: only the baseline build was checked");
        return;
    }
    // 1 to 16 rows against values: rows_times_rows' strips of up to 4 vectors of 16 floats and
    // their remainders (5, 33, 100, 300 columns), heads_gemm's mixing (64, 256); 9 to 16 against
    // keys (heads_gemm's keys_transposed: blocks of 16 keys, or 8 of double, the keys (5, 33)
    // and elements (1, 7, 300) past the last whole block apart); depths within one block of B's
    // rows and over several
    for (std::int64_t m = 1; m <= rt::wide_rows; ++m)
        for (const std::int64_t n : {5, 16, 33, 64, 100, 256, 300})
            for (const std::int64_t k : {1, 7, 16, 64, 300})
                for (const bool ta : {false, true})
                    for (const bool tb : {false, true})
                        for (const double beta : {0.0, 0.5}) {
                            if (tb && m <= rt::thin_rows) continue;  // the baseline's
                            CAPTURE(m, n, k, ta, tb, beta);
                            CHECK(worst_error<float>({m, n, k}, ta, tb, static_cast<float>(beta), true) < 1e-5);
                            CHECK(worst_error<double>({m, n, k}, ta, tb, beta, true) < 1e-12);
                        }
}

TEST_CASE("thin_gemm's AVX-512 build leaves small products and a few rows' keys to the baseline", "[runtime]") {
    std::vector<float> a(16 * 64, 1.0f), b(64 * 64, 1.0f), c(16 * 64);
    const rt::strided_matrix<const float> rows{a.data(), 64, 1}, keys{b.data(), 1, 64}, values{b.data(), 64, 1};
    const rt::strided_matrix<float> out{c.data(), 64, 1};
    CHECK_FALSE(rt::thin_gemm_avx512(4, 64, 63, rows, values, 0.0f, out, false));  // 16,128 multiply-adds
    CHECK_FALSE(rt::thin_gemm_avx512(8, 64, 64, rows, keys, 0.0f, out, false));    // thin_rows against keys
    CHECK(rt::thin_gemm_avx512(9, 64, 64, rows, keys, 0.0f, out, false) == rt::thin_gemm_avx512_runs());
    CHECK(rt::thin_gemm_avx512(4, 64, 64, rows, values, 0.0f, out, false) == rt::thin_gemm_avx512_runs());
    CHECK(rt::thin_gemm_avx512(16, 64, 64, rows, values, 0.0f, out, false) == rt::thin_gemm_avx512_runs());
}

TEST_CASE("heads_gemm takes 9 to 16 heads against keys, and against values of its widths", "[runtime]") {
    const rt::strided_matrix<const float> keys{nullptr, 1, 64}, values{nullptr, 64, 1};
    CHECK(rt::heads_gemm_takes(16, 4096, keys));   // MQA's scores: any number of keys
    CHECK(rt::heads_gemm_takes(16, 64, values));   // MQA's mixing at head width 64
    CHECK(rt::heads_gemm_takes(16, 256, rt::strided_matrix<const float>{nullptr, 256, 1}));  // MLA's latent
    CHECK_FALSE(rt::heads_gemm_takes(16, 100, rt::strided_matrix<const float>{nullptr, 100, 1}));
    CHECK_FALSE(rt::heads_gemm_takes(16, 4096, rt::strided_matrix<const float>{nullptr, 4096, 1}));
    CHECK_FALSE(rt::heads_gemm_takes(17, 64, values));
}

TEST_CASE("a batch's B's follow each other only when each ends where the next begins", "[runtime]") {
    rt::gemm_shape keys{.trans_b = true, .m = 1, .n = 32, .k = 64, .ldb = 64};  // B [n][k]: 2048 apart
    rt::gemm_shape values{.m = 1, .n = 64, .k = 32, .ldb = 64};                 // B [k][n]: 2048 apart
    const std::vector<rt::gemm_offsets> window{{0, 0, 0}, {64, 2048, 32}, {128, 4096, 64}};
    CHECK(rt::gemm_detail::b_follows_b(keys, window));
    CHECK(rt::gemm_detail::b_follows_b(values, window));
    // a step's cache: the first i = 16 rows of 32 per head, the heads 2048 apart
    keys.n = 16;
    values.k = 16;
    CHECK_FALSE(rt::gemm_detail::b_follows_b(keys, window));
    CHECK_FALSE(rt::gemm_detail::b_follows_b(values, window));
    CHECK_FALSE(rt::gemm_detail::b_follows_b(rt::gemm_shape{.trans_b = true, .m = 1, .n = 32, .k = 64, .ldb = 64},
                                             {{0, 0, 0}, {64, 4096, 32}}));  // a gap between them
    CHECK_FALSE(rt::gemm_detail::b_follows_b(rt::gemm_shape{.trans_b = true, .m = 1, .n = 32, .k = 64, .ldb = 64},
                                             {{0, 0, 0}}));  // nothing follows one gemm
}
