#pragma once
/// \file
/// The backward pass, derived op by op: `ordo::backward(g)` is the graph that computes the
/// gradient of g's output with respect to every operand (inputs, weights and activations),
/// given the gradient of the output (an input named "grad_output"). Its outputs are the
/// gradients of g's leaves, inputs and weights, in the order g declares them (those the
/// output depends on): a training step keeps every weight's gradient to its end.
///
///   - a contraction's backward is two contractions of the same size (matmul: dA = dY·Bᵀ and
///     dB = Aᵀ·dY), emitted as einsum nodes, so `gemm_only` counts them like the forward;
///   - every other op has a gradient node per operand with its own rule (each op's
///     op_traits: `gradient_work` and `backward`, documented beside the op): multiply 1 per
///     element, divide 1 and 4, exp 1, softmax 4 (y·(dy − Σ dy·y)), gelu 18, silu 9,
///     layer_norm 14 per element + 7 per row (gain 8 + 5, bias 1), rms_norm 8 + 7 (gain 5 + 4;
///     the norms recompute their row statistics from the saved input), max 1
///     per input element, mean 1, sum 0 (a broadcast), gather and window 1 per output element
///     (scatter-add), kv_cache 1 (accumulate), expert_matmul two contractions, copies and
///     views 0; a broadcast operand adds 1 per element of the output (the reduction);
///   - a tensor used several times accumulates its gradients (1 per element per extra use);
///   - a top-level repeat loop (layers) runs backward in reverse, its state's gradient carried from
///     layer to layer; the values it reads are stacked per layer ([L, ...]: kept, or written
///     by the replayed forward), and a stacked weight's gradient is stacked the same way;
///   - a steps loop (decoding) runs backward in reverse too: step i reads row i of the output's
///     gradient and writes row i of the input's; values whose extent is the step index are
///     stacked padded to the count; a KV cache's gradient is carried back, step i adding dK_i;
///   - a loop inside a top-level loop (FlashAttention's key blocks inside its query blocks)
///     runs backward in reverse inside its parent's backward: its values are stacked over both
///     loops ([T_outer, T_inner, ...]) and its accumulators live per outer iteration;
///   - a loop nested deeper keeps its order and index (costed, not run).
/// Saved activations are inputs of the backward graph, except an all-gather's result, which
/// is gathered again from the saved part (Megatron's sequence parallelism keeps each device's
/// part only, Korthikanti et al. 2022 §4.2.2); with `recompute = true` the forward
/// ops are replayed first (activation recomputation: the backward graph includes a forward).
///
///     static_assert(ordo::flops(ordo::backward(g), conventions::gemm_only) ==
///                   2 * ordo::flops(g, conventions::gemm_only));   // matmul-only g

#include <ordo/graph/detail/backward_builder.hpp>

namespace ordo {

/// The gradient computation of g (see the file comment).
constexpr graph backward(const graph& g, backward_options options = {}) {
    return detail::build_backward(g, options).b.g;
}

/// Forward plus backward FLOPs: the backward derived per op, or 2× the forward where the
/// convention says so (chinchilla).
constexpr cost<units::flops> training_flops(const graph& g, const convention& c = conventions::standard,
                                            backward_options options = {}) {
    const cost<units::flops> forward = flops(g, c);
    if (c.backward_is_twice_forward) return forward * polynomial(3);
    return forward + flops(backward(g, options), c);
}

}  // namespace ordo
