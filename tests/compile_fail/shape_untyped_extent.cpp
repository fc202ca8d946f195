// 4 * d is a computed polynomial; a shape needs extents known from their types. One E110,
// which says what to write, and no follow-on error from the ops that use the tensor.
// ordo-expect: \[ordo:E110\]
// ordo-expect: write ordo::c<4> \* d, not 4 \* d
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto g = trace([](auto x, auto w) { return matmul(x, w); }, input<"x", float>(n, d),
                         param<"w", float>(4 * d, d));
