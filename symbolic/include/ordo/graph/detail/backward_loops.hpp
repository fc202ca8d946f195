#pragma once
// How loops run backward (backward_builder.hpp's file comment): the builder's members that
// replay the forward and stack values per iteration, begin a loop's backward (its carried
// gradients), write the stacked gradients and close it. Included by backward_builder.hpp,
// after the builder's declaration.

#include <ordo/graph/detail/backward_builder.hpp>

namespace ordo::detail {

constexpr void backward_builder::replay_forward() {
    replaying = true;
    // a loop's results are stacked after the last of them: the runtime finds a loop's
    // results right after its body
    int deferred[max_nodes]{}, deferred_count = 0;
    const auto stack_deferred = [&] {
        for (int k = 0; k < deferred_count; ++k) stack_value(deferred[k], saved[deferred[k]]);
        deferred_count = 0;
    };
    for (int fid = 0; fid < f.node_count; ++fid) {
        const bool result = f.nodes[fid].kind == op_kind::loop_result;
        if (!result || (deferred_count > 0 && f.nodes[deferred[0]].region != f.nodes[fid].region)) stack_deferred();
        enter(f.nodes[fid].region);
        node n = replayed(f.nodes[fid]);
        for (int k = 0; k < n.operand_count; ++k) n.operands[k] = saved_value(n.operands[k]);
        saved[fid] = emit(n, n.shape, n.type);
        if (plan != nullptr && plan->read_inside[fid] && is_repeat(open_forward()) && f.nodes[fid].region != 0) {
            if (result) deferred[deferred_count++] = fid;
            else stack_value(fid, saved[fid]);
        }
    }
    stack_deferred();
    enter(0);
    replaying = false;
}

constexpr void backward_builder::stack_value(int key, int value) {
    const node& row = b.g.nodes[value];
    pending[level(open_forward())][key] = emit_with(op_kind::step_output, payloads::loop{b.current_region, 0}, {value},
                                                    stacked_shape(row.shape, extent{}), row.type);
}

constexpr void backward_builder::replay_opened(int r) {
    for (int c = 0; c < f.node_count; ++c)
        if (const int s = state_result(c, r); plan != nullptr && s >= 0 && plan->read_inside[state_key(s)])
            stack_value(state_key(s), saved[c]);
}

constexpr void backward_builder::restack_inner() {
    for (int key = 0; key < 2 * max_nodes; ++key)
        if (inner_stack[key] >= 0) {
            stack_value(key, inner_stack[key]);
            inner_stack[key] = -1;
        }
}

constexpr void backward_builder::closed(int r, int image) {
    const int lv = level(r);
    if (replaying) {  // every stack this loop's replay wrote (a nested loop's is written again by its parent)
        for (int key = 0; key < 2 * max_nodes; ++key) {
            if (pending[lv][key] < 0) continue;
            const node& row = b.g.nodes[b.g.nodes[pending[lv][key]].operands[0]];
            (lv == 0 ? stacked : inner_stack)[key] = emit_with(op_kind::loop_result, payloads::loop{image, 0},
                                                               {pending[lv][key]}, over_loop(row.shape, r), row.type);
            pending[lv][key] = -1;
        }
        return;
    }
    // every result first (the runtime finds a loop's results right after it), then the sums
    int result[max_nodes]{};
    for (int fid = 0; fid < f.node_count; ++fid) {
        result[fid] = -1;
        if (pending[lv][fid] < 0) continue;
        if (is_stacked_gradient(fid, r)) {
            const int w = f.nodes[fid].operands[0];
            result[fid] = emit_with(op_kind::loop_result, payloads::loop{image, loop_of(b.g.nodes[pending[lv][fid]]).axis},
                                    {pending[lv][fid]}, f.nodes[w].shape, f.nodes[w].type);
        } else if (f.nodes[fid].kind == op_kind::kv_cache && is_inside(f, fid, r)) {  // the cache's gradient
            if (cache_gradient[fid] >= 0)
                result[fid] = emit_with(op_kind::loop_result, payloads::loop{image, 0, pending[lv][fid]}, {cache_gradient[fid]},
                                        b.g.nodes[cache_gradient[fid]].shape, f.nodes[fid].type);
        } else if (!is_inside(f, fid, r) && grad[fid] >= 0 && grad[fid] != pending[lv][fid] && is_inside(b.g, grad[fid], image)) {
            result[fid] = emit_with(op_kind::loop_result, payloads::loop{image, 0, pending[lv][fid]}, {grad[fid]},
                                    f.nodes[fid].shape, f.nodes[fid].type);  // a carried gradient
        }
    }
    for (int fid = 0; fid < f.node_count; ++fid) {
        if (pending[lv][fid] < 0) continue;
        if (is_stacked_gradient(fid, r)) {
            accumulate(f.nodes[fid].operands[0], result[fid]);
        } else if (f.nodes[fid].kind == op_kind::kv_cache && is_inside(f, fid, r)) {
            cache_gradient[fid] = -1;  // summed into each step's entries inside the loop
        } else if (is_state_of(fid, r)) {  // the first layer's dx, beside the uses after the loop
            grad[fid] = outer_grad[fid];
            outer_grad[fid] = -1;
            if (result[fid] >= 0) accumulate(fid, result[fid]);
        } else if (!is_inside(f, fid, r) && result[fid] >= 0) {  // its gradient summed over the layers
            grad[fid] = result[fid];
        } else {
            continue;
        }
        pending[lv][fid] = -1;
    }
    for (int key = 0; key < 2 * max_nodes; ++key) {  // slices made inside the loop
        sliced[lv][key] = -1;
        if (lv == 1) outer_slice[key] = -1;
    }
}

constexpr void backward_builder::stack_slice_gradient(int fid) {
    if (!is_repeat(open_forward())) return pass_through(fid);
    const node& n = f.nodes[fid];
    int& pending_here = pending[level(open_forward())][fid];
    if (n.kind == op_kind::step_slice) {  // already of extent 1 on the stepped axis
        pending_here = emit_with(op_kind::step_output, payloads::loop{b.current_region, loop_of(n).axis}, {grad[fid]},
                                 n.shape, n.type);
        return;
    }
    pending_here = emit_with(op_kind::step_output, payloads::loop{b.current_region, 0}, {grad[fid]}, layer_shape(fid), n.type);
}

constexpr void backward_builder::loop_result_backward(int fid) {
    const int r = loop_of(f.nodes[fid]).region;
    if (!is_repeat(r)) return pass_through(fid);
    if (!begun[r]) begin_loop(r);
    if (!is_steps(r)) return;
    enter(r);
    const int value = f.nodes[f.nodes[fid].operands[0]].operands[0];  // what step_output wrote (a view: no reshape)
    accumulate(value, emit_with(op_kind::step_slice, payloads::loop{region_map[r], loop_of(f.nodes[fid]).axis},
                                {grad[fid]}, f.nodes[value].shape, f.nodes[value].type));
}

constexpr void backward_builder::kv_cache_backward(int fid) {
    const node& n = f.nodes[fid];
    const int* pending_here = pending[level(open_forward())];
    if (!is_steps(open_forward()) || pending_here[fid] < 0) {
        for (int k = 0; k < n.operand_count; ++k) gradient_to(fid, k, {});
        return;
    }
    const int axis = loop_of(n).axis;
    const int start = cache_gradient[fid] >= 0 ? cache_gradient[fid] : pending_here[fid];
    cache_gradient[fid] = emit_with(op_kind::gradient, payloads::gradient{op_kind::kv_cache, 0, axis}, {grad[fid], start},
                                    b.g.nodes[pending_here[fid]].shape, n.type);
    const node& entries = f.nodes[n.operands[0]];
    accumulate(n.operands[0], emit_with(op_kind::step_slice, payloads::loop{b.current_region, axis}, {cache_gradient[fid]},
                                        entries.shape, entries.type));
}

constexpr void backward_builder::begin_loop(int r) {
    begun[r] = true;
    int* pending_here = pending[level(r)];
    for (int s = f.regions[r].last + 1; s < f.node_count && f.nodes[s].kind == op_kind::loop_result; ++s) {
        const payloads::loop& p = loop_of(f.nodes[s]);
        const int y = f.nodes[s].operands[0];
        if (p.region != r || p.carried < 0) continue;
        if (!is_inside(f, y, r)) {  // the body returns this state unchanged
            if (grad[s] >= 0) accumulate(y, grad[s]);
            continue;
        }
        // a state whose result has no gradient starts from zeros if it receives one inside: the
        // first pass assumes it does (to find what its backward reads), the second knows
        int start = grad[s];
        if (start < 0 && (plan == nullptr || (plan->gradient_inside[p.carried] >> r & 1) != 0)) start = zeros(s);
        found.needed = found.needed || grad[s] < 0;
        if (start < 0) continue;
        outer_grad[p.carried] = grad[p.carried];
        grad[p.carried] = -1;
        pending_here[p.carried] = start;
        accumulate(y, start);
    }
    for (int k = f.regions[r].first; k <= f.regions[r].last; ++k)  // each KV cache's gradient, from zeros
        if (f.nodes[k].kind == op_kind::kv_cache && is_steps(r) && f.nodes[k].region == r)  // (not in a nested loop)
            pending_here[k] = emit_with(op_kind::fill, payloads::constant{}, {},
                                   f.nodes[k].shape.with(loop_of(f.nodes[k]).axis, f.regions[r].count), f.nodes[k].type);
    if (plan == nullptr) return;
    for (int v = 0; v < f.node_count; ++v)
        if ((plan->gradient_inside[v] >> r & 1) != 0 && !is_state_of(v, r)) {
            pending_here[v] = grad[v] >= 0 ? grad[v] : zeros(v);
            grad[v] = pending_here[v];
        }
}

constexpr int backward_builder::layer_of_stack(int fid, int r) {
    int* cache = sliced[level(open_forward())];  // slices made in the open loop's image
    const op_kind kind = f.nodes[fid].kind;
    int buffer = fid;  // through views and loads
    while (is_view(f.nodes[buffer].kind) || f.nodes[buffer].kind == op_kind::load) buffer = f.nodes[buffer].operands[0];
    const bool leaf = f.nodes[buffer].kind == op_kind::param || f.nodes[buffer].kind == op_kind::input;
    // a view (w[l], x[:, i], a reshape) is viewed again from its operand's handle: what is kept is
    // its buffer, once; a tile of a leaf is loaded again, as FlashAttention's backward does
    if ((is_view(kind) && kind != op_kind::loop_result) || (kind == op_kind::load && leaf && !is_state_of(buffer, r))) {
        if (cache[fid] >= 0) return cache[fid];
        node again = f.nodes[fid];
        if (again.payload.holds<payloads::loop>())
            again.payload = payloads::loop{region_map[loop_of(again).region], loop_of(again).axis};
        again.operands[0] = saved_value(again.operands[0]);
        return cache[fid] = emit(again, again.shape, again.type);
    }
    const int key = stack_key(fid, r);
    if (cache[key] >= 0) return cache[key];
    found.read_inside[key] = true;
    if (stacked[key] < 0) {  // kept by the forward pass: an input [L, ...] (or [T_outer, T_inner, ...]), unnamed
        stacked[key] = emit(make_node_with(op_kind::input, payloads::leaf{}), stack_shape(fid, r), f.nodes[fid].type);
        if (saved[fid] < 0) saved[fid] = stacked[key];
    }
    int stack = stacked[key];
    if (const int outer = f.regions[r].parent; outer != 0) {  // this outer iteration's [T_inner, ...]
        if (outer_slice[key] < 0)
            outer_slice[key] = emit_with(op_kind::layer_slice, payloads::loop{region_map[outer]}, {stack},
                                         b.g.nodes[stack].shape.without(0), f.nodes[fid].type);
        stack = outer_slice[key];
    }
    return cache[key] = emit_with(op_kind::layer_slice, payloads::loop{region_map[r]}, {stack}, f.nodes[fid].shape,
                                  f.nodes[fid].type);
}
}  // namespace ordo::detail
