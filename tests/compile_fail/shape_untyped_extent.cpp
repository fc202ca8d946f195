// 4 * d is a computed polynomial; a shape needs extents known from their types.
// ordo-expect: \[ordo:E110\]
// ordo-expect: an extent must be known from its type
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto g = trace([](auto x) { return x; }, input<"x", float>(n, 4 * d));
