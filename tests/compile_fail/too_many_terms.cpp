// (1 + n)^70 has 71 terms; a polynomial holds ordo::max_terms (64).
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E003_too_many_terms
// ordo-errors: 1
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
constexpr auto q = ordo::pow<70>(1 + n);
