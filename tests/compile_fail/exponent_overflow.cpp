// Exponents are limited to [-127, 127].
// ordo-expect: E002_exponent_overflow
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
constexpr auto q = ordo::pow<200>(n);
