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

/// x[:, i]: position i of the stepped axis, for the current iteration of the node's loop.
template <>
struct kernel<op_kind::step_slice> {
    template <typename C>
    static void run(C& c) {
        const payloads::loop& p = loop_of(c.node());
        auto v = c.operand(0);
        v.data += (c.iteration(c.node().region) - 1) * v.strides[p.axis];
        v.shape[p.axis] = 1;
        c.result(v);
    }
};

/// w[l]: the current layer's slice of a stacked weight.
template <>
struct kernel<op_kind::layer_slice> {
    template <typename C>
    static void run(C& c) {
        auto v = c.operand(0);
        v.data += (c.iteration(loop_of(c.node()).region) - 1) * v.strides[0];
        for (int k = 0; k + 1 < v.rank; ++k) v.shape[k] = v.shape[k + 1], v.strides[k] = v.strides[k + 1];
        --v.rank;
        c.result(v);
    }
};

/// Writes this step's result into row i of the loop's output.
template <>
struct kernel<op_kind::step_output> {
    template <typename C>
    static void run(C& c) {
        auto row = c.loop_output();
        row.data += (c.iteration(c.node().region) - 1) * row.strides[loop_of(c.node()).axis];
        row.shape[loop_of(c.node()).axis] = 1;
        copy(c.operand(0), row);
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
