// n << n cannot hold: rejected rather than answering anything.
// ordo-expect: E012_contradictory_assumptions
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
static_assert(ordo::is_big_o(n, n * n, ordo::assume(n << n)));
