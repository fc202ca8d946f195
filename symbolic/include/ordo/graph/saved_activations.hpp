#pragma once
/// \file
/// Saved activations: the bytes of the forward tensors that the backward pass reads, derived
/// from the backward rules (`backward.hpp`), not tabled. Training keeps them from the forward
/// pass to the backward pass, so they are the activation term of training memory.
///
///   - `recompute::none`: every forward value a gradient rule reads (a matmul's input for the
///     weight's gradient, gelu's input, softmax's output, ...), at its dtype; weights are not
///     activations and are left out;
///   - `recompute::selective`: the attention core is recomputed in the backward pass
///     (Korthikanti et al. 2022, §5): the tensors from a product of two activations
///     (queries·keysᵀ) up to the next one (·values), the scores, their softmax and its dropout
///     mask and result, are not kept; the core's inputs, queries, keys and values, are;
///   - `recompute::full`: the forward runs again inside the backward pass (activation
///     recomputation, `backward_options{true}`), so only the graph's inputs are kept; cost one
///     layer to checkpoint per layer.
///
/// Values inside loops are kept once per iteration (summed in closed form, as the costs are);
/// so is a layer loop's state (each layer's input; under `full` too, but the first layer's,
/// which the graph's inputs recompute);
/// a KV cache once, at its full length. A view saves its buffer, once however many views of it
/// are read. An all-gather's result is not kept but gathered again (its part is kept).
///
///     constexpr auto g = trace([](auto x, auto w) { return gelu(matmul(x, w)); },
///                              input<"x", float>(b, d), param<"w", float>(d, f));
///     static_assert(saved_activation_bytes(g) == 4 * b * d + 4 * b * f);  // x and x·w

#include <ordo/graph/backward.hpp>

namespace ordo {

/// What the backward pass recomputes rather than keeps.
enum class recompute {
    none,       ///< keep every forward value the backward reads
    selective,  ///< keep them but the attention core's (recomputed from queries, keys and values)
    full,       ///< keep the graph's inputs; replay the forward in the backward pass
};

namespace detail {
/// Marks the attention core: the nodes reached from a product of two activations (a
/// contraction with no weight operand) and reaching the operands of another, without passing
/// any other contraction on either side; the first product is inside, the second not. In a
/// transformer the products of two activations are attention's, so this is scores → scaling
/// → mask → softmax → dropout (and its mask), and nothing of the projections around it.
constexpr void mark_attention_core(const graph& g, bool* core) {
    bool product[max_nodes]{}, from[max_nodes]{}, into[max_nodes]{};
    for (int id = 0; id < g.node_count; ++id) {
        const node& n = g.nodes[id];
        bool weighted = false;
        for (int k = 0; k < n.operand_count; ++k) weighted |= g.nodes[buffer_of(g, n.operands[k])].kind == op_kind::param;
        product[id] = is_contraction(g, id) && n.operand_count >= 2 && !weighted;
        for (int k = 0; k < n.operand_count && !is_contraction(g, id); ++k) from[id] |= from[n.operands[k]];
        from[id] |= product[id];
    }
    for (int id = g.node_count - 1; id >= 0; --id) {  // consumers come after what they read
        const node& n = g.nodes[id];
        if (product[id] || (!is_contraction(g, id) && into[id]))
            for (int k = 0; k < n.operand_count; ++k) into[n.operands[k]] = true;
    }
    for (int id = 0; id < g.node_count; ++id) core[id] = from[id] && into[id];
}

/// Σ of buffer_bytes over the buffers marked in `kept`: a KV cache once (it is allocated at
/// its full length), every other buffer once per iteration of its loops.
constexpr polynomial kept_bytes(const graph& g, const bool* kept) {
    polynomial caches;
    for (int id = 0; id < g.node_count; ++id)
        if (kept[id] && g.nodes[id].kind == op_kind::kv_cache) caches += buffer_bytes(g, id);
    return caches + aggregate(g, [&](int id) {
               return kept[id] && g.nodes[id].kind != op_kind::kv_cache ? buffer_bytes(g, id) : polynomial{};
           });
}
}  // namespace detail

namespace detail {
/// A repeat loop's state is kept once per iteration (each layer's input), in every iteration of
/// the loops around it: the bytes beyond the first iteration's, which kept_bytes counts once
/// per iteration of the enclosing loops as a tensor outside the loop. Only the loops the
/// backward runs in reverse, and the states it reads inside their loop (by state_key), where
/// `read_inside` is given.
constexpr polynomial layer_inputs_beyond_the_first(const graph& g, const bool* read_inside) {
    polynomial extra;
    for (int r = 1; r < g.region_count; ++r) {
        if (g.regions[r].kind != region_kind::repeat || !runs_in_reverse(g, r)) continue;
        polynomial iterations = to_polynomial(g.regions[r].count) - polynomial(1);
        for (int q = g.regions[r].parent; q != 0; q = g.regions[q].parent) iterations *= to_polynomial(g.regions[q].count);
        for (int s = g.regions[r].last + 1; s < g.node_count && g.nodes[s].kind == op_kind::loop_result; ++s) {
            const int c = loop_of(g.nodes[s]).carried;  // a state the body returns unchanged is one tensor
            if (loop_of(g.nodes[s]).region != r || c < 0 || !is_inside(g, g.nodes[s].operands[0], r) ||
                (read_inside != nullptr && !read_inside[state_key(s)]))
                continue;
            extra += buffer_bytes(g, buffer_of(g, c)) * iterations;
        }
    }
    return extra;
}
}  // namespace detail

/// Bytes of the forward tensors kept for g's backward pass under `policy` (see the file comment).
constexpr cost<units::bytes> saved_activation_bytes(const graph& g, recompute policy = recompute::none) {
    bool kept[max_nodes]{};
    if (policy == recompute::full) {
        for (int id = 0; id < g.node_count; ++id) kept[id] = g.nodes[id].kind == op_kind::input;
        return {detail::kept_bytes(g, kept) + detail::layer_inputs_beyond_the_first(g, nullptr), g.facts};
    }
    const detail::backward_builder w = detail::build_backward(g, backward_options{});
    for (int id = 0; id < g.node_count; ++id)
        if (w.saved[id] >= 0 && g.nodes[id].kind != op_kind::all_gather) {  // gathered again, not kept
            int buffer = id;  // through views, up to a loop's result (kept once per iteration of the loops around it)
            while (is_view(g.nodes[buffer].kind) && g.nodes[buffer].kind != op_kind::loop_result)
                buffer = g.nodes[buffer].operands[0];
            kept[buffer] = kept[buffer] || g.nodes[buffer].kind != op_kind::param;
        }
    if (policy == recompute::selective) {
        bool core[max_nodes]{};
        detail::mark_attention_core(g, core);
        for (int id = 0; id < g.node_count; ++id) kept[id] = kept[id] && !core[id];
    }
    return {detail::kept_bytes(g, kept) + detail::layer_inputs_beyond_the_first(g, w.found.read_inside), g.facts};
}

}  // namespace ordo
