// Saved activations, derived from the backward rules: what each gradient reads, at its dtype.
#include <ordo/ordo.hpp>
using namespace ordo;
using namespace ordo::models::symbols;  // b, n, d, f, h

// A matmul keeps its input for the weight's gradient (the weight itself is not an
// activation); gelu keeps its input.
constexpr auto ffn = trace([](auto x, auto w) { return gelu(matmul(x, w)); }, input<"x", float>(b, d),
                           param<"w", float>(d, f));
static_assert(saved_activation_bytes(ffn) == 4 * b * d + 4 * b * f);
static_assert(saved_activation_bytes(ffn, recompute::full) == 4 * b * d);
constexpr auto ffn16 = trace([](auto x, auto w) { return gelu(matmul(x, w)); }, input<"x", bfloat16>(b, d),
                             param<"w", bfloat16>(d, f));
static_assert(saved_activation_bytes(ffn16) == 2 * b * d + 2 * b * f);

// Two matmuls in a row: the hidden activation is kept once, for the second weight's gradient.
constexpr auto mlp = trace([](auto x, auto w1, auto w2) { return matmul(matmul(x, w1), w2); },
                           input<"x", float>(b, n, d), param<"w1", float>(d, f), param<"w2", float>(f, d));
static_assert(saved_activation_bytes(mlp) == 4 * b * n * d + 4 * b * n * f);

// Multi-head attention: softmax keeps its output (the b·h·n² scores: Korthikanti's 2·a·s²·b of
// the softmax output in 16 bits is 4·b·h·n² here in f32), the score contraction its q and k,
// the value mix the weights and v, the output projection its input.
constexpr auto mha = models::mha(b, n, d, h);
static_assert(coefficient(saved_activation_bytes(mha), b * h * n * n) == 4);
static_assert(saved_activation_bytes(mha, recompute::full) == 4 * b * n * d);
static_assert(coefficient(saved_activation_bytes(models::mha<bfloat16>(b, n, d, h)), b * h * n * n) == 2);

// Exactly, f32: x, q, k, v and the mixed heads (b·n·d each) and the softmax output (b·h·n²).
static_assert(saved_activation_bytes(mha) == 20 * b * n * d + 4 * b * h * n * n);
// In 16 bits these are Korthikanti et al. 2022 §4.1's attention terms without dropout:
// 10·s·b·h + 2·a·s²·b (their s, b, h, a are ordo's n, b, d, h); dropout adds their sbh + 3as²b.
static_assert(saved_activation_bytes(models::mha<bfloat16>(b, n, d, h)) == 10 * b * n * d + 2 * b * h * n * n);
// A GPT-style layer (layer norms, attention, MLP of width f) in 16 bits: with f = 4d its b·n·d
// terms are their 32·s·b·h without dropout (34 with the two dropout masks of 1 byte).
constexpr auto layer = models::decoder_layer<bfloat16>(b, n, d, h, f);
static_assert(saved_activation_bytes(layer) == 16 * b * n * d + 4 * b * n * f + 2 * b * h * n * n);
static_assert(saved_activation_bytes(layer, recompute::full) == 2 * b * n * d);

// Dropout keeps its mask, one byte per element (u8), and nothing of its input.
constexpr auto dropped = trace([](auto x) { return dropout(x, rational(1, 10)); }, input<"x", bfloat16>(b, d));
static_assert(saved_activation_bytes(dropped) == b * d);
static_assert(flops(dropped) == b * d);               // x · (mask / (1 − p)), one multiply
static_assert(bytes_moved(dropped) == 6 * b * d);     // the mask written (1), then x, mask read, y written (2 + 1 + 2)

// The GPT layer as Megatron trains it (dropout after the softmax, the attention and the MLP) in
// 16 bits: Korthikanti et al. 2022 §4.1's 34·s·b·h + 5·a·s²·b exactly, derived, not tabled; with
// selective recomputation (their §5: the attention core recomputed) 34·s·b·h, with full 2·s·b·h.
constexpr auto training = models::gpt_training_layer<bfloat16>(b, n, d, h);
static_assert(saved_activation_bytes(training) == 34 * b * n * d + 5 * b * h * n * n);
static_assert(saved_activation_bytes(training, recompute::selective) == 34 * b * n * d);
static_assert(saved_activation_bytes(training, recompute::full) == 2 * b * n * d);
// in f32 everything but the masks (two of b·n·d, one of b·h·n²) doubles: 2·(34 − 2) + 2, 2·(5 − 1) + 1
static_assert(saved_activation_bytes(models::gpt_training_layer(b, n, d, h)) == 66 * b * n * d + 9 * b * h * n * n);

// In a layer loop each layer keeps its own values, and its input (the loop's state) once per
// layer: here the state, which the weight's gradient reads, and the product, which gelu's reads.
// Under full recomputation each layer's input but the first's (the graph's input recomputes it).
constexpr auto layers = dim<"L">;
constexpr auto layer_index = dim<"l">;
constexpr auto stacked = trace(
    [](auto x, auto w) {
        return repeat(layer_index, layers, x, [&](auto state) { return gelu(matmul(state, at(w, layer_index))) + state; });
    },
    input<"x", float>(b, d), param<"w", float>(layers, d, d));
static_assert(saved_activation_bytes(stacked) == 8 * layers * b * d);
static_assert(saved_activation_bytes(stacked, recompute::full) == 4 * layers * b * d);
