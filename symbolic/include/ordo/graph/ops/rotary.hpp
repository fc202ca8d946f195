#pragma once
/// \file
/// Rotary position embeddings (Su et al. 2021, RoFormer), rotate-half form, as one op:
/// `rotary<Axis>(x, cos, sin)` = x·cos + rotate_half(x)·sin, where rotate_half(x) =
/// concat(−x₂, x₁) for the two halves x₁, x₂ of axis `Axis` (the last) — the same as
/// `x * cos + concat<-1>(-slice<-1>(x, k/2, k/2), slice<-1>(x, zero, k/2)) * sin` from
/// primitives, without their intermediate tensors. cos and sin broadcast against x: [n, k]
/// tables for x [b, h, n, k]. Per element of x: 3.5 FLOPs under `standard` (2 multiplies, 1
/// add, and a negate for half of them); backward: the rotation by −θ, the same 3.5 (the tables
/// are functions of positions and get no gradient). See `rotary_tables` for the tables.
///
///     auto q = rotary<-1>(einsum<"bnd,hdk->bhnk">(x, wq), cos, sin);

#include <ordo/graph/ops/select.hpp>

namespace ordo {

/// Rotary tables: cos and sin, [n, k].
template <typename C, typename S>
struct rotary_table_pair {
    C cos;
    S sin;
};
template <typename C, typename S>
constexpr rotary_table_pair<C, S> rotary_pair_of(const C& c, const S& s) {
    return {c, s};
}

template <>
struct op_traits<op_kind::rotary> : op_defaults {
    static constexpr std::string_view name = "rotary";
    static constexpr work forward_work(const graph&, const node& n) {
        return work(op_group::other, elements(n.shape), mix(operation::multiply, 2).with(operation::add))
            .add(op_group::other, elements(n.shape) * rational(1, 2), mix(operation::negate));
    }
    static constexpr work gradient_work(const graph&, const node& n) {
        return work(op_group::other, elements(n.shape), mix(operation::multiply, 2).with(operation::add))
            .add(op_group::other, elements(n.shape) * rational(1, 2), mix(operation::negate));
    }
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) {
        const node& n = w.forward().nodes[id];
        w.gradient_to(id, 0, {n.operands[1], n.operands[2]});
    }
};

/// x rotated pairwise by position-dependent angles (see the file comment).
template <int Axis, SymbolicTensor X, SymbolicTensor C, SymbolicTensor S>
constexpr auto rotary(const X& x, const C& cos_table, const S& sin_table) {
    if constexpr (!detail::all_valid<X, C, S>) {
        return detail::poisoned(x);
    } else if constexpr (!detail::axis_exists<Axis, X>() || detail::resolved_axis<Axis, X>() != X::shape.rank - 1) {
        detail::raise_rank_error<"rotary: rotates along the last axis (Axis -1)", X>();
        return detail::poisoned(x);
    } else if constexpr (!(C::shape == S::shape) || !detail::broadcast(X::shape, C::shape).ok ||
                         !(detail::broadcast(X::shape, C::shape).shape == X::shape)) {
        ::ordo::diagnostic::raise<diagnostic::E104_broadcast_incompatible_extents>(([] {
                                   detail::text_buffer t;
                                   t << "rotary: x ";
                                   detail::write_shape(t, X::shape);
                                   t << " needs cos and sin of one shape that broadcasts to it, got ";
                                   detail::write_shape(t, C::shape);
                                   t << " and ";
                                   detail::write_shape(t, S::shape);
                                   return t;
                               }));
        return detail::poisoned(x);
    } else if constexpr (X::type != C::type || X::type != S::type) {
        ::ordo::diagnostic::raise<diagnostic::E109_dtypes_differ>(([] { return detail::dtype_message<X, C>("rotary"); }));
        return detail::poisoned(x);
    } else {
        return detail::record<X::type, X::shape>(x.owner, detail::make_node(op_kind::rotary, x, cos_table, sin_table));
    }
}

/// The cos and sin tables of rotary embeddings, [n, k]: angles[p, j] = positions[p] ·
/// frequencies[j] for positions [n] and frequencies [k] (θ^(−2j/k), each repeated for both
/// halves); 3 FLOPs per table element (the product, cos, sin).
template <SymbolicTensor P, SymbolicTensor F>
constexpr auto rotary_tables(const P& positions, const F& frequencies) {
    if constexpr (!detail::all_valid<P, F> || P::shape.rank != 1 || F::shape.rank != 1) {
        if constexpr (detail::all_valid<P, F>) detail::raise_rank_error<"rotary_tables: positions [n] and frequencies [k]", P>();
        return rotary_pair_of(detail::poisoned(positions), detail::poisoned(positions));
    } else {
        const auto angles = reshape(positions, extent_t<P::shape[0]>{}, c<1>) * frequencies;
        return rotary_pair_of(cos(angles), sin(angles));
    }
}

}  // namespace ordo
