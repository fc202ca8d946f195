// [b, n, d] + [b, n, f] does not broadcast.
// ordo-expect: \[ordo:E104\]
// ordo-expect: elementwise \+: operand 1 \[b, n, d\] and operand 2 \[b, n, f\] differ in axis -1 \(d vs f\)
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto f = dim<"f">;
constexpr auto g = trace([](auto x, auto y) { return x + y; }, input<"x", float>(b, n, d),
                         input<"y", float>(b, n, f));
