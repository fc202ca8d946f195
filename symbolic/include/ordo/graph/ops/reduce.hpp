#pragma once
/// \file
/// Ops over one axis: `softmax` (last axis, numerically stable), reductions `sum<Axis>`,
/// `max<Axis>`, `mean<Axis>` (the axis is dropped; negative axes count from the end), and
/// `layer_norm(x, gain, bias)`, `rms_norm(x, gain)` over the last axis. E106 names a bad axis.

#include <ordo/graph/ops/elementwise.hpp>

namespace ordo {

namespace detail {

template <int Axis, SymbolicTensor A>
constexpr int resolved_axis() {
    return Axis < 0 ? A::shape.rank + Axis : Axis;
}

template <int Axis, SymbolicTensor A>
constexpr bool axis_exists() {
    constexpr int a = resolved_axis<Axis, A>();
    return a >= 0 && a < A::shape.rank;
}

template <int Axis, SymbolicTensor A>
constexpr text_buffer axis_message(std::string_view op) {  // op: a literal, so constant
    text_buffer t;
    t << op << ": axis " << Axis << " does not exist in ";
    write_shape(t, A::shape);
    return t;
}

template <op_kind Kind, int Axis, SymbolicTensor A>
constexpr auto reduce(const A& a) {
    if constexpr (!A::valid) {
        return a;
    } else if constexpr (!axis_exists<Axis, A>()) {
        ::ordo::diagnostic::raise<diagnostic::E106_unknown_axis>(([] { return axis_message<Axis, A>(op_traits<Kind>::name); }));
        return poisoned(a);
    } else {
        constexpr int axis = resolved_axis<Axis, A>();
        return record<A::type, A::shape.without(axis)>(a.owner, make_node_with(Kind, payloads::axis{axis}, a));
    }
}

/// The norm ops: x over its last axis, with per-feature operands (gain, bias) of shape [d].
template <op_kind Kind, SymbolicTensor X, SymbolicTensor... P>
constexpr auto norm(const X& x, const P&... p) {
    if constexpr (!all_valid<X, P...>) {
        return poisoned(x);
    } else if constexpr (!((P::shape == shape_value{1, {X::shape[X::shape.rank - 1]}}) && ...)) {
        ::ordo::diagnostic::raise<diagnostic::E108_operand_extents_differ>(([] {
                                   text_buffer t;
                                   t << op_traits<Kind>::name << ": x ";
                                   write_shape(t, X::shape);
                                   t << " needs gain/bias of shape [";
                                   write_extent(t, X::shape[X::shape.rank - 1]);
                                   t << "]";
                                   const char* role[] = {"gain", "bias"};  // their order in the call
                                   int k = 0;
                                   ((t << (k ? ", " : ", got ") << role[k] << " ", ++k, write_shape(t, P::shape)), ...);
                                   return t;
                               }));
        return poisoned(x);
    } else {
        return record<X::type, X::shape>(x.owner, make_node_with(Kind, payloads::axis{X::shape.rank - 1}, x, p...));
    }
}

/// Backward of a norm: dx saves x and the gain; each weight's gradient saves x.
struct norm_traits : op_defaults {
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) {
        const node& n = w.forward().nodes[id];
        w.gradient_to(id, 0, {n.operands[0], n.operands[1]});
        for (int k = 1; k < n.operand_count; ++k) w.gradient_to(id, k, {n.operands[0]});
    }
};

}  // namespace detail

template <>
struct op_traits<op_kind::softmax> : op_defaults {
    static constexpr std::string_view name = "softmax";
    static constexpr bool floating_point_only = true;
    /// Per element: the row max (compare), subtract, exp, the row sum (add), divide.
    static constexpr work forward_work(const graph&, const node& n) {
        return work(op_group::softmax, elements(n.shape),
                    mix(operation::compare).with(operation::subtract).with(operation::exp).with(operation::add).with(operation::divide));
    }
    /// y·(dy − Σ dy·y): 4 per element.
    static constexpr work gradient_work(const graph& g, const node& n) {
        return detail::gradient_operations(detail::elementwise_gradient_of(g, n).out * rational(4));
    }
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) { w.gradient_to(id, 0, {id}); }
};
template <>
struct op_traits<op_kind::sum> : op_defaults {  // its gradient is a broadcast: 0
    static constexpr std::string_view name = "sum";
    static constexpr work forward_work(const graph& g, const node& n) {
        return work(op_group::other, elements(g.nodes[n.operands[0]].shape), mix(operation::add));
    }
};
template <>
struct op_traits<op_kind::max> : op_defaults {
    static constexpr std::string_view name = "max";
    static constexpr work forward_work(const graph& g, const node& n) {
        return work(op_group::other, elements(g.nodes[n.operands[0]].shape), mix(operation::compare));
    }
    static constexpr work gradient_work(const graph&, const node& n) { return detail::gradient_operations(elements(n.shape)); }
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) { w.gradient_to(id, 0, {w.forward().nodes[id].operands[0], id}); }
};
template <>
struct op_traits<op_kind::mean> : op_defaults {
    static constexpr std::string_view name = "mean";
    /// 1 addition per input element and 1 division per output element.
    static constexpr work forward_work(const graph& g, const node& n) {
        return work(op_group::other, elements(g.nodes[n.operands[0]].shape), mix(operation::add))
            .add(op_group::other, elements(n.shape), mix(operation::divide));
    }
    static constexpr work gradient_work(const graph&, const node& n) { return detail::gradient_operations(elements(n.shape)); }
};
template <>
struct op_traits<op_kind::layer_norm> : detail::norm_traits {
    static constexpr std::string_view name = "layer_norm";
    /// Per element: mean (add), centre (subtract), square and sum (multiply, add), ·scale,
    /// ·gain, +bias: 7. Per row: mean and variance divisions, +ε, sqrt, 1/·: 5.
    static constexpr work forward_work(const graph&, const node& n) {
        return work(op_group::other, elements(n.shape), mix(operation::add, 3).with(operation::subtract).with(operation::multiply, 3))
            .add(op_group::other, rows(n.shape), mix(operation::divide, 3).with(operation::add).with(operation::sqrt));
    }
    /// Each gradient first recomputes the row statistics from the saved x (as the forward: 4
    /// per element, 5 per row). dx = rstd·(g·dy − mean(g·dy) − x̂·mean(g·dy·x̂)): x̂, g·dy and
    /// the two sums (6 per element), the two means (2 per row), the difference and ·rstd (4):
    /// 14 per element + 7 per row. Gain: Σ over rows of dy·x̂ (x̂ 2, ·dy 1, + 1): 8 + 5. Bias:
    /// Σ over rows of dy: 1 per element of x.
    static constexpr work gradient_work(const graph& g, const node& n) {
        const int which = n.data<payloads::gradient>().which;
        if (which == 0) return detail::gradient_operations(elements(n.shape) * rational(14), rows(n.shape) * rational(7));
        const shape_value& x = g.nodes[n.operands[1]].shape;
        if (which == 1) return detail::gradient_operations(elements(x) * rational(8), rows(x) * rational(5));
        return detail::gradient_operations(elements(x));
    }
};
template <>
struct op_traits<op_kind::rms_norm> : detail::norm_traits {
    static constexpr std::string_view name = "rms_norm";
    /// Per element: square and sum (multiply, add), ·scale, ·gain: 4. Per row: mean division,
    /// +ε, sqrt, 1/·: 4.
    static constexpr work forward_work(const graph&, const node& n) {
        return work(op_group::other, elements(n.shape), mix(operation::multiply, 3).with(operation::add))
            .add(op_group::other, rows(n.shape), mix(operation::divide, 2).with(operation::add).with(operation::sqrt));
    }
    /// Each gradient first recomputes rstd from the saved x (2 per element, 4 per row). dx =
    /// rstd·(g·dy − x·rstd²·mean(g·dy·x)): g·dy and the sum (3 per element), the factor (3 per
    /// row), the difference and ·rstd (3): 8 per element + 7 per row. Gain: Σ over rows of
    /// x·rstd·dy (2, + 1): 5 + 4.
    static constexpr work gradient_work(const graph& g, const node& n) {
        if (n.data<payloads::gradient>().which == 0)
            return detail::gradient_operations(elements(n.shape) * rational(8), rows(n.shape) * rational(7));
        const shape_value& x = g.nodes[n.operands[1]].shape;
        return detail::gradient_operations(elements(x) * rational(5), rows(x) * rational(4));
    }
};

/// Softmax over the last axis: subtract the row max, exponentiate, divide by the row sum.
template <SymbolicTensor A>
constexpr auto softmax(const A& a) {
    if constexpr (A::valid && A::shape.rank == 0) {
        detail::raise_rank_error<"softmax: needs 1 or more axes", A>();
        return detail::poisoned(a);
    } else {
        return detail::unary<op_kind::softmax>(a);
    }
}

template <int Axis, SymbolicTensor A>
constexpr auto sum(const A& a) { return detail::reduce<op_kind::sum, Axis>(a); }
template <int Axis, SymbolicTensor A>
constexpr auto max(const A& a) { return detail::reduce<op_kind::max, Axis>(a); }
template <int Axis, SymbolicTensor A>
constexpr auto mean(const A& a) { return detail::reduce<op_kind::mean, Axis>(a); }

/// (x − mean) / sqrt(var + ε) · gain + bias, over the last axis.
template <SymbolicTensor X, SymbolicTensor G, SymbolicTensor B>
constexpr auto layer_norm(const X& x, const G& gain, const B& bias) {
    return detail::norm<op_kind::layer_norm>(x, gain, bias);
}
/// x / sqrt(mean(x²) + ε) · gain, over the last axis.
template <SymbolicTensor X, SymbolicTensor G>
constexpr auto rms_norm(const X& x, const G& gain) {
    return detail::norm<op_kind::rms_norm>(x, gain);
}

}  // namespace ordo
