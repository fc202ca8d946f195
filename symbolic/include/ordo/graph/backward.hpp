#pragma once
/// \file
/// The backward pass, derived op by op: `ordo::backward(g)` is the graph that computes the
/// gradient of g's output with respect to every operand (inputs, weights and activations),
/// given the gradient of the output.
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
///   - loops run backward with the same index and count.
/// Saved activations are inputs of the backward graph, except an all-gather's result, which
/// is gathered again from the saved part (Megatron's sequence parallelism keeps each device's
/// part only, Korthikanti et al. 2022 §4.2.2); with `recompute = true` the forward
/// ops are replayed first (activation recomputation: the backward graph includes a forward).
///
///     static_assert(ordo::flops(ordo::backward(g), conventions::gemm_only) ==
///                   2 * ordo::flops(g, conventions::gemm_only));   // matmul-only g

#include <ordo/graph/costs.hpp>
#include <ordo/graph/loops.hpp>

#include <initializer_list>

namespace ordo {

struct backward_options {
    bool recompute = false;  ///< replay the forward instead of keeping activations
};

namespace detail {

struct backward_builder {
    const graph& f;
    builder b;
    int saved[max_nodes]{};
    int grad[max_nodes]{};
    int region_map[max_regions]{};  ///< forward region -> open backward region (0: none)

    constexpr explicit backward_builder(const graph& forward) : f(forward) {
        for (int i = 0; i < max_nodes; ++i) saved[i] = grad[i] = -1;
    }

    constexpr int emit(node n, const shape_value& s, dtype t) {
        n.shape = s;
        n.type = t;
        return b.add(n);
    }

    /// Makes the backward graph's open region correspond to forward region `r`.
    constexpr void enter(int r) {
        int open = 0;  // forward region whose image is open in b
        for (int q = 0; q < f.region_count; ++q)
            if (region_map[q] == b.current_region && b.current_region != 0) open = q;
        while (open != r) {
            bool inside = false;  // is r inside `open`?
            for (int q = r; q != 0 && !inside; q = f.regions[q].parent) inside = f.regions[q].parent == open;
            if (inside || open == 0) {
                int child = r;
                while (f.regions[child].parent != open) child = f.regions[child].parent;
                const region& fr = f.regions[child];
                region_map[child] = open_region(&b, fr.kind, fr.index, fr.count, fr.step_axis);
                open = child;
            } else {
                close_region(&b, region_map[open]);
                region_map[open] = 0;
                open = f.regions[open].parent;
            }
        }
    }

    /// The backward graph's handle on forward value `fid`: a replayed node, or an input.
    constexpr int saved_value(int fid) {
        if (saved[fid] < 0 && f.nodes[fid].kind == op_kind::all_gather) {  // gathered again, from the saved part
            node again = f.nodes[fid];
            again.operands[0] = saved_value(again.operands[0]);
            saved[fid] = emit(again, again.shape, again.type);
        }
        if (saved[fid] < 0) {
            const node& n = f.nodes[fid];
            const bool is_leaf = info_of(n.kind).memory == memory_role::resident;
            node leaf = make_node_with(n.kind == op_kind::param ? op_kind::param : op_kind::input,
                                       payloads::leaf{is_leaf ? leaf_name(n) : u128{0}});
            saved[fid] = emit(leaf, n.shape, n.type);
        }
        return saved[fid];
    }

    constexpr void replay_forward() {
        for (int fid = 0; fid < f.node_count; ++fid) {
            enter(f.nodes[fid].region);
            node n = f.nodes[fid];
            for (int k = 0; k < n.operand_count; ++k) n.operands[k] = saved_value(n.operands[k]);
            saved[fid] = emit(n, n.shape, n.type);
        }
    }

    constexpr void accumulate(int fid, int gid) {
        if (grad[fid] < 0) {
            grad[fid] = gid;
            return;
        }
        node sum_node = make_node_with(op_kind::gradient, payloads::gradient{op_kind::add, -1});  // two gradients of one value
        sum_node.operand_count = 2;
        sum_node.operands[0] = grad[fid];
        sum_node.operands[1] = gid;
        grad[fid] = emit(sum_node, f.nodes[fid].shape, f.nodes[fid].type);
    }

    // The interface ops' backward rules use (op_traits<K>::backward).

    /// The forward graph.
    [[nodiscard]] constexpr const graph& forward() const { return f; }
    /// The gradient flowing into forward value `fid`.
    [[nodiscard]] constexpr int grad_of(int fid) const { return grad[fid]; }

    /// Adds to operand `which` of forward node `fid` a gradient node that reads the incoming
    /// gradient and the forward values `saved_operands`.
    constexpr void gradient_to(int fid, int which, std::initializer_list<int> saved_operands) {
        const node& n = f.nodes[fid];
        payloads::gradient of{n.kind, which, n.payload.holds<payloads::axis>() ? axis_of(n) : -1};
        if (n.payload.holds<payloads::slice>()) {
            const payloads::slice& cut = n.payload.get<payloads::slice>();
            of.axis = cut.axis;
            of.begin = cut.begin;
        }
        node gnode = make_node_with(op_kind::gradient, of);
        gnode.operands[gnode.operand_count++] = grad[fid];
        for (int s : saved_operands) gnode.operands[gnode.operand_count++] = saved_value(s);
        const node& operand = f.nodes[n.operands[which]];
        accumulate(n.operands[which], emit(gnode, operand.shape, operand.type));
    }

    /// Passes the incoming gradient to operand 0 unchanged (a view or a copy).
    constexpr void pass_through(int fid) {
        const int a = f.nodes[fid].operands[0];
        node view;
        view.kind = op_kind::reshape;
        view.operand_count = 1;
        view.operands[0] = grad[fid];
        accumulate(a, emit(view, f.nodes[a].shape, f.nodes[a].type));
    }

    /// Passes to operand 0 of forward node `fid` op `kind`, with fid's payload, applied to the
    /// incoming gradient and the forward values `saved_operands` (rsqrt_scale's gradient is
    /// itself; parallel_input's an all-reduce; dropout's itself with the same mask).
    constexpr void apply_to_gradient(int fid, op_kind kind, std::initializer_list<int> saved_operands = {}) {
        const node& n = f.nodes[fid];
        node m;
        m.kind = kind;
        m.payload = n.payload;
        m.operands[m.operand_count++] = grad[fid];
        for (int s : saved_operands) m.operands[m.operand_count++] = saved_value(s);
        const node& x = f.nodes[n.operands[0]];
        accumulate(n.operands[0], emit(m, x.shape, x.type));
    }

    /// An einsum node (a contraction's gradient); -1 operands are unused slots.
    constexpr int einsum_node(const payloads::einsum& spec, std::initializer_list<int> operands, const shape_value& s,
                              dtype t) {
        node e = make_node_with(op_kind::einsum, spec);
        for (int o : operands)
            if (o >= 0) e.operands[e.operand_count++] = o;
        return emit(e, s, t);
    }

    constexpr void node_backward(int fid) {
        visit_op(f.nodes[fid].kind, [&](auto kind) { op_traits<decltype(kind)::value>::backward(*this, fid); });
    }
};

}  // namespace detail

namespace detail {
/// The builder after deriving g's backward graph: the graph (b.g) and which forward values it
/// reads (saved[fid] >= 0), which saved_activation_bytes sums.
constexpr backward_builder build_backward(const graph& g, backward_options options) {
    backward_builder w(g);
    if (options.recompute) w.replay_forward();
    w.enter(0);
    w.grad[g.output] = w.emit(detail::make_node_with(op_kind::input, payloads::leaf{detail::pack_name("grad_output")}),
                              g.nodes[g.output].shape, g.nodes[g.output].type);
    for (int fid = g.node_count - 1; fid >= 0; --fid) {
        if (w.grad[fid] < 0) continue;  // nothing flows back through this value
        w.enter(g.nodes[fid].region);
        w.node_backward(fid);
    }
    w.enter(0);
    w.b.g.output = w.b.g.node_count - 1;
    w.b.g.outputs[0] = w.b.g.output;
    w.b.g.output_count = 1;
    w.b.g.facts = g.facts;
    return w;
}
}  // namespace detail

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
