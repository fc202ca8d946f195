// A sliding window (Jiang et al. 2023) replaces attention's n² terms by n·w ones and adds no
// weights: derived from the traced graph, against a count by hand.
#include <ordo/ordo.hpp>
using namespace ordo;
using namespace ordo::models::symbols;

constexpr auto mistral = models::mistral_decoder(b, n, d, h, g, f, L, V, w);
constexpr auto llama = models::llama_decoder(b, n, d, h, g, f, L, V);

// The window has no weights.
static_assert(params(mistral) == params(llama));
// Per layer: queries and output 4bnd², keys and values 4bnd²·g/h, SwiGLU 6bndf, scores and
// mixing over w keys 4bnwd; then the logits 2bndV.
static_assert(flops(mistral, conventions::gemm_only) ==
              L * (4 * b * n * d * d + 4 * b * n * d * d * g / h + 6 * b * n * d * f + 4 * b * n * w * d) +
                  2 * b * n * d * V);
// No n² term is left, in work or in memory; with w ≤ n it never costs more than full attention.
static_assert(!is_big_o(b * n * n * d, flops(mistral).polynomial_value()));
static_assert(!is_big_o(b * h * n * n, peak_memory(mistral).polynomial_value()));
static_assert(is_big_o(flops(mistral), flops(llama).polynomial_value(), assume(w <= n)));
// At w = n the two decoders do the same matrix work.
static_assert(eval(flops(mistral, conventions::gemm_only),
                   bind(b = 1, n = 64, d = 32, h = 4, g = 2, f = 48, L = 2, V = 100, w = 64)) ==
              eval(flops(llama, conventions::gemm_only), bind(b = 1, n = 64, d = 32, h = 4, g = 2, f = 48, L = 2, V = 100)));
