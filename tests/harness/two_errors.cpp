// Harness self-test: two independent errors where `ordo-errors: 1` is declared must fail
// the compile-fail driver (a cascade is a defect even when the first message is right).
// ordo-expect: \[ordo:E110\]
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto g = trace([](auto x) { return x; }, input<"x", float>(n, 4 * d));
static_assert(n == d);
