#pragma once
/// \file
/// Training memory: what a training step keeps in memory besides its transient tensors, per
/// named recipe. Per parameter the weights, their gradients and the optimizer's state, at the
/// recipe's widths; then the saved activations (saved_activations.hpp), at the graph's dtypes
/// and under a recomputation policy. Adam (Kingma & Ba 2015) keeps two moments per parameter.
///
///   - `fp32_adam`: weights, gradients and both moments in f32: 4 + 4 + 8 = 16 bytes per parameter;
///   - `bf16_mixed_adam` (mixed precision, Micikevicius et al. 2018, as Megatron and ZeRO run it):
///     bf16 weights and gradients, an f32 master copy and f32 moments: 2 + 2 + (4 + 8) = 16 bytes
///     per parameter, as Rajbhandari et al. 2020 (ZeRO, §3.1) and Transformer Math 101 sum it.
///     Its activations are the graph's: trace the model in bf16 (`gpt_training_layer<bfloat16>`).
///
///     constexpr auto layer = models::gpt_training_layer<bfloat16>(b, n, d, h);
///     constexpr auto m = training_memory(layer, bf16_mixed_adam);
///     static_assert(m.optimizer == 12 * params(layer).polynomial_value());

#include <ordo/graph/saved_activations.hpp>

#include <string_view>

namespace ordo {

/// Bytes per parameter of what a training recipe keeps.
struct training_recipe {
    std::string_view name;
    std::int64_t weight_bytes = 0;     ///< the weights the step computes with
    std::int64_t gradient_bytes = 0;   ///< their gradients
    std::int64_t optimizer_bytes = 0;  ///< the optimizer's state (master weights, moments)
};
inline constexpr training_recipe fp32_adam{"fp32_adam", 4, 4, 8};
inline constexpr training_recipe bf16_mixed_adam{"bf16_mixed_adam", 2, 2, 12};

/// Training memory by part, in bytes.
struct training_memory_bytes {
    cost<units::bytes> weights, gradients, optimizer, activations, total;
};

/// What training g with `recipe` keeps: per parameter (params(g)) the recipe's bytes, and the
/// activations saved under `policy`.
constexpr training_memory_bytes training_memory(const graph& g, const training_recipe& recipe,
                                                recompute policy = recompute::none) {
    const polynomial p = params(g).polynomial_value();
    const auto part = [&](std::int64_t bytes) { return cost<units::bytes>(p * polynomial(bytes), g.facts); };
    training_memory_bytes m{part(recipe.weight_bytes), part(recipe.gradient_bytes), part(recipe.optimizer_bytes),
                            saved_activation_bytes(g, policy), {}};
    m.total = m.weights + m.gradients + m.optimizer + m.activations;
    return m;
}

}  // namespace ordo
