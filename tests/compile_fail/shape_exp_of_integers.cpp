// exp, gelu, silu and softmax need floating-point tensors.
// ordo-expect: \[ordo:E109\]
// ordo-expect: exp: needs a floating-point tensor, got i32
// ordo-errors: 1
#include <ordo/ordo.hpp>
#include <cstdint>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto g = trace([](auto x) { return exp(x); }, input<"x", std::int32_t>(n));
