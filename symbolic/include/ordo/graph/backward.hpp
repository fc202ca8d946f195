#pragma once
/// \file
/// The backward pass, derived op by op: `ordo::backward(g)` is the graph that computes the
/// gradient of g's output with respect to every operand (inputs, weights and activations),
/// given the gradient of the output.
///
///   - a contraction's backward is two contractions of the same size (matmul: dA = dY·Bᵀ and
///     dB = Aᵀ·dY), emitted as einsum nodes, so `gemm_only` counts them like the forward;
///   - every other op has a gradient node with its own rule (rules.hpp, "backward" table):
///     multiply 1 per element, divide 1 and 3, exp 1, softmax 4 (y·(dy − Σ dy·y)), gelu 19,
///     silu 9, layer_norm 11 per element + 4 per row (gain 2, bias 1), rms_norm 8 + 3
///     (gain 2), max 1 per input element, mean 1, sum 0 (a broadcast), embedding and window
///     1 per output element (scatter-add), kv_cache 1 (accumulate), copies and views 0;
///     a broadcast operand adds 1 per element of the output (the reduction);
///   - a tensor used several times accumulates its gradients (1 per element per extra use);
///   - loops run backward with the same index and count.
/// Saved activations are inputs of the backward graph; with `recompute = true` the forward
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
        if (saved[fid] < 0) {
            node leaf;
            leaf.kind = f.nodes[fid].kind == op_kind::param ? op_kind::param : op_kind::input;
            leaf.name = f.nodes[fid].name;
            saved[fid] = emit(leaf, f.nodes[fid].shape, f.nodes[fid].type);
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
        node sum_node;
        sum_node.kind = op_kind::gradient;
        sum_node.of = op_kind::add;
        sum_node.which = -1;  // accumulation of two gradients
        sum_node.operand_count = 2;
        sum_node.operands[0] = grad[fid];
        sum_node.operands[1] = gid;
        grad[fid] = emit(sum_node, f.nodes[fid].shape, f.nodes[fid].type);
    }

    constexpr int gradient_node(int fid, int which, std::initializer_list<int> saved_operands) {
        const node& n = f.nodes[fid];
        node gnode;
        gnode.kind = op_kind::gradient;
        gnode.of = n.kind;
        gnode.which = which;
        gnode.axis = n.axis;
        gnode.parameter = n.parameter;
        gnode.operands[gnode.operand_count++] = grad[fid];
        for (int s : saved_operands) gnode.operands[gnode.operand_count++] = saved_value(s);
        const node& operand = f.nodes[n.operands[which]];
        return emit(gnode, operand.shape, operand.type);
    }

    /// An einsum node computing a contraction's gradient.
    constexpr int einsum_node(const char* spec, int length, std::initializer_list<int> operands,
                              const shape_value& s, dtype t) {
        node e;
        e.kind = op_kind::einsum;
        for (int i = 0; i < length && i + 1 < 40; ++i) e.spec[i] = spec[i];
        for (int o : operands)
            if (o >= 0) e.operands[e.operand_count++] = o;  // -1: an unused slot
        return emit(e, s, t);
    }

    constexpr void matmul_backward(int fid) {
        const node& n = f.nodes[fid];
        const shape_value& a = f.nodes[n.operands[0]].shape;
        const shape_value& bs = f.nodes[n.operands[1]].shape;
        // letters: batch A.., contracted k, rest p..
        char batch[max_rank]{}, rest[max_rank]{};
        for (int i = 0; i + 1 < a.rank; ++i) batch[i] = static_cast<char>('A' + i);
        for (int i = 0; i + 1 < bs.rank; ++i) rest[i] = static_cast<char>('p' + i);
        char spec[40]{};
        int len = 0;
        auto put = [&](const char* s, int count) { for (int i = 0; i < count; ++i) spec[len++] = s[i]; };
        // dA = einsum(dY, B): "<batch><rest>,k<rest>-><batch>k"
        put(batch, a.rank - 1); put(rest, bs.rank - 1); put(",k", 2); put(rest, bs.rank - 1); put("->", 2);
        put(batch, a.rank - 1); put("k", 1);
        accumulate(n.operands[0], einsum_node(spec, len, {grad[fid], saved_value(n.operands[1])}, a, n.type));
        len = 0;
        // dB = einsum(A, dY): "<batch>k,<batch><rest>->k<rest>"
        put(batch, a.rank - 1); put("k,", 2); put(batch, a.rank - 1); put(rest, bs.rank - 1); put("->k", 3);
        put(rest, bs.rank - 1);
        accumulate(n.operands[1], einsum_node(spec, len, {saved_value(n.operands[0]), grad[fid]}, bs, n.type));
    }

    /// A contraction of k operands: d(operand w) = einsum(dY, the other operands -> w's
    /// indices), a contraction of the same iteration space. Needs every index of w to appear
    /// in the output or another operand (E026 otherwise).
    constexpr void einsum_backward(int fid) {
        const node& n = f.nodes[fid];
        const einsum_spec p = parse_einsum(spec_of(n.spec));
        if (p.operand_count == 1) {  // a permutation or reduction goes back as a copy or broadcast
            accumulate(n.operands[0], gradient_node(fid, 0, {}));
            return;
        }
        for (int which = 0; which < p.operand_count; ++which) {
            char spec[40]{};
            int len = 0;
            auto put = [&](const char* s, int count) { for (int i = 0; i < count; ++i) spec[len++] = s[i]; };
            put(p.output, p.output_rank);
            int sources[max_operands]{grad[fid], -1, -1};
            int source_count = 1;
            for (int other = 0; other < p.operand_count; ++other) {
                if (other == which) continue;
                spec[len++] = ',';
                put(p.index[other], p.rank[other]);
                sources[source_count++] = saved_value(n.operands[other]);
            }
            for (int i = 0; i < p.rank[which]; ++i) {
                bool found = false;
                for (int k = 0; k < len; ++k) found |= spec[k] == p.index[which][i];
                if (!found) diagnostic::E026_backward_of_an_einsum_index_found_in_one_operand_only(spec_of(n.spec));
            }
            put("->", 2);
            put(p.index[which], p.rank[which]);
            const int target = n.operands[which];
            accumulate(target, einsum_node(spec, len, {sources[0], sources[1], sources[2]}, f.nodes[target].shape,
                                           n.type));
        }
    }

    constexpr void node_backward(int fid) {
        const node& n = f.nodes[fid];
        const int a = n.operand_count > 0 ? n.operands[0] : -1;
        const int b2 = n.operand_count > 1 ? n.operands[1] : -1;
        switch (n.kind) {
            case op_kind::input:
            case op_kind::param:
            case op_kind::fill: return;
            case op_kind::matmul: return matmul_backward(fid);
            case op_kind::einsum: return einsum_backward(fid);
            case op_kind::reshape:
            case op_kind::step_slice:
            case op_kind::layer_slice:
            case op_kind::loop_result:
            case op_kind::step_output:
            case op_kind::load:
            case op_kind::store: {  // the gradient passes through (a view or a copy)
                node view;
                view.kind = op_kind::reshape;
                view.operand_count = 1;
                view.operands[0] = grad[fid];
                accumulate(a, emit(view, f.nodes[a].shape, f.nodes[a].type));
                return;
            }
            case op_kind::add:
            case op_kind::subtract:
                accumulate(a, gradient_node(fid, 0, {}));
                accumulate(b2, gradient_node(fid, 1, {}));
                return;
            case op_kind::multiply:
                accumulate(a, gradient_node(fid, 0, {b2}));
                accumulate(b2, gradient_node(fid, 1, {a}));
                return;
            case op_kind::divide:
            case op_kind::maximum:
                accumulate(a, gradient_node(fid, 0, {a, b2}));
                accumulate(b2, gradient_node(fid, 1, {a, b2}));
                return;
            case op_kind::exp:
            case op_kind::softmax: accumulate(a, gradient_node(fid, 0, {fid})); return;
            case op_kind::gelu:
            case op_kind::silu: accumulate(a, gradient_node(fid, 0, {a})); return;
            case op_kind::max: accumulate(a, gradient_node(fid, 0, {a, fid})); return;
            case op_kind::layer_norm:
            case op_kind::rms_norm:
                accumulate(a, gradient_node(fid, 0, {a, b2}));
                for (int k = 1; k < n.operand_count; ++k) accumulate(n.operands[k], gradient_node(fid, k, {a}));
                return;
            case op_kind::embedding: accumulate(b2, gradient_node(fid, 1, {a})); return;
            case op_kind::concat:
                accumulate(a, gradient_node(fid, 0, {}));
                accumulate(b2, gradient_node(fid, 1, {}));
                return;
            default: accumulate(a, gradient_node(fid, 0, {})); return;  // unary, copies, caches
        }
    }
};

}  // namespace detail

/// The gradient computation of g (see the file comment).
constexpr graph backward(const graph& g, backward_options options = {}) {
    detail::backward_builder w(g);
    if (options.recompute) w.replay_forward();
    w.enter(0);
    node seed;
    seed.kind = op_kind::input;
    seed.name = detail::pack_name("grad_output");
    w.grad[g.output] = w.emit(seed, g.nodes[g.output].shape, g.nodes[g.output].type);
    for (int fid = g.node_count - 1; fid >= 0; --fid) {
        if (w.grad[fid] < 0) continue;  // nothing flows back through this value
        w.enter(g.nodes[fid].region);
        w.node_backward(fid);
    }
    w.enter(0);
    w.b.g.output = w.b.g.node_count - 1;
    w.b.g.facts = g.facts;
    return w.b.g;
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
