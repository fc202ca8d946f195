// Sizes are positive integers.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E010_dimension_size_must_be_at_least_1
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
static_assert(ordo::eval(n, ordo::bind(n = 0)) == 0);
