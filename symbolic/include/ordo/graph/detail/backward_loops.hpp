#pragma once
// How top-level loops run backward (backward_builder.hpp's file comment): the builder's
// members that stack values per iteration, begin a loop's backward (its carried gradients),
// write the stacked gradients and close it. Included by backward_builder.hpp, after the
// builder's declaration.

#include <ordo/graph/detail/backward_builder.hpp>

namespace ordo::detail {

constexpr void backward_builder::stack_value(int fid, int key, int value) {
    pending[key] = emit_with(op_kind::step_output, payloads::loop{b.current_region, 0}, {value}, layer_shape(fid),
                             f.nodes[fid].type);
}

constexpr void backward_builder::replay_opened(int r) {
    for (int c = 0; c < f.node_count; ++c)
        if (const int s = state_result(c, r); plan != nullptr && s >= 0 && plan->read_inside[s]) stack_value(c, s, saved[c]);
}

constexpr void backward_builder::closed(int r, int image) {
    if (replaying) {
        for (int key = 0; key < f.node_count; ++key)  // a value inside the loop, or a state's loop_result
            if (pending[key] >= 0 && (is_inside(f, key, r) || is_result_of(key, r))) {
                stacked[key] = emit_with(op_kind::loop_result, payloads::loop{image, 0}, {pending[key]},
                                         stack_shape(key, r), f.nodes[key].type);
                pending[key] = -1;
            }
        return;
    }
    // every result first (the runtime finds a loop's results right after it), then the sums
    int result[max_nodes]{};
    for (int fid = 0; fid < f.node_count; ++fid) {
        result[fid] = -1;
        if (pending[fid] < 0) continue;
        if (is_stacked_gradient(fid, r)) {
            const int w = f.nodes[fid].operands[0];
            result[fid] = emit_with(op_kind::loop_result, payloads::loop{image, loop_of(b.g.nodes[pending[fid]]).axis},
                                    {pending[fid]}, f.nodes[w].shape, f.nodes[w].type);
        } else if (f.nodes[fid].kind == op_kind::kv_cache && is_inside(f, fid, r)) {  // the cache's gradient
            if (cache_gradient[fid] >= 0)
                result[fid] = emit_with(op_kind::loop_result, payloads::loop{image, 0, pending[fid]}, {cache_gradient[fid]},
                                        b.g.nodes[cache_gradient[fid]].shape, f.nodes[fid].type);
        } else if (!is_inside(f, fid, r) && grad[fid] >= 0 && grad[fid] != pending[fid] && is_inside(b.g, grad[fid], image)) {
            result[fid] = emit_with(op_kind::loop_result, payloads::loop{image, 0, pending[fid]}, {grad[fid]},
                                    f.nodes[fid].shape, f.nodes[fid].type);  // a carried gradient
        }
    }
    for (int fid = 0; fid < f.node_count; ++fid) {
        if (pending[fid] < 0) continue;
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
        pending[fid] = -1;
    }
    for (int key = 0; key < f.node_count; ++key)
        if (is_inside(f, key, r) || is_result_of(key, r)) sliced[key] = -1;
}

constexpr void backward_builder::stack_slice_gradient(int fid) {
    if (!is_repeat(open_forward())) return pass_through(fid);
    const node& n = f.nodes[fid];
    if (n.kind == op_kind::step_slice) {  // already of extent 1 on the stepped axis
        pending[fid] = emit_with(op_kind::step_output, payloads::loop{b.current_region, loop_of(n).axis}, {grad[fid]},
                                 n.shape, n.type);
        return;
    }
    pending[fid] = emit_with(op_kind::step_output, payloads::loop{b.current_region, 0}, {grad[fid]}, layer_shape(fid), n.type);
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
    if (!is_steps(open_forward()) || pending[fid] < 0) {
        for (int k = 0; k < n.operand_count; ++k) gradient_to(fid, k, {});
        return;
    }
    const int axis = loop_of(n).axis;
    const int start = cache_gradient[fid] >= 0 ? cache_gradient[fid] : pending[fid];
    cache_gradient[fid] = emit_with(op_kind::gradient, payloads::gradient{op_kind::kv_cache, 0, axis}, {grad[fid], start},
                                    b.g.nodes[pending[fid]].shape, n.type);
    const node& entries = f.nodes[n.operands[0]];
    accumulate(n.operands[0], emit_with(op_kind::step_slice, payloads::loop{b.current_region, axis}, {cache_gradient[fid]},
                                        entries.shape, entries.type));
}

constexpr void backward_builder::begin_loop(int r) {
    begun[r] = true;
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
        pending[p.carried] = start;
        accumulate(y, start);
    }
    for (int k = f.regions[r].first; k <= f.regions[r].last; ++k)  // each KV cache's gradient, from zeros
        if (f.nodes[k].kind == op_kind::kv_cache && is_steps(r) && f.nodes[k].region == r)  // (not in a nested loop)
            pending[k] = emit_with(op_kind::fill, payloads::constant{}, {},
                                   f.nodes[k].shape.with(loop_of(f.nodes[k]).axis, f.regions[r].count), f.nodes[k].type);
    if (plan == nullptr) return;
    for (int v = 0; v < f.node_count; ++v)
        if ((plan->gradient_inside[v] >> r & 1) != 0 && !is_state_of(v, r)) {
            pending[v] = grad[v] >= 0 ? grad[v] : zeros(v);
            grad[v] = pending[v];
        }
}

constexpr int backward_builder::layer_of_stack(int fid, int r) {
    const int buffer = buffer_of(f, fid);
    const op_kind leaf = f.nodes[buffer].kind;
    if (buffer != fid && (leaf == op_kind::param || leaf == op_kind::input) && !is_state_of(buffer, r)) {
        if (sliced[fid] >= 0) return sliced[fid];  // a view of a leaf (w[l], x[:, i]): viewed again
        node again = f.nodes[fid];
        if (again.payload.holds<payloads::loop>()) again.payload = payloads::loop{region_map[r], loop_of(again).axis};
        again.operands[0] = saved_value(again.operands[0]);
        return sliced[fid] = emit(again, again.shape, again.type);
    }
    const int key = stack_key(fid, r);
    if (sliced[key] >= 0) return sliced[key];
    found.read_inside[key] = true;
    if (stacked[key] < 0) {  // kept by the forward pass: an input [L, ...], unnamed
        stacked[key] = emit(make_node_with(op_kind::input, payloads::leaf{}), stack_shape(fid, r), f.nodes[fid].type);
        if (saved[fid] < 0) saved[fid] = stacked[key];
    }
    sliced[key] = emit_with(op_kind::layer_slice, payloads::loop{region_map[r]}, {stacked[key]}, f.nodes[fid].shape,
                            f.nodes[fid].type);
    return sliced[key];
}
}  // namespace ordo::detail
