// store copies an on-chip tile back; a main-memory tensor has nothing to store.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E027_store_of_a_tensor_that_is_not_on_chip
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto g = trace([](auto x) { return store(exp(x)); }, input<"x", float>(n));
