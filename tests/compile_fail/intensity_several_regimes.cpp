// The intensity of x @ w is min(d, n)-like: Θ(FLOPs)/n·d or Θ(FLOPs)/d², two regimes, so
// asking for the one Laurent polynomial without an assumption that picks one is E023.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E023_ratio_needs_a_denominator_whose_theta_is_one_monomial
// ordo-errors: 1
#include <ordo/graph.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto g = trace([](auto x, auto w) { return matmul(x, w); }, input<"x", float>(n, d), param<"w", float>(d, d));
constexpr auto one = theta(arithmetic_intensity(g, 2)).only();
