// A result that does not fit 64 bits is an error.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E009_eval_result_overflows_int64
#include <ordo/symbolic.hpp>
constexpr auto n = ordo::dim<"n">;
static_assert(ordo::eval(ordo::pow<5>(n), ordo::bind(n = 1'000'000)) > 0);
