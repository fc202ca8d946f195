// Exact arithmetic: a coefficient past 64 bits is an error, never wraparound.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E001_coefficient_overflow
// ordo-errors: 1
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
constexpr auto big = ordo::polynomial(std::int64_t{1} << 62) * n;
constexpr auto wrapped = big * 4;
