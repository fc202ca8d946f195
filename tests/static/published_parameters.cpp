// Published parameter counts, derived from the catalog's LLaMA-style decoder at each model's
// published shapes (Touvron et al. 2023 Table 1 and the released checkpoints; Jiang et al. 2023).
// The figures are the checkpoints' exact tensor sizes summed, not ordo's output.
#include <ordo/ordo.hpp>
using namespace ordo;
using namespace ordo::models::symbols;

constexpr auto llama = models::llama_decoder(b, n, d, h, g, f, L, V);
constexpr auto gpt = models::gqa_decoder(b, n, d, h, g, f, L, V);

// LLaMA-2 7B: 6,738,415,616 parameters.
static_assert(eval(params(llama), bind(b = 1, n = 4096, d = 4096, h = 32, g = 32, f = 11008, L = 32, V = 32000)) ==
              6'738'415'616);
// LLaMA-2 70B (8 key/value heads): 68,976,648,192.
static_assert(eval(params(llama), bind(b = 1, n = 4096, d = 8192, h = 64, g = 8, f = 28672, L = 80, V = 32000)) ==
              68'976'648'192);
// Mistral 7B (8 key/value heads): 7,241,732,096.
static_assert(eval(params(llama), bind(b = 1, n = 4096, d = 4096, h = 32, g = 8, f = 14336, L = 32, V = 32000)) ==
              7'241'732'096);

// The styles differ where the architectures do: a third MLP matrix, an output matrix, norms
// without biases.
static_assert(params(llama) == L * (2 * d * d + 2 * d * d * g / h + 3 * d * f + 2 * d) + 2 * V * d + d);
static_assert(params(gpt) == L * (2 * d * d + 2 * d * d * g / h + 2 * d * f + 4 * d) + V * d + 2 * d);
// GPT-2 small has 124,439,808: ordo's GPT-style decoder lacks its learned positions (n·d) and
// matrix biases (L·(5d + f)), exactly the difference.
static_assert(eval(params(gpt), bind(b = 1, n = 1024, d = 768, h = 12, g = 12, f = 3072, L = 12, V = 50257)) +
                  1024 * 768 + 12 * (5 * 768 + 3072) ==
              124'439'808);
// Mistral 7B again from its own, sliding-window decoder: the window adds no weights.
static_assert(eval(params(models::mistral_decoder(b, n, d, h, g, f, L, V, w)),
                   bind(b = 1, n = 8192, d = 4096, h = 32, g = 8, f = 14336, L = 32, V = 32000, w = 4096)) ==
              7'241'732'096);
