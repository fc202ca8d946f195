// One bind of 33 distinct sizes; a set of bindings holds at most ordo::max_bindings (32).
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E004_too_many_sizes
// ordo-errors: 1
#include <ordo/symbolic.hpp>
using ordo::dim;
constexpr auto at = ordo::bind(dim<"a"> = 1, dim<"b"> = 1, dim<"c"> = 1, dim<"d"> = 1, dim<"e"> = 1, dim<"f"> = 1, dim<"g"> = 1, dim<"h"> = 1, dim<"i"> = 1, dim<"j"> = 1, dim<"k"> = 1, dim<"l"> = 1, dim<"m"> = 1, dim<"n"> = 1, dim<"o"> = 1, dim<"p"> = 1, dim<"q"> = 1, dim<"r"> = 1, dim<"s"> = 1, dim<"t"> = 1, dim<"u"> = 1, dim<"v"> = 1, dim<"w"> = 1, dim<"x"> = 1, dim<"y"> = 1, dim<"z"> = 1, dim<"A"> = 1, dim<"B"> = 1, dim<"C"> = 1, dim<"D"> = 1, dim<"E"> = 1, dim<"F"> = 1, dim<"G"> = 1);
