// Exponents are limited to [-127, 127].
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E002_exponent_overflow
// ordo-errors: 1
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
constexpr auto q = ordo::pow<200>(n);
