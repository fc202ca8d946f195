// Each side of an assumption must be a monomial.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E011_malformed_assumption
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
constexpr auto d = ordo::dim<"d">;
constexpr auto b = ordo::dim<"b">;
static_assert(ordo::theta(n * d, ordo::assume(n + d << b)) == n * d);
