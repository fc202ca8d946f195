// Numerics of sin, cos, negate and rotary embeddings: the elementwise kernels against the
// standard library, and rotary's defining properties with real numbers — it rotates each
// (position, pair) without changing its norm, and q_m·k_n depends only on m − n.
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include <catch2/catch.hpp>
#include <xtensor/xrandom.hpp>

#include <cmath>
#include <cstdint>
#include <tuple>

using namespace ordo;
namespace rt = ordo::runtime;

using namespace ordo::models::symbols;  // n, d

TEST_CASE("sin, cos and negate agree with the standard library", "[runtime][numerics][rotary]") {
    const graph g = trace([](auto x) { return std::tuple{sin(x), cos(x), -x}; }, input<"x", double>(n));
    const xt::xarray<double> x = xt::linspace<double>(-7, 7, 29);
    const auto y = rt::execute_all<double>(g, bind(n = 29), {{"x", x}});
    REQUIRE(y.size() == 3);
    for (std::size_t j = 0; j < 29; ++j) {
        CHECK(y[0](j) == std::sin(x(j)));
        CHECK(y[1](j) == std::cos(x(j)));
        CHECK(y[2](j) == -x(j));
    }
}

namespace {
/// q and k rotated at `positions` (rows: positions; the same q and k vector at every row).
const graph rotated = trace(
    [](auto q, auto k, auto positions, auto frequencies) {
        const auto tables = rotary_tables(positions, frequencies);  // cos, sin: [n, d]
        return std::tuple{rotary<-1>(q, tables.cos, tables.sin), rotary<-1>(k, tables.cos, tables.sin)};
    },
    input<"q", double>(n, d), input<"k", double>(n, d), input<"positions", double>(n), input<"frequencies", double>(d));

constexpr std::size_t positions = 7, width = 8, half_width = width / 2;

rt::named_arrays rotary_inputs(double first_position) {
    xt::xarray<double> frequencies = xt::zeros<double>({width});
    for (std::size_t j = 0; j < half_width; ++j)  // θ^(−2j/d), repeated for both halves
        frequencies(j) = frequencies(j + half_width) = std::pow(10000.0, -2.0 * static_cast<double>(j) / width);
    xt::xarray<double> at_positions = xt::zeros<double>({positions});
    for (std::size_t p = 0; p < positions; ++p) at_positions(p) = first_position + static_cast<double>(p);
    const xt::xarray<double> q_row = xt::random::randn<double>({width});
    const xt::xarray<double> k_row = xt::random::randn<double>({width});
    xt::xarray<double> q = xt::zeros<double>({positions, width}), k = xt::zeros<double>({positions, width});
    for (std::size_t p = 0; p < positions; ++p)
        for (std::size_t j = 0; j < width; ++j) q(p, j) = q_row(j), k(p, j) = k_row(j);
    return {{"q", q}, {"k", k}, {"positions", at_positions}, {"frequencies", frequencies}};
}

double dot(const xt::xarray<double>& a, std::size_t m, const xt::xarray<double>& b, std::size_t p) {
    double s = 0;
    for (std::size_t j = 0; j < width; ++j) s += a(m, j) * b(p, j);
    return s;
}
}  // namespace

TEST_CASE("rotary: the rotate-half_width formula, each (position, pair) keeps its norm", "[runtime][numerics][rotary]") {
    xt::random::seed(11);
    const rt::named_arrays inputs = rotary_inputs(0.0);
    const auto& q = std::get<xt::xarray<double>>(inputs.at("q"));
    const auto& f = std::get<xt::xarray<double>>(inputs.at("frequencies"));
    const auto out = rt::execute_all<double>(rotated, bind(n = positions, d = width), inputs);
    for (std::size_t p = 0; p < positions; ++p)
        for (std::size_t j = 0; j < half_width; ++j) {
            const double angle = static_cast<double>(p) * f(j);
            const double x1 = q(p, j), x2 = q(p, j + half_width), r1 = out[0](p, j), r2 = out[0](p, j + half_width);
            CHECK(r1 == Approx(x1 * std::cos(angle) - x2 * std::sin(angle)).margin(1e-12));
            CHECK(r2 == Approx(x2 * std::cos(angle) + x1 * std::sin(angle)).margin(1e-12));
            CHECK(std::hypot(r1, r2) == Approx(std::hypot(x1, x2)).epsilon(1e-12));
        }
}

TEST_CASE("rotary: q_m·k_n depends only on m − n", "[runtime][numerics][rotary]") {
    xt::random::seed(12);
    const rt::named_arrays from_zero = rotary_inputs(0.0);
    xt::random::seed(12);  // the same q and k vectors, positions shifted by 5
    const rt::named_arrays shifted = rotary_inputs(5.0);
    const auto at = bind(n = positions, d = width);
    const auto a = rt::execute_all<double>(rotated, at, from_zero), s = rt::execute_all<double>(rotated, at, shifted);
    for (std::size_t m = 0; m < positions; ++m)
        for (std::size_t p = 0; p < positions; ++p) {
            INFO("m = " << m << ", n = " << p);
            CHECK(dot(s[0], m, s[1], p) == Approx(dot(a[0], m, a[1], p)).margin(1e-12));  // a shift of both
            if (m + 1 < positions && p + 1 < positions)
                CHECK(dot(a[0], m + 1, a[1], p + 1) == Approx(dot(a[0], m, a[1], p)).margin(1e-12));
        }
    // the product does depend on m − n (the checks above can fail)
    CHECK(std::abs(dot(a[0], 0, a[1], 1) - dot(a[0], 0, a[1], 3)) > 1e-3);
}
