// Nine relations in one ordo::assume; it holds at most ordo::max_assumptions (8).
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E017_too_many_assumptions
// ordo-errors: 1
#include <ordo/symbolic.hpp>
using ordo::dim;
constexpr auto a = ordo::assume(dim<"a"> << dim<"b">, dim<"b"> << dim<"c">, dim<"c"> << dim<"d">, dim<"d"> << dim<"e">,
                                dim<"e"> << dim<"f">, dim<"f"> << dim<"g">, dim<"g"> << dim<"h">, dim<"h"> << dim<"i">,
                                dim<"i"> << dim<"j">);
