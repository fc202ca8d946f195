// A compile-time check that leaves a dimension unbound: expect_value's E007 names it.
// ordo-expect: \[ordo:E007\]
// ordo-expect: expect_value: dimension h of d/h is not bound
// ordo-errors: 1
#include <ordo/symbolic.hpp>
using namespace ordo;
constexpr auto d = dim<"d">;
constexpr auto h = dim<"h">;
static_assert(expect_value<d / h, bind(d = 128), 32>());
