// d/h at d = 130, h = 4 is not an integer: the extent does not divide.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E008_eval_result_is_not_an_integer
#include <ordo/symbolic.hpp>
constexpr auto d = ordo::dim<"d">;
constexpr auto h = ordo::dim<"h">;
static_assert(ordo::eval(d / h, ordo::bind(d = 130, h = 4)) == 32);
