// Bytes moved by x @ w are Θ(n·d + d²): neither term dominates without an assumption, so the
// ratio FLOPs/bytes is not a Laurent polynomial.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E023_ratio_needs_a_denominator_whose_theta_is_one_monomial
// ordo-errors: 1
#include <ordo/graph.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto g = trace([](auto x, auto w) { return matmul(x, w); }, input<"x", float>(n, d), param<"w", float>(d, d));
constexpr auto intensity = ratio(flops(g), bytes_moved(g));
