// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E005_division_by_zero
// ordo-errors: 1
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
constexpr auto q = n / 0;
