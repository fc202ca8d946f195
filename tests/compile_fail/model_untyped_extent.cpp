// A catalog model given a computed extent (4 * d for the MLP width): one E110 that says to
// write ordo::c<4> * d, not "no matching function" and a list of candidates.
// ordo-expect: \[ordo:E110\]
// ordo-expect: write ordo::c<4> \* d, not 4 \* d
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto h = dim<"h">;
constexpr auto g = models::decoder_layer(b, n, d, h, 4 * d);
