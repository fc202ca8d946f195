#pragma once
/// \file
/// Elementwise ops: `a + b`, `a - b`, `a * b`, `a / b` with broadcasting (trailing axes
/// aligned; equal extents or 1), `scale(t, c)`, `exp`, `gelu`, `silu`, `causal_mask`.
/// Shape errors name the op and both shapes (E104, E109).

#include <ordo/graph/tensor.hpp>

namespace ordo {

namespace detail {

constexpr bool is_one(const extent& e) { return e.count == 0 && e.num == 1 && e.den == 1; }

struct broadcast_result {
    bool ok = true;
    shape_value shape;
    int bad_axis = 0;
};

constexpr broadcast_result broadcast(const shape_value& a, const shape_value& b) {
    broadcast_result r;
    r.shape.rank = a.rank > b.rank ? a.rank : b.rank;
    for (int k = 0; k < r.shape.rank; ++k) {  // k counts from the last axis
        const int ia = a.rank - 1 - k, ib = b.rank - 1 - k, io = r.shape.rank - 1 - k;
        if (ia < 0) r.shape.extents[io] = b[ib];
        else if (ib < 0) r.shape.extents[io] = a[ia];
        else if (a[ia] == b[ib] || is_one(b[ib])) r.shape.extents[io] = a[ia];
        else if (is_one(a[ia])) r.shape.extents[io] = b[ib];
        else {
            r.ok = false;
            r.bad_axis = k;
            return r;
        }
    }
    return r;
}

template <op_kind Kind, SymbolicTensor A, SymbolicTensor B>
constexpr auto elementwise(const A& a, const B& b, std::string_view op_name) {
    if constexpr (!all_valid<A, B>) {
        return poisoned(a);
    } else if constexpr (A::type != B::type) {
        ORDO_RAISE_SHAPE_ERROR(diagnostic::E109_dtypes_differ, ([] { return dtype_message<A, B>("elementwise op"); }));
        return poisoned(a);
    } else {
        constexpr broadcast_result r = broadcast(A::shape, B::shape);
        if constexpr (!r.ok) {
            ORDO_RAISE_SHAPE_ERROR(diagnostic::E104_broadcast_incompatible_extents, ([] {
                                       constexpr std::string_view op = Kind == op_kind::add ? "+" : Kind == op_kind::subtract ? "-" : Kind == op_kind::multiply ? "*" : Kind == op_kind::divide ? "/" : "maximum";
                                       text_buffer t;
                                       t << "elementwise " << op
                                         << ": operand 1 ";
                                       write_shape(t, A::shape);
                                       t << " and operand 2 ";
                                       write_shape(t, B::shape);
                                       constexpr int bad = broadcast(A::shape, B::shape).bad_axis;
                                       t << " differ in axis -" << bad + 1 << " (";
                                       write_extent(t, A::shape[A::shape.rank - 1 - bad]);
                                       t << " vs ";
                                       write_extent(t, B::shape[B::shape.rank - 1 - bad]);
                                       t << ")";
                                       return t;
                                   }));
            return poisoned(a);
        } else {
            static_cast<void>(op_name);
            return record<A::type, r.shape>(a.owner, make_node(Kind, a, b));
        }
    }
}

/// Ops defined only on floating-point values.
constexpr bool needs_floating_point(op_kind k) {
    return k == op_kind::exp || k == op_kind::gelu || k == op_kind::silu || k == op_kind::softmax ||
           k == op_kind::rsqrt_scale;
}

template <op_kind Kind, SymbolicTensor A>
constexpr auto unary(const A& a, rational factor = rational(1)) {
    if constexpr (!A::valid) {
        return a;
    } else if constexpr (needs_floating_point(Kind) && is_integer(A::type)) {
        ORDO_RAISE_SHAPE_ERROR(diagnostic::E109_dtypes_differ, ([] {
                                   text_buffer t;
                                   t << name_of(Kind) << ": needs a floating-point tensor, got " << name_of(A::type);
                                   return t;
                               }));
        return poisoned(a);
    } else {
        node n = make_node(Kind, a);
        n.factor = factor;
        return record<A::type, A::shape>(a.owner, n);
    }
}

}  // namespace detail

template <SymbolicTensor A, SymbolicTensor B>
constexpr auto operator+(const A& a, const B& b) { return detail::elementwise<op_kind::add>(a, b, "+"); }
template <SymbolicTensor A, SymbolicTensor B>
constexpr auto operator-(const A& a, const B& b) { return detail::elementwise<op_kind::subtract>(a, b, "-"); }
template <SymbolicTensor A, SymbolicTensor B>
constexpr auto operator*(const A& a, const B& b) { return detail::elementwise<op_kind::multiply>(a, b, "*"); }
template <SymbolicTensor A, SymbolicTensor B>
constexpr auto operator/(const A& a, const B& b) { return detail::elementwise<op_kind::divide>(a, b, "/"); }
/// The larger of a and b, elementwise with broadcasting.
template <SymbolicTensor A, SymbolicTensor B>
constexpr auto maximum(const A& a, const B& b) { return detail::elementwise<op_kind::maximum>(a, b, "maximum"); }

/// Multiplies every element by the constant `c` (e.g. 1/sqrt(k) as a rational approximation).
template <SymbolicTensor A>
constexpr auto scale(const A& a, rational c) { return detail::unary<op_kind::scale>(a, c); }
/// Multiplies every element by 1/sqrt(k) for an extent k (attention's scaling by the head width).
template <SymbolicTensor A, TypedExtent K>
constexpr auto rsqrt_scale(const A& a, const K&) {
    if constexpr (!A::valid) {
        return a;
    } else {
        node n = detail::make_node(op_kind::rsqrt_scale, a);
        n.parameter = K::extent_value;
        return detail::record<A::type, A::shape>(a.owner, n);
    }
}
/// e^x elementwise.
template <SymbolicTensor A>
constexpr auto exp(const A& a) { return detail::unary<op_kind::exp>(a); }
/// GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
template <SymbolicTensor A>
constexpr auto gelu(const A& a) { return detail::unary<op_kind::gelu>(a); }
/// SiLU: x / (1 + e^(−x)).
template <SymbolicTensor A>
constexpr auto silu(const A& a) { return detail::unary<op_kind::silu>(a); }

/// Sets scores above the diagonal of the last two axes to −∞ (query i sees keys <= i). With
/// a longer key axis (m >= n: a cache), query i sees keys <= i + m − n.
template <SymbolicTensor A>
constexpr auto causal_mask(const A& a) {
    if constexpr (A::valid && A::shape.rank < 2) {
        detail::raise_rank_error<"causal_mask: needs 2 or more axes", A>();
        return detail::poisoned(a);
    } else {
        return detail::unary<op_kind::causal_mask>(a);
    }
}

}  // namespace ordo
