// k positions from position k do not fit in an axis of k.
// ordo-expect: \[ordo:E112\]
// ordo-expect: slice: positions k to k \+ k do not surely fit in axis 1 of \[n, k\]
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto k = dim<"k">;
constexpr auto g = trace([](auto x) { return slice<-1>(x, k, k); }, input<"x", float>(n, k));
