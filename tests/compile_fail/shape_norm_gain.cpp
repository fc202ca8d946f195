// rms_norm normalises over the last axis d, so its gain has shape [d], not [n].
// ordo-expect: \[ordo:E108\]
// ordo-expect: rms_norm: x \[b, n, d\] needs gain/bias of shape \[d\], got gain \[n\]
// ordo-errors: 1
#include <ordo/graph.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto g = trace([](auto x, auto gain) { return rms_norm(x, gain); }, input<"x", float>(b, n, d),
                         param<"gain", float>(n));
