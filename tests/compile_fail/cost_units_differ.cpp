// FLOPs never add to bytes.
// ordo-expect: \[ordo:E201\]
// ordo-expect: costs of different units do not add
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto g = trace([](auto x, auto w) { return matmul(x, w); }, input<"x", float>(n, d),
                         param<"w", float>(d, d));
constexpr auto nonsense = flops(g) + bytes_moved(g);
