#pragma once
/// \file
/// The costs of a traced graph, exact and symbolic:
///   `flops(g, convention)`  FLOPs (units::flops), loops summed in closed form;
///   `bytes_moved(g)`        bytes each op reads and writes (units::bytes);
///   `peak_memory(g)`        the largest live memory at any program point (units::bytes;
///                           an ordo::piecewise_max when points are incomparable);
///   `params(g)`             elements of all weights (units::elements);
///   `active_params(g)`      elements of the weights one token uses (e of E experts);
///   `kv_cache_bytes(g)`     bytes of all KV caches at full length (units::bytes);
///   `output_shape(g)`       the shape of the traced function's result.
/// Memory model (the runtime allocates and frees the same way, and measures it):
///   - inputs and weights are resident; every op except a view allocates its output when it
///     runs, and a buffer is freed after its last use (through views), except the output;
///   - a value from outside a loop that the body reads lives until the loop ends;
///   - a steps loop's output is allocated when the loop starts; a KV cache is allocated at its
///     full length (the steps count) when its steps loop starts, one per iteration of any
///     repeat loop between them, and freed when the loop ends;
///   - a repeat loop's body reads the previous iteration's result in place of its initial
///     state; that buffer is freed after its last use in the body, and the new result lives to
///     the end of the iteration. The peak is the steady state, exact for two or more
///     iterations (for one it is an upper bound);
///   - on-chip tiles (after `load`) count like any other buffer.

#include <ordo/graph/cost.hpp>
#include <ordo/graph/rules.hpp>

namespace ordo {

namespace detail {

/// Σ over nodes of `per_node`, with loops aggregated (steps: Σ_{i=1}^{count}; repeat: ×count).
template <typename PerNode>
constexpr polynomial aggregate(const graph& g, PerNode per_node) {
    polynomial totals[max_regions]{};
    for (int id = 0; id < g.node_count; ++id) totals[g.nodes[id].region] += per_node(id);
    for (int r = g.region_count - 1; r >= 1; --r) {
        const region& reg = g.regions[r];
        const polynomial count = to_polynomial(reg.count);
        const polynomial whole = reg.kind == region_kind::steps
                                     ? sum_over(reg.index, polynomial(1), count, totals[r])
                                     : totals[r] * count;
        totals[reg.parent] += whole;
    }
    return totals[0];
}

/// The buffer a node's value lives in (views and loop outputs resolve to their source).
constexpr int buffer_of(const graph& g, int id) {
    const op_kind k = g.nodes[id].kind;
    if (k == op_kind::step_output) {  // writes into the steps loop's result
        for (int j = id + 1; j < g.node_count; ++j)
            if (g.nodes[j].kind == op_kind::loop_result && g.nodes[j].operands[0] == id) return j;
    }
    if (k == op_kind::loop_result) {
        const node& body_out = g.nodes[g.nodes[id].operands[0]];
        if (body_out.kind == op_kind::step_output) return id;  // owns its buffer
    }
    if (is_view(k)) return buffer_of(g, g.nodes[id].operands[0]);
    return id;
}

constexpr bool is_inside(const graph& g, int id, int r) {
    for (int q = g.nodes[id].region; q != 0; q = g.regions[q].parent)
        if (q == r) return true;
    return false;
}

/// Allocated bytes of buffer `id`. A KV cache is allocated once for its steps loop at its full
/// length (the loop's count), one per iteration of each repeat loop between it and that loop.
constexpr polynomial buffer_bytes(const graph& g, int id) {
    const node& n = g.nodes[id];
    if (n.kind != op_kind::kv_cache) return n.shape.volume() * size_in_bytes(n.type);
    const payloads::loop& cache = loop_of(n);
    polynomial size = n.shape.with(cache.axis, g.regions[cache.region].count).volume() * size_in_bytes(n.type);
    for (int r = n.region; r != cache.region; r = g.regions[r].parent) size *= to_polynomial(g.regions[r].count);
    return size;
}

/// A repeat loop's carried state: iteration k reads the body's result of iteration k − 1 in
/// place of the tensor the body received. -1 when node `result` carries no separate buffer.
constexpr int carried_state(const graph& g, int result) {
    const node& n = g.nodes[result];
    if (n.kind != op_kind::loop_result || loop_of(n).carried < 0) return -1;
    return is_inside(g, buffer_of(g, n.operands[0]), loop_of(n).region) ? buffer_of(g, loop_of(n).carried) : -1;
}

/// The first and last program points at which each buffer is live. `carried_*` describe, for
/// each repeat loop_result, the state buffer of the previous iteration (live from the start of
/// the body to its last use there).
struct lifetimes {
    int first[max_nodes]{};
    int last[max_nodes]{};
    bool owns[max_nodes]{};
    bool carries[max_nodes]{};
    int carried_last[max_nodes]{};
};

constexpr lifetimes buffer_lifetimes(const graph& g) {
    lifetimes t;
    for (int id = 0; id < g.node_count; ++id) {
        const node& n = g.nodes[id];
        if (carried_state(g, id) >= 0) {
            t.carries[id] = true;
            t.carried_last[id] = g.regions[loop_of(n).region].first - 1;
        }
        if (buffer_of(g, id) != id) continue;
        const bool resident = info_of(n.kind).memory == memory_role::resident;
        t.owns[id] = true;
        t.first[id] = resident ? 0 : id;
        t.last[id] = resident ? g.node_count : id;
        if (n.kind == op_kind::kv_cache) {  // lives for the whole steps loop
            t.first[id] = g.regions[loop_of(n).region].first;
            t.last[id] = g.regions[loop_of(n).region].last;
        }
        if (n.kind == op_kind::loop_result) t.first[id] = g.regions[loop_of(n).region].first;
    }
    auto extend = [&](int& last, int use) { if (use > last) last = use; };
    for (int id = 0; id < g.node_count; ++id) {
        for (int k = 0; k < g.nodes[id].operand_count; ++k) {
            const int b = buffer_of(g, g.nodes[id].operands[k]);
            int use = id;
            bool done = false;
            for (int r = g.nodes[id].region; r != 0 && !done; r = g.regions[r].parent) {
                // inside a repeat body, its state is the previous iteration's result
                for (int s = g.regions[r].last + 1; s < g.node_count && !done; ++s)
                    if (t.carries[s] && loop_of(g.nodes[s]).region == r && carried_state(g, s) == b) {
                        extend(t.carried_last[s], use);
                        extend(t.last[b], g.regions[r].first - 1);  // alive until the loop starts
                        done = true;
                    }
                // a buffer from outside a loop is used again in every iteration
                if (!done && !is_inside(g, b, r)) extend(use, g.regions[r].last);
            }
            if (!done) extend(t.last[b], use);
        }
    }
    for (int id = 0; id < g.node_count; ++id)  // a body's result lives on as the next state
        if (t.carries[id]) extend(t.last[buffer_of(g, g.nodes[id].operands[0])], g.regions[loop_of(g.nodes[id]).region].last);
    for (int k = 0; k < g.output_count; ++k) t.last[buffer_of(g, g.outputs[k])] = g.node_count;
    return t;
}

}  // namespace detail

/// FLOPs of the whole graph under convention `c` (default: standard).
constexpr cost<units::flops> flops(const graph& g, const convention& c = conventions::standard) {
    return {detail::aggregate(g, [&](int id) { return node_flops(g, id, c); }), g.facts};
}

/// Bytes read and written by all ops.
constexpr cost<units::bytes> bytes_moved(const graph& g) {
    const memory_spaces spaces = memory_spaces_of(g);
    return {detail::aggregate(g, [&](int id) { return node_bytes(g, id, spaces); }), g.facts};
}

/// Elements of all weights.
constexpr cost<units::elements> params(const graph& g) {
    polynomial total;
    for (int id = 0; id < g.node_count; ++id)
        if (g.nodes[id].kind == op_kind::param) total += g.nodes[id].shape.volume();
    return {total, g.facts};
}

namespace detail {
/// The fraction of weight `id`'s elements one token uses: e/E when its (layer) slices are the
/// expert weights of an expert_matmul choosing e of E experts, else 1.
constexpr polynomial used_fraction(const graph& g, int id) {
    for (int u = id + 1; u < g.node_count; ++u) {
        const node& user = g.nodes[u];
        if (user.operand_count < 2 || user.operands[1] < 0) continue;
        int w = user.operands[1];
        while (is_view(g.nodes[w].kind) && w != id) w = g.nodes[w].operands[0];
        if (w != id || user.kind != op_kind::expert_matmul) continue;
        const shape_value& chosen = g.nodes[user.operands[2]].shape;
        const shape_value& weights = g.nodes[user.operands[1]].shape;
        return to_polynomial(chosen[chosen.rank - 1]) / to_polynomial(weights[0]);
    }
    return polynomial(1);
}
}  // namespace detail

/// Elements of the weights one token uses: every weight, except that only e of E experts'
/// weights count where an expert_matmul chooses e of E (Mixtral: 12.9B of 46.7B).
constexpr cost<units::elements> active_params(const graph& g) {
    polynomial total;
    for (int id = 0; id < g.node_count; ++id)
        if (g.nodes[id].kind == op_kind::param) total += g.nodes[id].shape.volume() * detail::used_fraction(g, id);
    return {total, g.facts};
}

/// Bytes of all KV caches at their full length (the steps count), for every layer: what
/// incremental decoding keeps per sequence (`4·b·n·(r + p)` for MLA's latent cache, f32).
constexpr cost<units::bytes> kv_cache_bytes(const graph& g) {
    polynomial total;
    for (int id = 0; id < g.node_count; ++id)
        if (g.nodes[id].kind == op_kind::kv_cache) total += detail::buffer_bytes(g, id);
    return {total, g.facts};
}

namespace detail {
/// Calls visit(point, live, frees_next) for each program point in order: `live` is the memory
/// live while node `point` runs (bytes; inside a steps loop, at its last step) and
/// `frees_next` whether a buffer dies after it.
template <typename Visit>
constexpr void for_each_program_point(const graph& g, Visit&& visit) {
    const lifetimes t = buffer_lifetimes(g);
    polynomial live;  // updated incrementally: + buffers born at a point, − those that died before
    for (int point = 0; point < g.node_count; ++point) {
        for (int b = 0; b < g.node_count; ++b) {
            const bool owned = t.owns[b] && (t.first[b] == point) != (t.last[b] == point - 1);
            const int loop_first = t.carries[b] ? g.regions[loop_of(g.nodes[b]).region].first : 0;
            const bool carried = t.carries[b] && t.carried_last[b] >= loop_first &&
                                 ((loop_first == point) != (t.carried_last[b] == point - 1));
            if (!owned && !carried) continue;
            const bool born = owned ? t.first[b] == point : loop_first == point;
            const polynomial size = owned ? buffer_bytes(g, b) : g.nodes[b].shape.volume() * size_in_bytes(g.nodes[b].type);
            if (born) live += size;
            else live -= size;
        }
        polynomial here = live;
        for (int r = g.nodes[point].region; r != 0; r = g.regions[r].parent) {
            const region& reg = g.regions[r];
            if (reg.kind != region_kind::steps) continue;
            const int slot = here.slot_of(reg.index);
            if (slot < 0) continue;
            for (int k = 0; k < here.term_count; ++k)
                if (here.terms[k].exponent(slot) != 0 &&
                    (here.terms[k].exponent(slot) < 0 || here.terms[k].coefficient.num < 0))
                    diagnostic::E022_live_memory_in_a_loop_is_not_increasing_in_its_index(unpack_name(reg.index).view());
            here = partial_substitute(here, reg.index, to_polynomial(reg.count));
        }
        bool frees_next = point + 1 == g.node_count;
        for (int b = 0; b < g.node_count && !frees_next; ++b)
            frees_next = (t.owns[b] && t.last[b] == point) || (t.carries[b] && t.carried_last[b] == point);
        visit(point, static_cast<const polynomial&>(here), frees_next);
    }
}
}  // namespace detail

/// The largest live memory at any program point, in bytes (see the file comment). In a steps
/// loop live memory grows with the index, so its peak is at the last step (E022 otherwise).
constexpr cost<units::bytes> peak_memory(const graph& g) {
    piecewise_max peak;
    // Live memory only grows between frees: a point followed by an allocation-only point is
    // bounded by it, so only points before a free (or the last) are candidates.
    detail::for_each_program_point(g, [&](int, const polynomial& live, bool frees_next) {
        if (frees_next) peak.include(live);
    });
    return {peak, g.facts};
}

/// The shape of the traced function's result (its first, or result `k` of several).
constexpr shape_value output_shape(const graph& g, int k = 0) { return g.nodes[g.outputs[k]].shape; }

}  // namespace ordo
