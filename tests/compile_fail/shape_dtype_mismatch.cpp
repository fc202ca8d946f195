// Operands of one op share an element type.
// ordo-expect: \[ordo:E109\]
// ordo-expect: matmul: operand 1 is f32 but operand 2 is f64
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto g = trace([](auto x, auto w) { return matmul(x, w); }, input<"x", float>(n, d),
                         param<"w", double>(d, d));
