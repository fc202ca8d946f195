// Faulhaber sums need non-negative powers of the index.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E014_sum_needs_a_polynomial_in_the_index
// ordo-errors: 1
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
constexpr auto i = ordo::dim<"i">;
constexpr auto s = ordo::sum(i, 1, n, n / i);
