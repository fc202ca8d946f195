// n << n cannot hold: rejected rather than answering anything.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E012_contradictory_assumptions
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
static_assert(ordo::is_big_o(n, n * n, ordo::assume(n << n)));
