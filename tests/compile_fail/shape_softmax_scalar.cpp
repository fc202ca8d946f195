// softmax normalises over the last axis, so a scalar has nothing to normalise.
// ordo-expect: \[ordo:E107\]
// ordo-expect-gnu: softmax: needs 1 or more axes, got \[\]
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto g = trace([](auto x) { return softmax(sum<0>(x)); }, input<"x", float>(n));
