// The specification's indices must match each operand's rank.
// ordo-expect: \[ordo:E103\]
// ordo-expect: operand 1 has 2 indices but shape \[b, n, d\]
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto g = trace([](auto x) { return einsum<"bn->nb">(x); }, input<"x", float>(b, n, d));
