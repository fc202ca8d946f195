// matmul contracts the last axis of x with the first of w: d against d/h.
// ordo-expect: \[ordo:E101\]
// ordo-expect: matmul: the contracted extents differ
// ordo-expect: matmul: operand 1 \[b, n, d\] ends in d but operand 2 \[d/h, d\] starts with d/h
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto h = dim<"h">;
constexpr auto g = trace([](auto x, auto w) { return matmul(x, w); }, input<"x", float>(b, n, d),
                         param<"w", float>(d / h, d));
