#pragma once
/// \file
/// A GPT layer as Megatron-LM trains it (Shoeybi et al. 2019; the layer Korthikanti et al.
/// 2022 count the activations of): pre-norm LayerNorm, causal multi-head attention with biases
/// on its projections, dropout after the softmax and after the attention's output projection,
/// an MLP of width 4d with GELU, biases and dropout after it. The inference styles
/// (decoder.hpp) have no biases and no dropout, which is why this layer is its own function.
///
/// Its saved activations in 16-bit types are Korthikanti et al.'s (§4.1), derived from the
/// backward rules: 34·b·n·d + 5·b·h·n² bytes (their s·b·h·34 + 5·a·s²·b), with norm
/// statistics as lower-order terms:
///
///     constexpr auto layer = models::gpt_training_layer<bfloat16>(b, n, d, h);
///     static_assert(coefficient(saved_activation_bytes(layer), b * n * d) == 34);

#include <ordo/graph.hpp>
#include <ordo/graph/element_type.hpp>

namespace ordo::models {

/// Megatron's dropout probability in its GPT recipes.
inline constexpr rational training_dropout{1, 10};

/// One GPT layer on x [b, n, d] for training (see the file comment); head width d/h.
template <typename T = float, Extent B, Extent N, Extent D, Extent H>
constexpr element_typed<T> gpt_training_layer(const B& b, const N& n, const D& d, const H& h) {
    const auto k = d / h;
    const auto f = c<4> * d;
    const auto body = [k](auto x, auto gain_1, auto bias_1, auto w_q, auto b_q, auto w_k, auto b_k, auto w_v, auto b_v,
                          auto w_o, auto b_o, auto gain_2, auto bias_2, auto w_1, auto b_1, auto w_2, auto b_2) {
        const auto normed = layer_norm(x, gain_1, bias_1);
        const auto queries = einsum<"bnd,hdk->bhnk">(normed, w_q) + b_q;  // [b, h, n, k]
        const auto keys = einsum<"bnd,hdk->bhnk">(normed, w_k) + b_k;
        const auto values = einsum<"bnd,hdk->bhnk">(normed, w_v) + b_v;
        const auto scores = causal_mask(rsqrt_scale(einsum<"bhnk,bhmk->bhnm">(queries, keys), k));
        const auto kept = dropout(softmax(scores), training_dropout);
        const auto mixed = einsum<"bhnm,bhmk->bhnk">(kept, values);
        const auto attended = x + dropout(einsum<"bhnk,hkd->bnd">(mixed, w_o) + b_o, training_dropout);
        const auto hidden = gelu(matmul(layer_norm(attended, gain_2, bias_2), w_1) + b_1);  // [b, n, 4d]
        return attended + dropout(matmul(hidden, w_2) + b_2, training_dropout);
    };
    return trace(body, input<"x", float>(b, n, d), param<"gain_1", float>(d), param<"bias_1", float>(d),
                 param<"w_q", float>(h, d, k), param<"b_q", float>(h, c<1>, k), param<"w_k", float>(h, d, k),
                 param<"b_k", float>(h, c<1>, k), param<"w_v", float>(h, d, k), param<"b_v", float>(h, c<1>, k),
                 param<"w_o", float>(h, k, d), param<"b_o", float>(d), param<"gain_2", float>(d),
                 param<"bias_2", float>(d), param<"w_1", float>(d, f), param<"b_1", float>(f), param<"w_2", float>(f, d),
                 param<"b_2", float>(d));
}

}  // namespace ordo::models
