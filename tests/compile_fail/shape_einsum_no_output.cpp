// An einsum needs explicit output indices.
// ordo-expect: \[ordo:E103\]
// ordo-expect: einsum ..?bn,bn..?: it has no ..?->..? and output indices
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto g = trace([](auto x, auto y) { return einsum<"bn,bn">(x, y); }, input<"x", float>(b, n),
                         input<"y", float>(b, n));
