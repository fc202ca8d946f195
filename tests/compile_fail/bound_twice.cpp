// One size per dimension.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E016_dimension_bound_twice
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
static_assert(ordo::eval(n, ordo::bind(n = 2, n = 3)) == 2);
