// The example: index k is d/h in one operand and d in the other.
// ordo-expect: \[ordo:E102\]
// ordo-expect: einsum: one index has two different extents
// ordo-expect: index k is d/h in operand 1 but d in operand 2
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto h = dim<"h">;
constexpr auto g = trace(
    [](auto x, auto wq, auto k) {
        auto q = split_heads(matmul(x, wq), h);  // [b, h, n, d/h]
        return einsum<"bhnk,bhmk->bhnm">(q, k);  // k: [b, h, n, d], not split into heads
    },
    input<"x", float>(b, n, d), param<"wq", float>(d, d), input<"k", float>(b, h, n, d));
