// The checking form of static_assert(theta(f) == theta(g)): its failure prints both classes.
// ordo-expect: \[ordo:E030\]
// ordo-expect: expect_theta: expected Theta\(b\*d\^2\*n\), got Theta\(b\*d\^2\*n \+ b\*d\*n\^2\)
// ordo-errors: 1
#include <ordo/symbolic.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto f = 8 * b * n * d * d + 4 * b * n * n * d;  // MHA's FLOPs, both regimes
static_assert(expect_theta<f, b * n * d * d>());               // the MQA paper's Θ(bnd²)
