#pragma once
// Kernels of the leaves and the loop plumbing (symbolic: trace.hpp, loops.hpp): views that
// move through a loop's data and the writes of a step's result and a KV cache's entries; and
// the gradient node, which the runtime refuses (backward graphs are costed, not run).

#include "kernel.hpp"

namespace ordo::runtime::detail {

/// Inputs and weights are loaded before the run; a loop's results are handed over by the loop.
struct nothing_to_do {
    template <typename C>
    static void run(C&) {}
};
template <> struct kernel<op_kind::input> : nothing_to_do {};
template <> struct kernel<op_kind::param> : nothing_to_do {};
template <> struct kernel<op_kind::loop_result> : nothing_to_do {};

/// x[:, i]: position i of the stepped axis, for the current iteration of the node's loop (its
/// payload's: a backward loop inside it reads the outer loop's position).
template <>
struct kernel<op_kind::step_slice> {
    template <typename C>
    static void run(C& c) {
        const payloads::loop& p = loop_of(c.node());
        auto v = c.operand(0);
        v.data += (c.iteration(p.region) - 1) * v.strides[p.axis];
        v.shape[p.axis] = 1;
        c.result(v);
    }
};

/// w[l]: the current layer's slice of a stacked weight (or of a stack a backward loop reads:
/// of its node's extents, the first positions where step i's value was shorter than the stack).
template <>
struct kernel<op_kind::layer_slice> {
    template <typename C>
    static void run(C& c) {
        auto v = c.operand(0);
        v.data += (c.iteration(loop_of(c.node()).region) - 1) * v.strides[0];
        int rank = 0;
        const extents shape = c.shape(rank);
        for (int k = 0; k + 1 < v.rank; ++k) v.shape[k] = shape[k], v.strides[k] = v.strides[k + 1];
        --v.rank;
        c.result(v);
    }
};

/// Writes this step's result into row i of the loop's output. A stack a backward loop reads
/// has one more axis than the value, its first: row i is then the value's shape (into its
/// first positions where the value is shorter: step i's value of a length-i axis, in a stack
/// padded to the count).
template <>
struct kernel<op_kind::step_output> {
    template <typename C>
    static void run(C& c) {
        auto row = c.loop_output();
        const auto value = c.operand(0);
        const int axis = loop_of(c.node()).axis;
        row.data += (c.iteration(c.node().region) - 1) * row.strides[axis];
        if (row.rank == value.rank + 1) {  // a stack: its axis is dropped
            for (int k = axis; k + 1 < row.rank; ++k) row.strides[k] = row.strides[k + 1];
            --row.rank;
        }
        for (int k = 0; k < row.rank; ++k) row.shape[k] = value.shape[k];
        copy(value, row);
        c.result(row);
    }
};

/// Appends this step's entries at position i of the current layer's cache; the cache of
/// length i is the result.
template <>
struct kernel<op_kind::kv_cache> {
    template <typename C>
    static void run(C& c) {
        const payloads::loop& p = loop_of(c.node());
        auto cache = c.cache();
        const std::int64_t i = c.iteration(p.region);
        auto slot = cache;
        slot.data += (i - 1) * cache.strides[p.axis];
        slot.shape[p.axis] = 1;
        copy(c.operand(0), slot);
        cache.shape[p.axis] = i;
        c.result(cache);
    }
};

}  // namespace ordo::runtime::detail
