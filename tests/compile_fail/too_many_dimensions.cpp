// A product of 17 distinct dimensions; one polynomial mentions at most ordo::max_dims (16).
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E004_too_many_dimensions
// ordo-errors: 1
#include <ordo/symbolic.hpp>
using ordo::dim;
constexpr auto p = dim<"a"> * dim<"b"> * dim<"c"> * dim<"d"> * dim<"e"> * dim<"f"> * dim<"g"> * dim<"h"> *
                   dim<"i"> * dim<"j"> * dim<"k"> * dim<"l"> * dim<"m"> * dim<"n"> * dim<"o"> * dim<"p"> * dim<"q">;
