// reshape keeps the number of elements.
// ordo-expect: \[ordo:E105\]
// ordo-expect: reshape: \[b, n, d\] has a different volume than \[b, n\]
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto g = trace([](auto x) { return reshape(x, b, n); }, input<"x", float>(b, n, d));
