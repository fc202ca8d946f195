// Numerics of routed contractions against per-token loops over the chosen experts:
// expert_matmul (shared and per-expert inputs, BLAS and generic paths) and a small MoE block
// (router matmul → softmax → top_k → SwiGLU experts → weighted combine).
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include <catch2/catch.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xrandom.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

using namespace ordo;
namespace rt = ordo::runtime;

using namespace ordo::models::symbols;  // b, n, d, f

namespace {

double max_error(const xt::xarray<double>& x, const xt::xarray<double>& y) {
    REQUIRE(x.shape() == y.shape());
    return static_cast<double>(xt::amax(xt::abs(x - y))());
}
}  // namespace

TEST_CASE("expert_matmul multiplies each token by its chosen experts only", "[runtime][numerics][experts]") {
    const graph routed = trace(
        [](auto x, auto w1, auto w2, auto chosen) {
            const auto up = expert_matmul(x, w1, chosen);  // shared input: [b, n, e, f]
            return expert_matmul(up, w2, chosen);          // one input per expert: [b, n, e, d]
        },
        input<"x", double>(b, n, d), param<"w1", double>(E, d, f), param<"w2", double>(E, f, d),
        input<"chosen", std::int32_t>(b, n, e));
    const std::size_t B = 2, N = 3, D = 4, F = 5, X = 4, K = 2;
    const xt::xarray<double> x = xt::random::randn<double>({B, N, D}), w1 = xt::random::randn<double>({X, D, F}),
                             w2 = xt::random::randn<double>({X, F, D});
    const xt::xarray<std::int32_t> chosen = {{{3, 0}, {1, 1}, {2, 3}}, {{0, 2}, {3, 1}, {1, 0}}};
    xt::xarray<double> expected = xt::zeros<double>({B, N, K, D});
    for (std::size_t i = 0; i < B; ++i)
        for (std::size_t p = 0; p < N; ++p)
            for (std::size_t s = 0; s < K; ++s) {
                const auto ex = static_cast<std::size_t>(chosen(i, p, s));
                std::vector<double> up(F, 0.0);
                for (std::size_t q = 0; q < F; ++q)
                    for (std::size_t c = 0; c < D; ++c) up[q] += x(i, p, c) * w1(ex, c, q);
                for (std::size_t c = 0; c < D; ++c)
                    for (std::size_t q = 0; q < F; ++q) expected(i, p, s, c) += up[q] * w2(ex, q, c);
            }
    const auto at = bind(b = 2, n = 3, d = 4, f = 5, E = 4, e = 2);
    const rt::named_arrays inputs{{"x", x}, {"w1", w1}, {"w2", w2}, {"chosen", chosen}};
    CHECK(max_error(rt::execute<double>(routed, at, inputs), expected) < 1e-12);              // BLAS
    CHECK(max_error(rt::execute<double>(routed, at, inputs, {1, false}), expected) < 1e-12);  // generic
    // drawn expert ids are below E (not below d or f): no E306
    CHECK_NOTHROW(rt::execute<double>(routed, bind(b = 2, n = 8, d = 16, f = 16, E = 2, e = 2)));
}

TEST_CASE("a MoE block equals a per-token loop over its chosen experts", "[runtime][numerics][experts]") {
    const graph moe = trace(
        [](auto x, auto router, auto w1, auto w3, auto w2) {
            const auto r = top_k<-1>(softmax(matmul(x, router)), e);                                  // [b, n, e]
            const auto hidden = silu(expert_matmul(x, w1, r.indices)) * expert_matmul(x, w3, r.indices);  // SwiGLU
            return einsum<"bned,bne->bnd">(expert_matmul(hidden, w2, r.indices), r.values);
        },
        input<"x", double>(b, n, d), param<"router", double>(d, E), param<"w1", double>(E, d, f),
        param<"w3", double>(E, d, f), param<"w2", double>(E, f, d));
    const std::size_t B = 2, N = 5, D = 6, F = 4, X = 5, K = 2;
    const xt::xarray<double> x = xt::random::randn<double>({B, N, D}), router = xt::random::randn<double>({D, X}),
                             w1 = xt::random::randn<double>({X, D, F}), w3 = xt::random::randn<double>({X, D, F}),
                             w2 = xt::random::randn<double>({X, F, D});
    xt::xarray<double> expected = xt::zeros<double>({B, N, D});
    for (std::size_t i = 0; i < B; ++i)
        for (std::size_t p = 0; p < N; ++p) {
            std::vector<double> probs(X, 0.0);
            for (std::size_t q = 0; q < X; ++q)
                for (std::size_t c = 0; c < D; ++c) probs[q] += x(i, p, c) * router(c, q);
            const double top = *std::max_element(probs.begin(), probs.end());
            double total = 0;
            for (double& v : probs) total += (v = std::exp(v - top));
            for (double& v : probs) v /= total;
            std::vector<std::size_t> order(X);
            std::iota(order.begin(), order.end(), 0);
            std::stable_sort(order.begin(), order.end(), [&](std::size_t u, std::size_t v) { return probs[u] > probs[v]; });
            for (std::size_t s = 0; s < K; ++s) {
                const std::size_t ex = order[s];
                std::vector<double> hidden(F);
                for (std::size_t q = 0; q < F; ++q) {
                    double a = 0, g3 = 0;
                    for (std::size_t c = 0; c < D; ++c) a += x(i, p, c) * w1(ex, c, q), g3 += x(i, p, c) * w3(ex, c, q);
                    hidden[q] = a / (1 + std::exp(-a)) * g3;
                }
                for (std::size_t c = 0; c < D; ++c) {
                    double y = 0;
                    for (std::size_t q = 0; q < F; ++q) y += hidden[q] * w2(ex, q, c);
                    expected(i, p, c) += probs[ex] * y;
                }
            }
        }
    const auto at = bind(b = 2, n = 5, d = 6, f = 4, E = 5, e = 2);
    const rt::named_arrays inputs{{"x", x}, {"router", router}, {"w1", w1}, {"w3", w3}, {"w2", w2}};
    CHECK(max_error(rt::execute<double>(moe, at, inputs), expected) < 1e-12);
    CHECK(max_error(rt::execute<double>(moe, at, inputs, {1, false}), expected) < 1e-12);
}
