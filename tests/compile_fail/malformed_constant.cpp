// ordo::constant takes one dimension, not a product.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E011_malformed_assumption
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
constexpr auto h = ordo::dim<"h">;
static_assert(ordo::theta(n * h, ordo::assume(ordo::constant(2 * h))) == n);
