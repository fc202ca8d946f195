#pragma once
// Gradient kernels of the layout ops that copy (symbolic: ops/layout.hpp; 0 operations each):
// split_heads and merge_heads are each other's inverse, so each one's gradient is the other's
// kernel run on dy (operand 0), into dx (the node's result, the forward operand's shape).

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

}  // namespace ordo::runtime::detail
