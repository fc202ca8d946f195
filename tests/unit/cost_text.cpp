// Costs print with their unit, subtract when they are polynomials, and a difference of peaks is
// E033 (by ID and text).
#include <ordo/ordo.hpp>

#include <catch2/catch.hpp>

#include <sstream>

using namespace ordo;

namespace {
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto L = dim<"L">;
constexpr auto product = trace([](auto x, auto w) { return matmul(x, w); }, input<"x", float>(n, d), param<"w", float>(d, d));
// which temporary is larger, exp(x) or exp(y), depends on n and d: a peak of two candidates
constexpr auto two_sizes = trace([](auto x, auto y) { return sum<0>(exp(x)) + sum<0>(exp(y)); }, input<"x", float>(n),
                                 input<"y", float>(d));
}  // namespace

TEST_CASE("a cost prints with its unit, a peak as the maximum of its candidates", "[cost][format]") {
    CHECK(to_string(flops(product)) == "2·d²·n FLOP");
    CHECK(to_string(params(product), notation::ascii) == "d^2 elem");
    std::ostringstream s;
    s << flops(product);
    CHECK(s.str() == "2·d²·n FLOP");
    CHECK(to_string(peak_memory(two_sizes)).rfind("max(", 0) == 0);
    CHECK(to_string(peak_memory(two_sizes)).ends_with(") B"));
}

TEST_CASE("costs subtract and scale; a difference of peaks is E033", "[cost][errors]") {
    static_assert(flops(product) * polynomial(L) - flops(product) == (L - 1) * polynomial(2 * n * d * d));
    static_assert(L * flops(product) == flops(product) * L);
    CHECK_THROWS_WITH(peak_memory(two_sizes) - peak_memory(two_sizes),
                      Catch::Contains("[ordo:E033]") && Catch::Contains("a difference of maxima is not one"));
}
