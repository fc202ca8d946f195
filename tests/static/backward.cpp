// The backward pass is derived per op, not assumed to be 2x the forward.
#include <ordo/ordo.hpp>
using namespace ordo;

constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto f = dim<"f">;
constexpr auto h = dim<"h">;

// A matmul-only graph: each matmul's backward is two matmuls of the same size.
constexpr auto mlp = trace([](auto x, auto w1, auto w2) { return matmul(matmul(x, w1), w2); },
                           input<"x", float>(b, n, d), param<"w1", float>(d, f), param<"w2", float>(f, d));
static_assert(flops(backward(mlp), conventions::gemm_only) == 2 * flops(mlp, conventions::gemm_only).polynomial_value());
static_assert(flops(backward(mlp), conventions::gemm_only) == 8 * b * n * d * f);
// With activation recomputation the forward runs again.
static_assert(flops(backward(mlp, {true}), conventions::gemm_only) == 12 * b * n * d * f);

// Attention: contractions exactly double; the elementwise work does not (softmax's backward
// is 4 per score against 5 forward, and x's three uses accumulate 2·bnd).
constexpr auto mha = models::mha(b, n, d, h);
static_assert(flops(backward(mha), conventions::gemm_only) == 2 * flops(mha, conventions::gemm_only).polynomial_value());
static_assert(flops(backward(mha)) == 16 * b * n * d * d + 8 * b * n * n * d + 4 * b * h * n * n + 2 * b * n * d);
// Training: forward + derived backward; chinchilla's own rule is backward = 2x forward.
static_assert(training_flops(mha, conventions::gemm_only) == 3 * flops(mha, conventions::gemm_only).polynomial_value());
static_assert(training_flops(mha, conventions::chinchilla) == 3 * flops(mha, conventions::chinchilla).polynomial_value());
static_assert(!(training_flops(mha) == 3 * flops(mha).polynomial_value()));
