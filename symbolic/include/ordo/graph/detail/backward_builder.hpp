#pragma once
// The machinery of ordo::backward (backward.hpp): the builder that walks a forward graph in
// reverse and emits its gradient graph, the interface the ops' backward rules call, and how
// top-level loops (layers, decoding steps) run backward:
//   - the backward loop is the forward loop reversed (region::reversed): iteration l runs
//     after l + 1;
//   - the loop's state gradient is its carried state: dy of the last layer comes in, each
//     iteration's dx is the next one's dy, the first layer's dx comes out;
//   - a forward value read inside the backward loop is read from a stack [L, ...] of its
//     value at every layer: written by the replayed forward (step_output along a new axis 0)
//     or, without recomputation, a saved input [L, ...];
//   - a stacked weight's gradient is stacked the same way (layer l's slice written in
//     iteration l); a tensor from outside the loop accumulates its gradient across the
//     iterations in a carried state that starts from its other gradients (or zeros).
//   - in a steps loop, step i reads row i of the output's gradient (step_slice) and writes row
//     i of the stepped input's (step_output); a value with the step index as an extent is
//     stacked padded to the count; a KV cache's gradient is a carried state at full length.
//   - a loop inside a top-level loop (FlashAttention's key blocks inside its query blocks) runs
//     backward inside its parent's backward: its values are stacked over both loops
//     [T_outer, T_inner, ...] (the replay stacks each outer iteration's inner stack again), and
//     its accumulators and stacked gradients live per outer iteration. Deeper loops are costed,
//     not run.
// Which values the loops read and accumulate is found by a first pass (loop_plan).

#include <ordo/graph/costs.hpp>
#include <ordo/graph/loops.hpp>

#include <initializer_list>

namespace ordo {

struct backward_options {
    bool recompute = false;  ///< replay the forward instead of keeping activations
};

namespace detail {

/// What a first pass over g found about its layer loops: the stacks the backward reads inside
/// a loop (keyed by the value inside the loop, or by the loop_result of a state), and the
/// values from outside a loop that receive gradients inside it (a bit per forward region).
struct loop_plan {
    bool read_inside[2 * max_nodes]{};  ///< by stack key: a value, or state_key of a state's loop_result
    int gradient_inside[max_nodes]{};
    bool needed = false;  ///< an accumulator or a state starting from zeros: a second pass builds them
};

/// The key of the stack of a loop's state, by its loop_result s: apart from the values' keys,
/// since a nested loop's result is itself a value its parent's backward may read.
constexpr int state_key(int s) { return max_nodes + s; }

/// How deep loop r is: 1 at the top level, 2 inside a top-level loop (0: r is the top level).
constexpr int loop_depth(const graph& g, int r) {
    int depth = 0;
    for (; r != 0; r = g.regions[r].parent) ++depth;
    return depth;
}
/// A loop that runs backward in reverse: a loop at the top level (layers, decoding steps) or
/// inside one (tiles). A loop deeper still keeps its iteration order (its backward is costed,
/// not run: the runtime refuses it, E303).
constexpr bool runs_in_reverse(const graph& g, int r) { return r != 0 && loop_depth(g, r) <= 2; }
constexpr bool has_loop_run_in_reverse(const graph& g) {
    for (int r = 1; r < g.region_count; ++r)
        if (runs_in_reverse(g, r)) return true;
    return false;
}

struct backward_builder {
    const graph& f;
    const loop_plan* plan;  ///< nullptr: this is the first pass, which writes `found`
    builder b;
    int saved[max_nodes]{};
    int grad[max_nodes]{};
    int region_map[max_regions]{};  ///< forward region -> open backward region (0: none)
    bool replaying = false;
    loop_plan found;
    int stacked[2 * max_nodes]{};   ///< stack key -> its stack [L, ...] or [T_outer, T_inner, ...] (-1: none)
    int inner_stack[2 * max_nodes]{};  ///< replay: key -> a nested loop's stack in this outer iteration
    int sliced[2][2 * max_nodes]{};  ///< per loop depth - 1: key -> this iteration's slice, made in the open loop
    int outer_slice[2 * max_nodes]{};  ///< key of a nested loop -> [T_inner, ...] of the outer iteration
    int pending[2][2 * max_nodes]{};   ///< per loop depth - 1: a stack's or a weight gradient's step_output, or a carried state's start
    int outer_grad[max_nodes]{};    ///< a loop's state: its gradient from uses after the loop
    bool begun[max_regions]{};
    int image_of[max_regions]{};    ///< forward region -> its latest image
    int cache_gradient[max_nodes]{};  ///< kv_cache -> its gradient so far in the open backward loop

    constexpr backward_builder(const graph& forward, const loop_plan* loops) : f(forward), plan(loops) {
        for (int i = 0; i < max_nodes; ++i) saved[i] = grad[i] = outer_grad[i] = cache_gradient[i] = -1;
        for (int i = 0; i < 2 * max_nodes; ++i)
            stacked[i] = inner_stack[i] = sliced[0][i] = sliced[1][i] = outer_slice[i] = pending[0][i] = pending[1][i] = -1;
    }
    /// The slot of loop r's per-depth tables.
    [[nodiscard]] constexpr int level(int r) const { return loop_depth(f, r) - 1; }

    constexpr int emit(node n, const shape_value& s, dtype t) {
        n.shape = s;
        n.type = t;
        return b.add(n);
    }
    constexpr int emit_with(op_kind kind, const node_payload& p, std::initializer_list<int> operands, const shape_value& s,
                            dtype t) {
        node n;
        n.kind = kind;
        n.payload = p;
        for (int o : operands) n.operands[n.operand_count++] = o;
        return emit(n, s, t);
    }

    // Loops.

    /// The forward region whose backward (or replayed) image is open (0: none).
    [[nodiscard]] constexpr int open_forward() const {
        for (int q = 1; q < f.region_count; ++q)
            if (region_map[q] == b.current_region && b.current_region != 0) return q;
        return 0;
    }
    [[nodiscard]] constexpr bool is_repeat(int r) const { return runs_in_reverse(f, r); }
    [[nodiscard]] constexpr bool is_steps(int r) const { return is_repeat(r) && f.regions[r].kind == region_kind::steps; }
    /// The loop_result of loop r whose state is forward value fid and changes from layer to
    /// layer (the body returns a new tensor); -1: none. A state returned unchanged is the same
    /// tensor in every layer: a value from outside the loop.
    [[nodiscard]] constexpr int state_result(int fid, int r) const {
        for (int s = f.regions[r].last + 1; s < f.node_count && f.nodes[s].kind == op_kind::loop_result; ++s)
            if (loop_of(f.nodes[s]).region == r && loop_of(f.nodes[s]).carried == fid && is_inside(f, f.nodes[s].operands[0], r))
                return s;
        return -1;
    }
    [[nodiscard]] constexpr bool is_state_of(int fid, int r) const { return state_result(fid, r) >= 0; }
    /// The innermost open loop that fid belongs to (made inside it, or its state); 0: none.
    [[nodiscard]] constexpr int loop_owning(int fid) const {
        for (int r = open_forward(); r != 0; r = f.regions[r].parent)
            if (is_repeat(r) && (is_inside(f, fid, r) || is_state_of(fid, r))) return r;
        return 0;
    }
    /// Where a stack of fid in loop r is kept: fid itself inside the loop, its state's key.
    [[nodiscard]] constexpr int stack_key(int fid, int r) const {
        return is_inside(f, fid, r) ? fid : state_key(state_result(fid, r));
    }
    /// fid's shape with `e` before its first axis: a stack's (E018 past ordo::max_rank axes).
    [[nodiscard]] static constexpr shape_value stacked_shape(shape_value s, const extent& e) {
        if (s.rank >= max_rank) {
            diagnostic::E018_graph_has_too_many_nodes_or_regions("axes of a value stacked over a loop");
            return s;
        }
        shape_value out;  // (inserted(0, e), with the bound in sight of g++'s -Wstringop-overflow)
        out.extents[out.rank++] = e;
        for (int a = 0; a < s.rank && out.rank < max_rank; ++a) out.extents[out.rank++] = s.extents[a];
        return out;
    }
    /// [1, ...] of forward value fid's shape: one layer of a stack.
    [[nodiscard]] constexpr shape_value layer_shape(int fid) const { return stacked_shape(f.nodes[fid].shape, extent{}); }
    /// A stack of shape s over loop r: [count, ...], an extent that is the step index i padded
    /// to the count (step i fills the first i positions).
    [[nodiscard]] constexpr shape_value over_loop(shape_value s, int r) const {
        const extent index = extent_of_dimension(f.regions[r].index);
        for (int a = 0; a < s.rank; ++a)
            if (s[a] == index) s = s.with(a, f.regions[r].count);
        return stacked_shape(s, f.regions[r].count);
    }
    /// The stack of fid over loop r, and over r's parent if r is nested.
    [[nodiscard]] constexpr shape_value stack_shape(int fid, int r) const {
        const shape_value s = over_loop(f.nodes[fid].shape, r);
        return f.regions[r].parent == 0 ? s : over_loop(s, f.regions[r].parent);
    }

    /// The replay keeps a stack of forward value fid (under `key`): this iteration's value,
    /// written as row i of it (step_output along the stack's new first axis).
    constexpr void stack_value(int key, int value);
    constexpr void replay_opened(int r);
    /// Before top-level loop r's replay closes: each nested loop's stack of this iteration,
    /// written as row r of the stack over both loops.
    constexpr void restack_inner();
    /// After loop r's image (`image`) closes: the replay's stacks, or the backward loop's results.
    constexpr void closed(int r, int image);
    /// Whether fid is a layer_slice or step_slice of loop r whose gradient is being stacked.
    [[nodiscard]] constexpr bool is_stacked_gradient(int fid, int r) const {
        const op_kind k = f.nodes[fid].kind;
        return (k == op_kind::layer_slice || k == op_kind::step_slice) && loop_of(f.nodes[fid]).region == r;
    }
    /// layer_slice's and step_slice's backward: inside a loop's backward image, iteration l's
    /// gradient is written into slice l of the stacked gradient (a loop result after the loop).
    constexpr void stack_slice_gradient(int fid);
    /// A loop's result: its loop's backward starts here, once for all its results; a steps
    /// loop's step i reads row i of the result's gradient.
    constexpr void loop_result_backward(int fid);
    /// kv_cache's backward in a steps loop run in reverse: the cache's gradient is a carried
    /// state [..., n, ...]; step i adds dK_i (of length i) to it, and its entry i, complete
    /// (the later steps ran first), is the gradient of step i's new keys.
    constexpr void kv_cache_backward(int fid);

    /// Loop r runs backward: each state's gradient becomes the loop's carried state, starting
    /// from the gradient of its result; values from outside that receive gradients inside
    /// accumulate them in carried states too (starting from their gradient so far, or zeros).
    constexpr void begin_loop(int r);
    constexpr int zeros(int fid) {
        return emit_with(op_kind::fill, payloads::constant{}, {}, f.nodes[fid].shape, f.nodes[fid].type);
    }

    /// Makes the backward graph's open region correspond to forward region `r`.
    constexpr void enter(int r) {
        int open = open_forward();
        while (open != r) {
            bool inside = false;  // is r inside `open`?
            for (int q = r; q != 0 && !inside; q = f.regions[q].parent) inside = f.regions[q].parent == open;
            if (inside || open == 0) {
                int child = r;
                while (f.regions[child].parent != open) child = f.regions[child].parent;
                const region& fr = f.regions[child];
                region_map[child] = image_of[child] = open_region(&b, fr.kind, fr.index, fr.count, fr.step_axis);
                b.g.regions[region_map[child]].reversed = !replaying && is_repeat(child);
                open = child;
                if (replaying && is_repeat(child)) replay_opened(child);
            } else {
                const int image = region_map[open];
                if (replaying && f.regions[open].parent == 0) restack_inner();
                close_region(&b, image);
                region_map[open] = 0;
                if (is_repeat(open)) closed(open, image);
                open = f.regions[open].parent;
            }
        }
    }

    /// A forward node's payload in the replay: its loop's image and its carried state's replay.
    constexpr node replayed(node n) const {
        if (n.payload.holds<payloads::loop>()) {
            payloads::loop p = loop_of(n);
            p.region = image_of[p.region];
            if (p.carried >= 0) p.carried = saved[p.carried];
            n.payload = p;
        }
        return n;
    }

    /// The backward graph's handle on forward value `fid`: a replayed node, or an input; inside
    /// a loop's backward image, layer l's slice of the value's stack.
    constexpr int saved_value(int fid) {
        if (!replaying) {
            if (const int r = loop_owning(fid); r != 0) return layer_of_stack(fid, r);
        }
        if (saved[fid] < 0 && f.nodes[fid].kind == op_kind::all_gather) {  // gathered again, from the saved part
            node again = f.nodes[fid];
            again.operands[0] = saved_value(again.operands[0]);
            saved[fid] = emit(again, again.shape, again.type);
        }
        if (saved[fid] < 0) saved[fid] = emit(saved_leaf(fid), f.nodes[fid].shape, f.nodes[fid].type);
        return saved[fid];
    }
    [[nodiscard]] constexpr node saved_leaf(int fid) const {
        const node& n = f.nodes[fid];
        const bool is_leaf = info_of(n.kind).memory == memory_role::resident;
        return make_node_with(n.kind == op_kind::param ? op_kind::param : op_kind::input,
                              payloads::leaf{is_leaf ? leaf_name(n) : u128{0}});
    }
    constexpr int layer_of_stack(int fid, int r);

    /// Activation recomputation: the forward replayed first, stacking what the loops' backward
    /// reads inside them.
    constexpr void replay_forward();

    constexpr void accumulate(int fid, int gid) {
        for (int r = open_forward(); r != 0; r = f.regions[r].parent)  // each open loop fid is not inside
            if (is_repeat(r) && !is_inside(f, fid, r)) {
                found.gradient_inside[fid] |= 1 << r;
                found.needed = found.needed || !is_state_of(fid, r);
            }
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

}  // namespace ordo

#include <ordo/graph/detail/backward_loops.hpp>

namespace ordo {

namespace detail {
constexpr backward_builder build_pass(const graph& g, backward_options options, const loop_plan* plan) {
    backward_builder w(g, plan);
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
    for (int id = 0; id < g.node_count; ++id) {  // the gradient of every leaf it reaches, in order
        const bool leaf = g.nodes[id].kind == op_kind::input || g.nodes[id].kind == op_kind::param;
        if (!leaf || w.grad[id] < 0) continue;
        if (w.b.g.output_count == max_outputs) diagnostic::E018_graph_has_too_many_nodes_or_regions("outputs");
        w.b.g.outputs[w.b.g.output_count++] = w.grad[id];
    }
    w.b.g.output = w.b.g.outputs[0];
    w.b.g.facts = g.facts;
    w.plan = nullptr;
    return w;
}

/// The builder after deriving g's backward graph: the graph (b.g) and which forward values it
/// reads (saved[fid] >= 0), which saved_activation_bytes sums. A graph with repeat loops is
/// walked twice: the first pass finds what the loops' backward reads and accumulates.
constexpr backward_builder build_backward(const graph& g, backward_options options) {
    if (!has_loop_run_in_reverse(g)) return build_pass(g, options, nullptr);
    const backward_builder first = build_pass(g, backward_options{}, nullptr);
    if (!options.recompute && !first.found.needed) return first;
    return build_pass(g, options, &first.found);
}
}  // namespace detail

}  // namespace ordo
