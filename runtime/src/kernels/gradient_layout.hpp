#pragma once
// Gradient kernels of the layout ops that copy (symbolic: ops/layout.hpp; 0 operations each):
// split_heads and merge_heads are each other's inverse, so each one's gradient is the other
// applied to dy, through the same strided view of a flat [..., n, h·k] as [..., h, n, k].

#include "gradient_kernel.hpp"
#include "layout.hpp"

namespace ordo::runtime::detail {

/// split_heads [..., n, d] -> [..., h, n, k]: dy [..., h, n, k] written back as (h, k) into
/// dx [..., n, d] (merge_heads of dy).
template <>
struct gradient_kernel<op_kind::split_heads> {
    template <typename C>
    static void run(C& c, int) {
        const auto dy = c.operand(0);
        auto out = c.output();
        copy(dy, as_heads(out, dy));
        c.result(out);
    }
};

/// merge_heads [..., h, n, k] -> [..., n, h·k]: dy [..., n, h·k] read as (h, k) into
/// dx [..., h, n, k] (split_heads of dy).
template <>
struct gradient_kernel<op_kind::merge_heads> {
    template <typename C>
    static void run(C& c, int) {
        auto out = c.output();
        copy(as_heads(c.operand(0), out), out);
        c.result(out);
    }
};

}  // namespace ordo::runtime::detail
