// split_heads needs [..., n, d]: a vector has too few axes.
// ordo-expect: \[ordo:E107\]
// ordo-expect: split_heads: needs 2 to 5 axes \[..., n, d\], got \[d\]
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto d = dim<"d">;
constexpr auto h = dim<"h">;
constexpr auto g = trace([](auto x) { return split_heads(x, h); }, input<"x", float>(d));
