// ordo-expect: E005_division_by_zero
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
constexpr auto q = n / 0;
