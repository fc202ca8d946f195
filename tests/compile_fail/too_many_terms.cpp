// (1 + n)^40 has 41 terms; a polynomial holds ordo::max_terms (32).
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E003_too_many_terms
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
constexpr auto q = ordo::pow<40>(1 + n);
