// softmax normalises over the last axis, so a scalar has nothing to normalise.
// ordo-expect: \[ordo:E107\]
// ordo-expect: softmax: needs 1 or more axes, got \[\]
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto g = trace([](auto x) { return softmax(sum<0>(x)); }, input<"x", float>(n));
