#pragma once
/// \file
/// The costs of a traced graph, exact and symbolic:
///   `flops(g, convention)`  FLOPs (units::flops), loops summed in closed form;
///   `bytes_moved(g)`        bytes each op reads and writes (units::bytes);
///   `peak_memory(g)`        the largest live memory at any program point (units::bytes;
///                           an ordo::piecewise_max when points are incomparable);
///   `params(g)`             elements of all weights (units::elements);
///   `output_shape(g)`       the shape of the traced function's result.
/// Memory model (the runtime measures the same): inputs and weights are resident; every op
/// except a view allocates its output when it runs; a buffer is freed after its last use
/// (through views too), except the graph's output; a KV cache lives for its loop and a steps
/// loop's output from the loop's start.

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

constexpr bool is_view(op_kind k) {
    return k == op_kind::reshape || k == op_kind::step_slice || k == op_kind::layer_slice ||
           k == op_kind::loop_result || k == op_kind::step_output;
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

/// The first and last program points at which each buffer is live.
struct lifetimes {
    int first[max_nodes]{};
    int last[max_nodes]{};
    bool owns[max_nodes]{};
};

constexpr lifetimes buffer_lifetimes(const graph& g) {
    lifetimes t;
    for (int id = 0; id < g.node_count; ++id) {
        const int b = buffer_of(g, id);
        if (b != id) continue;
        const op_kind k = g.nodes[id].kind;
        t.owns[id] = true;
        t.first[id] = (k == op_kind::input || k == op_kind::param) ? 0 : id;
        t.last[id] = (k == op_kind::input || k == op_kind::param) ? g.node_count : id;
        if (k == op_kind::kv_cache) {  // lives for the whole loop
            const region& reg = g.regions[g.nodes[id].region];
            t.first[id] = reg.first;
            t.last[id] = reg.last;
        }
        if (k == op_kind::loop_result) t.first[id] = g.regions[g.nodes[g.nodes[id].operands[0]].region].first;
    }
    for (int id = 0; id < g.node_count; ++id) {
        for (int k = 0; k < g.nodes[id].operand_count; ++k) {
            const int b = buffer_of(g, g.nodes[id].operands[k]);
            int use = id;
            // a buffer from outside a loop is used again in every iteration
            for (int r = g.nodes[id].region; r != 0; r = g.regions[r].parent)
                if (!is_inside(g, b, r) && g.regions[r].last > use) use = g.regions[r].last;
            if (use > t.last[b]) t.last[b] = use;
        }
    }
    if (g.output >= 0) t.last[buffer_of(g, g.output)] = g.node_count;
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

/// The largest live memory at any program point, in bytes (see the file comment). In a steps
/// loop live memory grows with the index, so its peak is at the last step (E022 otherwise).
constexpr cost<units::bytes> peak_memory(const graph& g) {
    const detail::lifetimes t = detail::buffer_lifetimes(g);
    piecewise_max peak;
    polynomial live;  // updated incrementally: + buffers born at a point, − those that died before
    for (int point = 0; point < g.node_count; ++point) {
        for (int b = 0; b < g.node_count; ++b) {
            if (!t.owns[b]) continue;
            const bool born = t.first[b] == point, died = t.last[b] == point - 1;
            if (born == died) continue;
            const polynomial size = g.nodes[b].shape.volume() * size_in_bytes(g.nodes[b].type);
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
                    diagnostic::E022_live_memory_in_a_loop_is_not_increasing_in_its_index(
                        detail::unpack_name(reg.index).view());
            here = detail::partial_substitute(here, reg.index, to_polynomial(reg.count));
        }
        // Live memory only grows between frees: a point followed by an allocation-only
        // point is bounded by it, so only points before a free (or the last) are candidates.
        bool frees_next = point + 1 == g.node_count;
        for (int b = 0; b < g.node_count && !frees_next; ++b) frees_next = t.owns[b] && t.last[b] == point;
        if (frees_next) peak.include(here);
    }
    return {peak, g.facts};
}

/// The shape of the traced function's result.
constexpr shape_value output_shape(const graph& g) { return g.nodes[g.output].shape; }

}  // namespace ordo
