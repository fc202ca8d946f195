// concat joins tensors of one element type.
// ordo-expect: \[ordo:E109\]
// ordo-expect: concat: operand 1 is f32 but operand 2 is f64
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto g = trace([](auto x, auto y) { return concat<0>(x, y); }, input<"x", float>(n, d),
                         input<"y", double>(n, d));
