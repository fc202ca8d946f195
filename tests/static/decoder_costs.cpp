// The full decoder, traced once, with 20 static_asserts: the compile-time budget test
// (under 5 s on g++ 12 on the project's machine; see the compile_time_benchmark target).
#include <ordo/ordo.hpp>
using namespace ordo;

constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto h = dim<"h">;
constexpr auto f = dim<"f">;
constexpr auto L = dim<"L">;
constexpr auto V = dim<"V">;

constexpr auto g = models::decoder(b, n, d, h, f, L, V);
constexpr auto chinchilla_flops = flops(g, conventions::chinchilla).polynomial_value();

// 1-3: shapes and parameters (tied embedding counted once).
static_assert(output_shape(g) == shape(b, n, V));
static_assert(params(g) == L * (4 * d * d + 2 * d * f + 4 * d) + V * d + 2 * d);
static_assert(g.regions[1].kind == region_kind::repeat);
// 4: Hoffmann et al. 2022, Appendix F, per sequence, times b: embeddings + L·(QKV, logits,
//    softmax, softmax@V, output projection, dense block) + final logits.
static_assert(chinchilla_flops ==
              b * (2 * n * V * d +
                   L * (6 * n * d * d + 2 * n * n * d + 3 * h * n * n + 2 * n * n * d + 2 * n * d * d +
                        4 * n * d * f) +
                   2 * n * d * V));
// 5-6: other conventions.
static_assert(flops(g, conventions::gemm_only) ==
              L * (8 * b * n * d * d + 4 * b * n * n * d + 4 * b * n * d * f) + 2 * b * n * d * V);
static_assert(2 * flops(g, conventions::macs).polynomial_value() == flops(g, conventions::gemm_only));
// 7-11: Θ-classes under regimes.
static_assert(theta(flops(g)) == L * b * n * d * d + L * b * n * n * d + L * b * n * d * f + b * n * d * V);
static_assert(theta(flops(g), assume(n << d, f <= d, d <= f, V <= L * d)) == L * b * n * d * d);
static_assert(theta(flops(g), assume(d << n, f <= d, V <= L * d)) == L * b * n * n * d);
static_assert(is_big_o(flops(g), L * b * n * (d + n) * d + b * n * d * V, assume(f <= d)));
static_assert(!is_big_o(flops(g), L * b * n * d * d));
// 12-14: memory traffic and peak; traffic is negligible next to arithmetic when d dominates.
static_assert(theta(bytes_moved(g)) ==
              L * b * h * n * n + L * b * n * d + L * b * n * f + L * d * d + L * d * f + b * n * V + d * V);
static_assert(theta(peak_memory(g)) == L * d * d + L * d * f + b * h * n * n + b * n * d + b * n * f + b * n * V + d * V);
static_assert(is_little_o(bytes_moved(g), flops(g).polynomial_value(), assume(n << d, f <= d, d <= f, V <= L * d)));
// 15-16: training FLOPs: chinchilla's 3x, and the derived backward.
static_assert(training_flops(g, conventions::chinchilla) == 3 * chinchilla_flops);
static_assert(training_flops(g, conventions::gemm_only) == 3 * flops(g, conventions::gemm_only).polynomial_value());
// 17-18: facts implied by the extents (d/h >= 1) are used without restating them.
static_assert(g.facts.count == 1);
static_assert(theta(flops(g), assume(n << d, f <= d, d <= f, V <= L * d)) ==
              theta(flops(g).polynomial_value(), assume(n << d, f <= d, d <= f, V <= L * d, h <= d)));
// 19-20: evaluation at GPT-2 small (n = 1024, d = 768, h = 12, f = 3072, L = 12, V = 50257).
constexpr auto gpt2 = bind(b = 1, n = 1024, d = 768, h = 12, f = 3072, L = 12, V = 50257);
// (GPT-2's 124M also counts biases and position embeddings, which this decoder omits.)
static_assert(eval(params(g), gpt2) == 123'570'432);
static_assert(eval(flops(g, conventions::gemm_only), gpt2) == 291'648'307'200);
