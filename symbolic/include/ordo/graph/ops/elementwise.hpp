#pragma once
/// \file
/// Elementwise ops: `a + b`, `a - b`, `a * b`, `a / b`, `maximum(a, b)` with broadcasting
/// (trailing axes aligned; equal extents or 1), `-a`, `scale(t, c)`, `rsqrt_scale(t, k)`,
/// `exp`, `sin`, `cos`, `gelu`, `silu`, `causal_mask`. Shape errors name the op and both
/// shapes (E104, E109).
///
/// | op | FLOPs per element (standard) | backward per element |
/// |---|---|---|
/// | + − × ÷, maximum | 1: the operation (maximum: one compare) | add 0, subtract 1 (negate), multiply 1, divide 1 and 4, maximum 1 (a compare); a broadcast operand + 1 (the reduction) |
/// | −a, scale, rsqrt_scale, exp, causal_mask | 1 | 1 |
/// | sin, cos | 1 | 2 (·cos x), 3 (−·sin x) |
/// | gelu (tanh form) | 9: x·x, ·x, ·0.044715, +x, ·√(2/π), tanh, +1, ·x, ·0.5 | 18 (PyTorch's GeluBackward) |
/// | silu | 4: negate, exp, +1, ÷ | 9 |

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

/// The gradient of an elementwise op for operand n (a gradient node): elements of the forward
/// result, and the reduction a broadcast operand needs (1 per element of the result).
struct elementwise_gradient {
    quantity out;
    quantity reduction;
};
constexpr elementwise_gradient elementwise_gradient_of(const graph& g, const node& n) {
    const node& dy = g.nodes[n.operands[0]];
    return {elements(dy.shape), n.shape == dy.shape ? nothing() : elements(dy.shape)};
}
/// Gradient work counted as operations (backward rules count operations, not their kinds).
constexpr work gradient_operations(const quantity& first, const quantity& second = nothing()) {
    return work(op_group::other, first, mix(operation::multiply)).add(op_group::other, second, mix(operation::multiply));
}

template <op_kind Kind, SymbolicTensor A, SymbolicTensor B>
constexpr auto elementwise(const A& a, const B& b) {
    if constexpr (!all_valid<A, B>) {
        return poisoned(a);
    } else if constexpr (A::type != B::type) {
        ::ordo::diagnostic::raise<diagnostic::E109_dtypes_differ>(([] { return dtype_message<A, B>("elementwise op"); }));
        return poisoned(a);
    } else {
        constexpr broadcast_result r = broadcast(A::shape, B::shape);
        if constexpr (!r.ok) {
            ::ordo::diagnostic::raise<diagnostic::E104_broadcast_incompatible_extents>(([] {
                                       text_buffer t;
                                       t << "elementwise " << op_traits<Kind>::symbol << ": operand 1 ";
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
            return record<A::type, r.shape>(a.owner, make_node(Kind, a, b));
        }
    }
}

/// A binary elementwise op: one `Operation` per element.
template <operation Operation>
struct binary_traits : op_defaults {
    static constexpr work forward_work(const graph&, const node& n) { return per_element(n, mix(Operation)); }
};

/// A unary elementwise op with its per-element operations and gradient operations.
template <int GradientOperations>
struct unary_traits : op_defaults {
    static constexpr work gradient_work(const graph& g, const node& n) {
        return gradient_operations(elementwise_gradient_of(g, n).out * rational(GradientOperations));
    }
};

template <op_kind Kind, SymbolicTensor A, typename Payload = payloads::none>
constexpr auto unary(const A& a, const Payload& payload = {}) {
    if constexpr (!A::valid) {
        return a;
    } else if constexpr (op_traits<Kind>::floating_point_only && is_integer(A::type)) {
        ::ordo::diagnostic::raise<diagnostic::E109_dtypes_differ>(([] {
                                   text_buffer t;
                                   t << op_traits<Kind>::name << ": needs a floating-point tensor, got " << name_of(A::type);
                                   return t;
                               }));
        return poisoned(a);
    } else {
        return record<A::type, A::shape>(a.owner, make_node_with(Kind, payload, a));
    }
}

}  // namespace detail

template <>
struct op_traits<op_kind::add> : detail::binary_traits<operation::add> {
    static constexpr std::string_view name = "add", symbol = "+";
    static constexpr work gradient_work(const graph& g, const node& n) {  // which < 0: accumulating two gradients
        const auto e = detail::elementwise_gradient_of(g, n);
        return detail::gradient_operations(n.data<payloads::gradient>().which < 0 ? e.out : e.reduction);
    }
};
template <>
struct op_traits<op_kind::subtract> : detail::binary_traits<operation::subtract> {
    static constexpr std::string_view name = "subtract", symbol = "-";
    static constexpr work gradient_work(const graph& g, const node& n) {
        const auto e = detail::elementwise_gradient_of(g, n);
        return detail::gradient_operations(n.data<payloads::gradient>().which == 1 ? e.out : nothing(), e.reduction);
    }
};
template <>
struct op_traits<op_kind::multiply> : detail::binary_traits<operation::multiply> {
    static constexpr std::string_view name = "multiply", symbol = "*";
    static constexpr work gradient_work(const graph& g, const node& n) {
        const auto e = detail::elementwise_gradient_of(g, n);
        return detail::gradient_operations(e.out, e.reduction);
    }
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) {  // d(a·b) = b·dy, a·dy
        const node& n = w.forward().nodes[id];
        w.gradient_to(id, 0, {n.operands[1]});
        w.gradient_to(id, 1, {n.operands[0]});
    }
};
template <>
struct op_traits<op_kind::divide> : detail::binary_traits<operation::divide> {
    static constexpr std::string_view name = "divide", symbol = "/";
    /// dy/b (1); −dy·a/(b·b) (4, as PyTorch's DivBackward computes it).
    static constexpr work gradient_work(const graph& g, const node& n) {
        const auto e = detail::elementwise_gradient_of(g, n);
        return detail::gradient_operations(e.out * rational(n.data<payloads::gradient>().which == 0 ? 1 : 4), e.reduction);
    }
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) {
        const node& n = w.forward().nodes[id];
        w.gradient_to(id, 0, {n.operands[0], n.operands[1]});
        w.gradient_to(id, 1, {n.operands[0], n.operands[1]});
    }
};
template <>
struct op_traits<op_kind::maximum> : detail::binary_traits<operation::compare> {
    static constexpr std::string_view name = "maximum", symbol = "maximum";
    static constexpr work gradient_work(const graph& g, const node& n) {
        const auto e = detail::elementwise_gradient_of(g, n);
        return detail::gradient_operations(e.out, e.reduction);
    }
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) {
        const node& n = w.forward().nodes[id];
        w.gradient_to(id, 0, {n.operands[0], n.operands[1]});
        w.gradient_to(id, 1, {n.operands[0], n.operands[1]});
    }
};

/// A unary op over floating-point values: `Ops` per element, `GradientOps` per element backward,
/// saving its input (`SavesResult`: its result) for the backward pass.
template <op_kind Kind, int GradientOps, bool SavesResult>
struct float_unary_traits : detail::unary_traits<GradientOps> {
    static constexpr bool floating_point_only = true;
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) {
        w.gradient_to(id, 0, {SavesResult ? id : w.forward().nodes[id].operands[0]});
    }
};

template <>
struct op_traits<op_kind::scale> : detail::unary_traits<1> {
    static constexpr std::string_view name = "scale";
    static constexpr bool floating_point_only = false;
    static constexpr work forward_work(const graph&, const node& n) { return per_element(n, mix(operation::multiply)); }
    /// d(c·x) = c·dy: the op itself on the gradient, so the backward graph carries c.
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) { w.apply_to_gradient(id, op_kind::scale); }
};
template <>
struct op_traits<op_kind::rsqrt_scale> : detail::unary_traits<1> {
    static constexpr std::string_view name = "rsqrt_scale";
    static constexpr bool floating_point_only = true;
    static constexpr work forward_work(const graph&, const node& n) { return per_element(n, mix(operation::multiply)); }
    /// d(x/√k) = dy/√k: the op itself on the gradient (one multiply per element, as the rule
    /// counts), so the backward graph carries k.
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) { w.apply_to_gradient(id, op_kind::rsqrt_scale); }
};
template <>
struct op_traits<op_kind::negate> : detail::unary_traits<1> {
    static constexpr std::string_view name = "negate";
    static constexpr bool floating_point_only = false;
    static constexpr work forward_work(const graph&, const node& n) { return per_element(n, mix(operation::negate)); }
    /// d(−x) = −dy: negate itself on the gradient.
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) { w.apply_to_gradient(id, op_kind::negate); }
};
template <>
struct op_traits<op_kind::exp> : float_unary_traits<op_kind::exp, 1, true> {
    static constexpr std::string_view name = "exp";
    static constexpr work forward_work(const graph&, const node& n) { return per_element(n, mix(operation::exp)); }
};
template <>
struct op_traits<op_kind::sin> : float_unary_traits<op_kind::sin, 2, false> {  // dy·cos x: cos, multiply
    static constexpr std::string_view name = "sin";
    static constexpr work forward_work(const graph&, const node& n) { return per_element(n, mix(operation::sin)); }
};
template <>
struct op_traits<op_kind::cos> : float_unary_traits<op_kind::cos, 3, false> {  // −dy·sin x: sin, multiply, negate
    static constexpr std::string_view name = "cos";
    static constexpr work forward_work(const graph&, const node& n) { return per_element(n, mix(operation::cos)); }
};
template <>
struct op_traits<op_kind::gelu> : float_unary_traits<op_kind::gelu, 18, false> {  // 18: as counted (gradient.hpp)
    static constexpr std::string_view name = "gelu";
    static constexpr work forward_work(const graph&, const node& n) {
        return per_element(n, mix(operation::multiply, 6).with(operation::add, 2).with(operation::tanh));
    }
};
template <>
struct op_traits<op_kind::silu> : float_unary_traits<op_kind::silu, 9, false> {
    static constexpr std::string_view name = "silu";
    static constexpr work forward_work(const graph&, const node& n) {
        return per_element(n, mix(operation::negate).with(operation::exp).with(operation::add).with(operation::divide));
    }
};
template <>
struct op_traits<op_kind::causal_mask> : detail::unary_traits<1> {
    static constexpr std::string_view name = "causal_mask";
    static constexpr bool floating_point_only = false;
    static constexpr work forward_work(const graph&, const node& n) { return per_element(n, mix(operation::add)); }
};

template <SymbolicTensor A, SymbolicTensor B>
constexpr auto operator+(const A& a, const B& b) { return detail::elementwise<op_kind::add>(a, b); }
template <SymbolicTensor A, SymbolicTensor B>
constexpr auto operator-(const A& a, const B& b) { return detail::elementwise<op_kind::subtract>(a, b); }
template <SymbolicTensor A, SymbolicTensor B>
constexpr auto operator*(const A& a, const B& b) { return detail::elementwise<op_kind::multiply>(a, b); }
template <SymbolicTensor A, SymbolicTensor B>
constexpr auto operator/(const A& a, const B& b) { return detail::elementwise<op_kind::divide>(a, b); }
/// The larger of a and b, elementwise with broadcasting.
template <SymbolicTensor A, SymbolicTensor B>
constexpr auto maximum(const A& a, const B& b) { return detail::elementwise<op_kind::maximum>(a, b); }
/// −a elementwise.
template <SymbolicTensor A>
constexpr auto operator-(const A& a) { return detail::unary<op_kind::negate>(a); }

/// Multiplies every element by the constant `c` (e.g. 1/sqrt(k) as a rational approximation).
template <SymbolicTensor A>
constexpr auto scale(const A& a, rational c) { return detail::unary<op_kind::scale>(a, payloads::constant{c}); }
/// Multiplies every element by 1/sqrt(k) for an extent k (attention's scaling by the head width).
template <SymbolicTensor A, TypedExtent K>
constexpr auto rsqrt_scale(const A& a, const K&) {
    return detail::unary<op_kind::rsqrt_scale>(a, payloads::extent_parameter{K::extent_value});
}
/// e^x elementwise.
template <SymbolicTensor A>
constexpr auto exp(const A& a) { return detail::unary<op_kind::exp>(a); }
/// sin x elementwise (rotary embeddings' tables).
template <SymbolicTensor A>
constexpr auto sin(const A& a) { return detail::unary<op_kind::sin>(a); }
/// cos x elementwise.
template <SymbolicTensor A>
constexpr auto cos(const A& a) { return detail::unary<op_kind::cos>(a); }
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
