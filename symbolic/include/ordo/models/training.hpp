#pragma once
/// \file
/// A GPT layer as Megatron-LM trains it (Shoeybi et al. 2019; the layer Korthikanti et al.
/// 2022 count the activations of): pre-norm LayerNorm, causal multi-head attention with biases
/// on its projections, dropout after the softmax and after the attention's output projection,
/// an MLP of width 4d with GELU, biases and dropout after it. The inference styles
/// (decoder.hpp) have no biases and no dropout, which is why this layer is its own function.
///
/// Its saved activations in 16-bit types are Korthikanti et al.'s (§4.1), derived from the
/// backward rules: 34·b·n·d + 5·b·h·n² bytes (their s·b·h·34 + 5·a·s²·b):
///
///     constexpr auto layer = models::gpt_training_layer<bfloat16>(b, n, d, h);
///     static_assert(coefficient(saved_activation_bytes(layer), b * n * d) == 34);
///
/// `tensor_parallel(layer, t)` is one device's part of the layer split t ways, Megatron's way:
/// the query, key and value projections and the MLP's first matrix column-parallel (h/t heads
/// and 4d/t of the MLP's width on each device), the output projection and the MLP's second
/// matrix row-parallel, each followed by an all-reduce of its partial sums (before the bias,
/// which every device holds whole). The norms, the residuals and the dropouts after the
/// all-reduces run whole on every device. The inputs of the column-parallel products pass
/// `parallel_input` (Megatron's f), whose gradient is all-reduced: two all-reduces forward,
/// two backward, as Shoeybi et al. count them. `sequence_parallel(layer, t)` splits the rest
/// along the sequence too (Korthikanti et al. 2022, §4.2.2).

#include <ordo/graph.hpp>
#include <ordo/graph/element_type.hpp>

namespace ordo::models {

/// Megatron's dropout probability in its GPT recipes.
inline constexpr rational training_dropout{1, 10};

namespace detail {
/// The layer on one of t devices (t = c<1>: the whole layer, no collectives); `Sequence`:
/// with sequence parallelism, the norms, dropouts and residuals on n/t positions.
template <bool Sequence = false, Extent B, Extent N, Extent D, Extent H, typename T>
constexpr graph gpt_training_layer_on(const B& b, const N& n, const D& d, const H& h, const T& t) {
    constexpr bool sharded = !std::is_same_v<T, std::remove_cvref_t<decltype(c<1>)>>;
    const auto k = d / h;
    const auto heads = h / t;
    const auto width = c<4> * d / t;
    const auto reduced = [=](const auto& partial) {  // [=]: t is unused when not sharded
        if constexpr (Sequence) return reduce_scatter<1>(partial, t);  // Megatron's ḡ: this device's n/t positions
        else if constexpr (sharded) return all_reduce(partial, t);
        else return partial;
    };
    const auto shared = [=](const auto& part) {  // Megatron's f: all-reduced in the backward pass
        if constexpr (Sequence) return all_gather<1>(part, t);  // Megatron's g: every position
        else if constexpr (sharded) return parallel_input(part, t);
        else return part;
    };
    const auto replicated = [=](const auto& weight) {  // a norm's or a bias after ḡ: used on n/t positions
        if constexpr (Sequence) return parallel_input(weight, t);  // its gradient all-reduced, as Megatron does
        else return weight;
    };
    const auto positions = [=] {
        if constexpr (Sequence) return n / t;
        else return n;
    }();
    const auto body = [k, reduced, shared, replicated](auto x, auto gain_1, auto bias_1, auto w_q, auto b_q, auto w_k, auto b_k, auto w_v,
                                   auto b_v, auto w_o, auto b_o, auto gain_2, auto bias_2, auto w_1, auto b_1, auto w_2,
                                   auto b_2) {
        const auto normed = shared(layer_norm(x, replicated(gain_1), replicated(bias_1)));
        const auto queries = einsum<"bnd,hdk->bhnk">(normed, w_q) + b_q;  // [b, h/t, n, k]
        const auto keys = einsum<"bnd,hdk->bhnk">(normed, w_k) + b_k;
        const auto values = einsum<"bnd,hdk->bhnk">(normed, w_v) + b_v;
        const auto scores = causal_mask(rsqrt_scale(einsum<"bhnk,bhmk->bhnm">(queries, keys), k));
        const auto kept = dropout(softmax(scores), training_dropout);
        const auto mixed = einsum<"bhnm,bhmk->bhnk">(kept, values);
        const auto attended = x + dropout(reduced(einsum<"bhnk,hkd->bnd">(mixed, w_o)) + replicated(b_o), training_dropout);
        const auto hidden = gelu(matmul(shared(layer_norm(attended, replicated(gain_2), replicated(bias_2))), w_1) + b_1);  // [b, n, 4d/t]
        return attended + dropout(reduced(matmul(hidden, w_2)) + replicated(b_2), training_dropout);
    };
    return trace(body, input<"x", float>(b, positions, d), param<"gain_1", float>(d), param<"bias_1", float>(d),
                 param<"w_q", float>(heads, d, k), param<"b_q", float>(heads, c<1>, k), param<"w_k", float>(heads, d, k),
                 param<"b_k", float>(heads, c<1>, k), param<"w_v", float>(heads, d, k),
                 param<"b_v", float>(heads, c<1>, k), param<"w_o", float>(heads, k, d), param<"b_o", float>(d),
                 param<"gain_2", float>(d), param<"bias_2", float>(d), param<"w_1", float>(d, width),
                 param<"b_1", float>(width), param<"w_2", float>(width, d), param<"b_2", float>(d));
}
}  // namespace detail

/// gpt_training_layer's graph, which remembers its extents so that it can be split.
template <typename T, Extent B, Extent N, Extent D, Extent H>
struct gpt_training_layer_graph : element_typed<T> {
    B b;
    N n;
    D d;
    H h;
    constexpr gpt_training_layer_graph(const B& b_, const N& n_, const D& d_, const H& h_)
        : element_typed<T>(detail::gpt_training_layer_on(b_, n_, d_, h_, c<1>)), b(b_), n(n_), d(d_), h(h_) {}
};

/// One GPT layer on x [b, n, d] for training (see the file comment); head width d/h.
template <typename T = float, Extent B, Extent N, Extent D, Extent H>
constexpr gpt_training_layer_graph<T, B, N, D, H> gpt_training_layer(const B& b, const N& n, const D& d, const H& h) {
    return {b, n, d, h};
}

}  // namespace ordo::models

namespace ordo {
/// One device's part of a GPT training layer split t ways (see models/training.hpp); its costs
/// are per device, polynomials in t.
template <typename T, typename B, typename N, typename D, typename H, TypedExtent Devices>
constexpr element_typed<T> tensor_parallel(const models::gpt_training_layer_graph<T, B, N, D, H>& layer, const Devices& t) {
    return models::detail::gpt_training_layer_on(layer.b, layer.n, layer.d, layer.h, t);
}
/// tensor_parallel with sequence parallelism (Korthikanti et al. 2022, §4.2.2): the norms,
/// dropouts and residuals, which tensor parallelism runs whole on every device, run on n/t
/// positions each; each all-reduce becomes a reduce-scatter along n, and an all-gather along n
/// feeds the column-parallel products. The same bytes are sent forward, and every activation is
/// split t ways: 34·b·n·d/t + 5·b·h·n²/t bytes saved in 16-bit types. The weights used on n/t
/// positions (the norms' gains and biases, b_o and b_2) hold a part of their gradient on each
/// device, all-reduced in the backward pass (parallel_input, as Megatron-LM does).
template <typename T, typename B, typename N, typename D, typename H, TypedExtent Devices>
constexpr element_typed<T> sequence_parallel(const models::gpt_training_layer_graph<T, B, N, D, H>& layer, const Devices& t) {
    return models::detail::gpt_training_layer_on<true>(layer.b, layer.n, layer.d, layer.h, t);
}
}  // namespace ordo
