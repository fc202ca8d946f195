// A constant eval that leaves a dimension unbound must name the problem.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E007_eval_of_an_unbound_dimension
#include <ordo/symbolic.hpp>
constexpr auto d = ordo::dim<"d">;
constexpr auto h = ordo::dim<"h">;
static_assert(ordo::eval(d / h, ordo::bind(d = 128)) == 32);
