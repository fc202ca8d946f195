// Dimension names: letters, digits, '_', not starting with a digit.
// ordo-expect: \[ordo:E015\]
// ordo-expect: invalid dimension name
// ordo-errors: 1
#include <ordo/symbolic.hpp>
constexpr auto bad = ordo::dim<"2d">;
