// The checking form of static_assert(eval(p, at) == v): its failure prints the value and sizes.
// ordo-expect: \[ordo:E031\]
// ordo-expect: expect_value: d/h at d = 130, h = 4 is 65/2, expected 32
// ordo-errors: 1
#include <ordo/symbolic.hpp>
using namespace ordo;
constexpr auto d = dim<"d">;
constexpr auto h = dim<"h">;
static_assert(expect_value<d / h, bind(d = 130, h = 4), 32>());
