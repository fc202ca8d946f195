// Training memory per recipe: the recipe's bytes per parameter, then the saved activations.
#include <ordo/ordo.hpp>
using namespace ordo;
using namespace ordo::models::symbols;  // b, n, d, h

constexpr auto layer = models::gpt_training_layer<bfloat16>(b, n, d, h);
constexpr auto weights = params(layer).polynomial_value();
// 12·d² weights (q, k, v, o and the 4d-wide MLP's two) and 13·d of biases and gains
static_assert(weights == 12 * d * d + 13 * d);

// bf16 mixed precision with Adam: 2 + 2 + 12 = 16 bytes per parameter before activations
constexpr auto mixed = training_memory(layer, bf16_mixed_adam);
static_assert(mixed.weights == 2 * weights && mixed.gradients == 2 * weights && mixed.optimizer == 12 * weights);
static_assert(mixed.activations == 34 * b * n * d + 5 * b * h * n * n);
static_assert(mixed.total == 16 * weights + 34 * b * n * d + 5 * b * h * n * n);
// recomputation changes only the activations
static_assert(training_memory(layer, bf16_mixed_adam, recompute::full).total == 16 * weights + 2 * b * n * d);

// fp32 Adam: 4 + 4 + 8 bytes per parameter, and the f32 layer's activations
constexpr auto single = training_memory(models::gpt_training_layer(b, n, d, h), fp32_adam);
static_assert(single.weights + single.gradients + single.optimizer == 16 * weights);
static_assert(single.activations == 66 * b * n * d + 9 * b * h * n * n);
