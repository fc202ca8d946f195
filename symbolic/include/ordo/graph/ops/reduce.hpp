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
        ORDO_RAISE_SHAPE_ERROR(diagnostic::E106_unknown_axis, ([] {
                                   return axis_message<Axis, A>(Kind == op_kind::sum ? "sum" : Kind == op_kind::max ? "max" : "mean");
                               }));
        return poisoned(a);
    } else {
        constexpr int axis = resolved_axis<Axis, A>();
        node n = make_node(Kind, a);
        n.axis = axis;
        return record<A::type, A::shape.without(axis)>(a.owner, n);
    }
}

/// The norm ops: x over its last axis, with per-feature operands (gain, bias) of shape [d].
template <op_kind Kind, SymbolicTensor X, SymbolicTensor... P>
constexpr auto norm(const X& x, const P&... p) {
    if constexpr (!all_valid<X, P...>) {
        return poisoned(x);
    } else if constexpr (!((P::shape == shape_value{1, {X::shape[X::shape.rank - 1]}}) && ...)) {
        ORDO_RAISE_SHAPE_ERROR(diagnostic::E108_operand_extents_differ, ([] {
                                   text_buffer t;
                                   t << name_of(Kind) << ": x ";
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
        node n = make_node(Kind, x, p...);
        n.axis = X::shape.rank - 1;
        return record<X::type, X::shape>(x.owner, n);
    }
}

}  // namespace detail

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
