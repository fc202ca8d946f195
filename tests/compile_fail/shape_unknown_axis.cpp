// A rank-3 tensor has no axis 3.
// ordo-expect: \[ordo:E106\]
// ordo-expect: sum: axis 3 does not exist in \[b, n, d\]
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto g = trace([](auto x) { return sum<3>(x); }, input<"x", float>(b, n, d));
