// Exact arithmetic: 0.5 * n would silently truncate, so it is an error.
// ordo-expect: \[ordo:E024\]
// ordo-errors: 1
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
constexpr auto half_n = 0.5 * n;
