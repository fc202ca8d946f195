// The graphs issue's acceptance snippet, verbatim.
#include <ordo/ordo.hpp>
using namespace ordo;

constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto h = dim<"h">;

// Multi-head self-attention, written once: traced here, executed by the runtime.
constexpr auto attention = [](auto x, auto wq, auto wk, auto wv, auto wo) {
    auto q = split_heads(matmul(x, wq), h);  // [b,n,d] -> [b,h,n,d/h]
    auto k = split_heads(matmul(x, wk), h);
    auto v = split_heads(matmul(x, wv), h);
    auto p = softmax(einsum<"bhnk,bhmk->bhnm">(q, k));  // scores [b,h,n,n]
    return matmul(merge_heads(einsum<"bhnm,bhmk->bhnk">(p, v)), wo);
};

constexpr auto g = trace(attention, input<"x", float>(b, n, d),
                         param<"wq", float>(d, d), param<"wk", float>(d, d),
                         param<"wv", float>(d, d), param<"wo", float>(d, d));

static_assert(output_shape(g) == shape(b, n, d));
static_assert(theta(flops(g)) == theta(b * n * d * d + b * n * n * d));
static_assert(theta(flops(g), assume(n << d)) == theta(b * n * d * d));  // the MQA paper
static_assert(theta(bytes_moved(g)) == theta(b * n * d + b * h * n * n + d * d));
static_assert(flops(g, conventions::gemm_only) == 8 * b * n * d * d + 4 * b * n * n * d);
static_assert(params(g) == 4 * d * d);
static_assert(flops(g, conventions::gemm_only) ==
              flops(models::mha(b, n, d, h), conventions::gemm_only));  // catalog agrees

// Incremental decoding (the MQA paper, section 2.4 and 3.1)
static_assert(theta(bytes_moved(models::mha_incremental(b, n, d, h))) ==
              theta(b * n * n * d + n * d * d));
static_assert(theta(flops(models::mqa_incremental(b, n, d, h)), assume(n <= d)) ==
              theta(b * n * d * d));
