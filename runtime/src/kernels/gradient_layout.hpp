#pragma once
// Gradient kernels of the layout ops that copy (symbolic: ops/layout.hpp, ops/select.hpp; 0
// operations each). split_heads and merge_heads are each other's inverse, so each one's
// gradient is the other's kernel run on dy (operand 0), into dx (the node's result, the
// forward operand's shape). concat's gradient to an operand is dy's part along the axis that
// operand filled; slice's is dy put back where the slice took it, zeros elsewhere; a KV cache's
// is summed over the steps that read each entry.

#include "gradient_kernel.hpp"
#include "layout.hpp"

namespace ordo::runtime::detail {

/// split_heads [..., n, d] -> [..., h, n, k]: dx = merge_heads(dy).
template <>
struct gradient_kernel<op_kind::split_heads> {
    template <typename C>
    static void run(C& c, int) { kernel<op_kind::merge_heads>::run(c); }
};

/// merge_heads [..., h, n, k] -> [..., n, h·k]: dx = split_heads(dy).
template <>
struct gradient_kernel<op_kind::merge_heads> {
    template <typename C>
    static void run(C& c, int) { kernel<op_kind::split_heads>::run(c); }
};

/// concat<axis>(a, b): da = dy[..., :a's extent, ...], db = dy[..., a's extent:, ...] (db's
/// part starts where a's ends: dy's extent less b's).
template <>
struct gradient_kernel<op_kind::concat> {
    template <typename C>
    static void run(C& c, int which) {
        const int axis = c.node().template data<payloads::gradient>().axis;
        auto out = c.output();
        auto part = c.operand(0);
        if (which == 1) part.data += (part.shape[axis] - out.shape[axis]) * part.strides[axis];
        part.shape[axis] = out.shape[axis];
        copy(part, out);
        c.result(out);
    }
};

/// slice<axis>(x, begin, extent): dx is zeros but for positions begin .. begin + extent of
/// the axis, which are dy.
template <>
struct gradient_kernel<op_kind::slice> {
    template <typename C>
    static void run(C& c, int) {
        const payloads::gradient& of = c.node().template data<payloads::gradient>();
        const auto dy = c.operand(0);
        auto out = c.output();
        fill_zeros(out);
        auto part = out;
        part.data += c.size(of.begin) * out.strides[of.axis];
        part.shape[of.axis] = dy.shape[of.axis];
        copy(dy, part);
        c.result(out);
    }
};

/// kv_cache, in a steps loop run backward: the cache's gradient so far (operand 1, [..., n,
/// ...]) plus this step's dK_i (operand 0, of length i on the cache's axis) in its first i
/// positions: one add per element of dK_i.
template <>
struct gradient_kernel<op_kind::kv_cache> {
    template <typename C>
    static void run(C& c, int) {
        if (c.node().operand_count < 2)  // the per-step form of a cache in a loop inside another
            throw domain_error("E303", "ordo::runtime: " + c.describe() + " is the gradient of a KV cache outside a top-level "
                                       "steps loop, which has no runtime kernel yet.");
        const auto dk = c.operand(0);
        auto out = c.output();
        copy(c.operand(1), out);
        for_each_index(dk.rank, dk.shape, [&](const extents& i) {
            auto& total = out.data[offset_of(i, out.strides, 0, out.rank)];
            total = total + dk.data[offset_of(i, dk.strides, 0, dk.rank)];
        });
        c.result(out);
    }
};

}  // namespace ordo::runtime::detail
