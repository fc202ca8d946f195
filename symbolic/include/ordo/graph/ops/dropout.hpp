#pragma once
/// \file
/// Dropout as training runs it (Srivastava et al. 2014, inverted): `dropout(x, p)` keeps each
/// element with probability 1 − p and scales the kept ones by 1/(1 − p). Two nodes, so that
/// the mask is a tensor of its own, of one byte per element (dtype u8), which is what the
/// backward pass keeps (Korthikanti et al. 2022 count dropout masks at 1 byte):
///
///   - `dropout_mask`: the kept elements, 1 or 0, drawn at random in x's shape (its operand x
///     gives only the shape; nothing of x is read). No arithmetic; writes the mask.
///   - `dropout`: x · mask / (1 − p), 1 multiply per element (the scale folded into the mask's
///     value); backward the same multiply of the gradient, reading the mask only.
///
///     auto y = dropout(softmax(scores), rational(1, 10));  // p = 0.1

#include <ordo/graph/ops/elementwise.hpp>

namespace ordo {

template <>
struct op_traits<op_kind::dropout_mask> : op_defaults {
    static constexpr std::string_view name = "dropout_mask";
    static constexpr polynomial bytes(const graph& g, int id, const memory_spaces& m) {  // the mask, written once
        const node& n = g.nodes[id];
        return m.on_chip[id] ? polynomial() : n.shape.volume() * size_in_bytes(n.type);
    }
    template <typename Builder>
    static constexpr void backward(Builder&, int) {}  // random bits: no gradient
};

template <>
struct op_traits<op_kind::dropout> : op_defaults {
    static constexpr std::string_view name = "dropout";
    static constexpr bool floating_point_only = true;
    static constexpr work forward_work(const graph&, const node& n) { return per_element(n, mix(operation::multiply)); }
    /// dx = dy · mask / (1 − p): dropout itself on the gradient, with the saved mask (the mask
    /// gets no gradient).
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) {
        w.apply_to_gradient(id, op_kind::dropout, {w.forward().nodes[id].operands[1]});
    }
};

/// x with each element dropped with probability p (0 ≤ p < 1) and the others scaled by 1/(1 − p).
template <SymbolicTensor X>
constexpr auto dropout(const X& x, rational p) {
    if constexpr (!X::valid) {
        return x;
    } else if constexpr (is_integer(X::type)) {
        ::ordo::diagnostic::raise<diagnostic::E109_dtypes_differ>(([] {
                                   detail::text_buffer t;
                                   t << "dropout: needs a floating-point tensor, got " << name_of(X::type);
                                   return t;
                               }));
        return detail::poisoned(x);
    } else {
        if (p.num < 0 || !(p < rational(1))) diagnostic::E032_dropout_probability_must_be_in_0_to_1(p.num, p.den);
        const auto mask = detail::record<dtype::u8, X::shape>(
            x.owner, detail::make_node_with(op_kind::dropout_mask, payloads::constant{p}, x));
        return detail::record<X::type, X::shape>(x.owner, detail::make_node_with(op_kind::dropout, payloads::constant{p}, x, mask));
    }
}

}  // namespace ordo
