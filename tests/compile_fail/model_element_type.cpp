// A catalog model's element type must be a floating-point one ordo costs: int is refused.
// ordo-expect: \[ordo:E109\]
// ordo-expect: a model's element type must be float, double, ordo::half or ordo::bfloat16
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto h = dim<"h">;
constexpr graph g = models::mha<int>(b, n, d, h);
