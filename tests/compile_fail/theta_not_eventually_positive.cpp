// n - d may vanish or turn negative: its Θ-class is not decided, not guessed.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E013_theta_undetermined
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
constexpr auto d = ordo::dim<"d">;
static_assert(ordo::theta(n - d) == n);
