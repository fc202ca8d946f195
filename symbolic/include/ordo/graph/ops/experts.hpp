#pragma once
/// \file
/// Routed contractions for mixtures of experts: `expert_matmul(x, w, experts)` multiplies each
/// token by the weight matrices of the experts chosen for it, and by no other.
///
///     auto [gates, chosen] = top_k<-1>(softmax(matmul(x, router)), e);  // [b, n, e]
///     auto up = expert_matmul(x, w1, chosen);     // x [b, n, d], w1 [E, d, f] -> [b, n, e, f]
///     auto down = expert_matmul(up, w2, chosen);  // [b, n, e, f], w2 [E, f, d] -> [b, n, e, d]
///
/// x is [..., k] (one input for all e chosen experts) or [..., e, k] (one per chosen expert);
/// w is [E, k, m]; experts is [..., e] (integer ids below E). The result is [..., e, m].
///
/// | FLOPs | bytes | backward |
/// |---|---|---|
/// | one multiply-add per (result element × k): 2·tokens·e·k·m | x, ids, result, and every expert's weights once (a grouped GEMM: each expert's matrix is read once when its tokens are multiplied together) | dx and dw: contractions of the same size |

#include <ordo/graph/ops/select.hpp>

namespace ordo {

template <>
struct op_traits<op_kind::expert_matmul> : op_defaults {
    static constexpr std::string_view name = "expert_matmul";
    static constexpr work forward_work(const graph& g, const node& n) {
        const shape_value& w = g.nodes[n.operands[1]].shape;
        return work(op_group::contraction, elements(n.shape) * w[1], mix(operation::multiply));
    }
    /// dx = dy·wᵀ per chosen expert, dw = xᵀ·dy scattered to the experts: each one multiply-add
    /// per (dy element × k).
    static constexpr work gradient_work(const graph& g, const node& n) {
        const shape_value& dy = g.nodes[n.operands[0]].shape;
        const shape_value& x = n.data<payloads::gradient>().which == 0 ? n.shape : g.nodes[n.operands[1]].shape;
        return work(op_group::contraction, elements(dy) * x[x.rank - 1], mix(operation::multiply));
    }
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) {
        const node& n = w.forward().nodes[id];
        w.gradient_to(id, 0, {n.operands[1], n.operands[2]});
        w.gradient_to(id, 1, {n.operands[0], n.operands[2]});
    }
};

namespace detail {
template <SymbolicTensor X, SymbolicTensor W, SymbolicTensor I>
constexpr int expert_input_kind() {  // 1: shared by the e experts, 2: one per expert, 0: neither
    const int lead = I::shape.rank - 1;
    if (W::shape.rank != 3 || I::shape.rank < 1 || lead + 2 > max_rank) return 0;
    if (!(X::shape[X::shape.rank - 1] == W::shape[1])) return 0;
    const bool shared = X::shape.rank == lead + 1, own = X::shape.rank == lead + 2;
    if (!shared && !own) return 0;
    for (int k = 0; k < lead; ++k)
        if (!(X::shape[k] == I::shape[k])) return 0;
    if (own && !(X::shape[lead] == I::shape[lead])) return 0;
    return shared ? 1 : 2;
}
}  // namespace detail

/// Each token's input times the weights of each expert chosen for it (see the file comment).
template <SymbolicTensor X, SymbolicTensor W, SymbolicTensor I>
constexpr auto expert_matmul(const X& x, const W& w, const I& experts) {
    if constexpr (!detail::all_valid<X, W, I>) {
        return detail::poisoned(x);
    } else if constexpr (!detail::same_dtype<X, W>()) {
        ::ordo::diagnostic::raise<diagnostic::E109_dtypes_differ>(([] { return detail::dtype_message<X, W>("expert_matmul"); }));
        return detail::poisoned(x);
    } else if constexpr (!is_integer(I::type)) {
        detail::raise_dtype_error<"expert_matmul", "expert ids must have an integer type", I>();
        return detail::poisoned(x);
    } else if constexpr (detail::expert_input_kind<X, W, I>() == 0) {
        ::ordo::diagnostic::raise<diagnostic::E113_index_operand_does_not_fit>(([] {
                                   detail::text_buffer t;
                                   t << "expert_matmul: x ";
                                   detail::write_shape(t, X::shape);
                                   t << ", w ";
                                   detail::write_shape(t, W::shape);
                                   t << ", experts ";
                                   detail::write_shape(t, I::shape);
                                   t << ": needs x [..., k] or [..., e, k], w [E, k, m], experts [..., e]";
                                   return t;
                               }));
        return detail::poisoned(x);
    } else {
        constexpr shape_value out = I::shape.with(I::shape.rank - 1, I::shape[I::shape.rank - 1]).inserted(I::shape.rank, W::shape[2]);
        return detail::record<X::type, out>(x.owner, detail::make_node(op_kind::expert_matmul, x, w, experts));
    }
}

}  // namespace ordo
