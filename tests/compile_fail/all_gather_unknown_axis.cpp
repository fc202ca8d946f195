// all_gather joins the devices' parts along an axis the tensor must have; a rank-2 tensor has
// no axis 2.
// ordo-expect: \[ordo:E106\]
// ordo-expect: all_gather: axis 2 does not exist in \[n, d\]
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto t = dim<"t">;
constexpr auto g = trace([](auto x) { return all_gather<2>(x, t); }, input<"x", float>(n, d));
