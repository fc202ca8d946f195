#pragma once
/// \file
/// Rotary position embeddings (Su et al. 2021, RoFormer), rotate-half form, built from
/// primitives: `rotary<Axis>(x, cos, sin)` = x·cos + rotate_half(x)·sin, where
/// rotate_half(x) = concat(−x₂, x₁) for the two halves x₁, x₂ of axis `Axis` (the last).
/// cos and sin broadcast against x: [n, k] tables for x [b, h, n, k]. Per element of x: 3.5
/// FLOPs under `standard` (2 multiplies, 1 add, half a negate); the tables are the caller's
/// (see `rotary_tables`).
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

/// x rotated pairwise by position-dependent angles (see the file comment).
template <int Axis, SymbolicTensor X, SymbolicTensor C, SymbolicTensor S>
constexpr auto rotary(const X& x, const C& cos_table, const S& sin_table) {
    if constexpr (!detail::all_valid<X, C, S>) {
        return detail::poisoned(x);
    } else if constexpr (!detail::axis_exists<Axis, X>() || detail::resolved_axis<Axis, X>() != X::shape.rank - 1) {
        detail::raise_rank_error<"rotary: rotates along the last axis (Axis -1)", X>();
        return detail::poisoned(x);
    } else {
        constexpr int axis = X::shape.rank - 1;
        constexpr extent half = detail::combine_extents(X::shape[axis], extent{2, 1, 0, {}, {}}, -1);
        const auto first = detail::slice_at<axis, zero.extent_value, half>(x);
        const auto second = detail::slice_at<axis, half, half>(x);
        return x * cos_table + concat<axis>(-second, first) * sin_table;
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
