// Only monomials divide: n / (n + d) is not a Laurent polynomial.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E006_division_by_a_polynomial_that_is_not_a_monomial
// ordo-errors: 1
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
constexpr auto d = ordo::dim<"d">;
constexpr auto q = n / (n + d);
