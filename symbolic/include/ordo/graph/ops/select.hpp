#pragma once
/// \file
/// Ops that select: `slice<Axis>(t, begin, extent)` (a copy of `extent` positions from
/// `begin`), `gather<Axis>(t, ids)` (positions chosen by integer ids; `embedding(ids, table)`
/// is `gather<0>(table, ids)`), and `top_k<Axis>(t, k)` (the k largest along the last axis:
/// values and int32 indices).
///
///     auto x1 = slice<-1>(x, ordo::zero, k / c<2>);          // [..., k/2]
///     auto rows = embedding(tokens, table);                   // [b, n] ids, [V, d] -> [b, n, d]
///     auto [gates, experts] = top_k<-1>(softmax(logits), e);  // [b, n, e] values, [b, n, e] i32
///
/// | op | FLOPs | bytes | backward |
/// |---|---|---|---|
/// | slice | 0 (a copy) | operand's selected part + result | a scatter: 0 |
/// | gather | 0; `chinchilla` counts it as a one-hot matmul: 2 per (result element × indexed extent) | ids + selected elements + result | a scatter-add into t: 1 per element of the result |
/// | top_k | compares: k·E per row of E (the selection below) | input + indices | none (indices carry no gradient; values go back through their gather) |
///
/// top_k's selection is a masked argmax, k times: each pass compares all E entries, those
/// already chosen masked to −∞, against the running best (which starts at −∞), keeping the
/// first largest. So ties go to the lowest index and the count, k·E, does not depend on the
/// data. (Skipping the chosen entries would save k(k−1)/2 compares per row, but leave a
/// negative term whose Θ-class is undecidable without knowing k ≤ E exactly; for MoE routing,
/// k ≪ E, the two differ by under k/(2E).) The runtime's kernel does exactly this.

#include <ordo/graph/ops/layout.hpp>

namespace ordo {

/// The extent 0, for `slice`'s begin.
inline constexpr extent_t<extent{0, 1, 0, {}, {}}> zero{};

namespace detail {
/// Whether p >= 0 for every size >= 1 (all coefficients non-negative; sufficient, not necessary).
constexpr bool surely_non_negative(const polynomial& p) {
    for (int k = 0; k < p.term_count; ++k)
        if (p.terms[k].coefficient.num < 0) return false;
    return true;
}

template <int Axis, extent Begin, extent Length, SymbolicTensor A>
constexpr auto slice_at(const A& a) {
    if constexpr (!A::valid) {
        return a;
    } else if constexpr (!axis_exists<Axis, A>()) {
        ::ordo::diagnostic::raise<diagnostic::E106_unknown_axis>(([] { return axis_message<Axis, A>("slice"); }));
        return poisoned(a);
    } else {
        constexpr int axis = resolved_axis<Axis, A>();
        constexpr bool fits =
            surely_non_negative(to_polynomial(A::shape[axis]) - to_polynomial(Begin) - to_polynomial(Length)) &&
            !(to_polynomial(Length) == polynomial());
        if constexpr (!fits) {
            ::ordo::diagnostic::raise<diagnostic::E112_selection_exceeds_axis>(([] {
                                       text_buffer t;
                                       t << "slice: positions ";
                                       write_extent(t, Begin);
                                       t << " to ";
                                       write_extent(t, Begin);
                                       t << " + ";
                                       write_extent(t, Length);
                                       t << " do not surely fit in axis " << resolved_axis<Axis, A>() << " of ";
                                       write_shape(t, A::shape);
                                       return t;
                                   }));
            return poisoned(a);
        } else {
            return record<A::type, A::shape.with(axis, Length)>(a.owner,
                                                                make_node_with(op_kind::slice, payloads::slice{axis, Begin}, a));
        }
    }
}
}  // namespace detail

template <>
struct op_traits<op_kind::slice> : op_defaults {
    static constexpr std::string_view name = "slice";
    /// Reads only the selected part of the operand.
    static constexpr polynomial bytes(const graph& g, int id, const memory_spaces& m) {
        const node& n = g.nodes[id];
        const polynomial part = n.shape.volume() * size_in_bytes(n.type);
        return (m.on_chip[n.operands[0]] ? polynomial() : part) + (m.on_chip[id] ? polynomial() : part);
    }
};

/// `extent` positions of axis `Axis` from `begin` (typed extents; `ordo::zero` for the start).
/// The selection must surely fit (begin + extent <= the axis for every size, E112).
template <int Axis, SymbolicTensor A, TypedExtent B, TypedExtent E>
constexpr auto slice(const A& a, const B&, const E&) {
    return detail::slice_at<Axis, B::extent_value, E::extent_value>(a);
}

namespace detail {
/// gather's result shape: t's axes before Axis (shared with ids), ids' own axes, t's axes after.
template <int Axis, SymbolicTensor T, SymbolicTensor I>
constexpr shape_value gathered_shape() {
    shape_value s = I::shape;
    for (int k = Axis + 1; k < T::shape.rank; ++k) s.extents[s.rank++] = T::shape[k];
    return s;
}
template <int Axis, SymbolicTensor T, SymbolicTensor I>
constexpr bool gather_fits() {
    if (I::shape.rank < Axis || I::shape.rank + T::shape.rank - Axis - 1 > max_rank) return false;
    for (int k = 0; k < Axis; ++k)
        if (!(I::shape[k] == T::shape[k])) return false;
    return true;
}
}  // namespace detail

template <>
struct op_traits<op_kind::gather> : op_defaults {
    static constexpr std::string_view name = "gather";
    /// Free as a gather; as a one-hot matmul, one multiply-add per (result element × indexed extent).
    static constexpr work forward_work(const graph& g, const node& n) {
        const shape_value& t = g.nodes[n.operands[0]].shape;
        return work(op_group::one_hot, elements(n.shape) * t[axis_of(n)], mix(operation::multiply));
    }
    /// A scatter-add into t: 1 per element of the result.
    static constexpr work gradient_work(const graph& g, const node& n) {
        return detail::gradient_operations(elements(g.nodes[n.operands[0]].shape));
    }
    /// Reads the ids and only the selected elements.
    static constexpr polynomial bytes(const graph& g, int id, const memory_spaces& m) {
        const node& n = g.nodes[id];
        return detail::main_memory_bytes(g, n.operands[1], m) +
               (m.on_chip[id] ? polynomial() : n.shape.volume() * (2 * size_in_bytes(n.type)));
    }
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) { w.gradient_to(id, 0, {w.forward().nodes[id].operands[1]}); }
};

/// Elements of `t` chosen along `Axis` by integer `ids`: ids' leading axes are t's axes before
/// Axis (shared), its other axes choose; result [t's axes before Axis, ids' other axes, t's
/// axes after Axis]. `gather<0>(table [V, d], ids [b, n])` is [b, n, d]; `gather<2>(t [b, n,
/// E], ids [b, n, e])` is [b, n, e]. An id outside the axis is a run-time error (E306).
template <int Axis, SymbolicTensor T, SymbolicTensor I>
constexpr auto gather(const T& t, const I& ids) {
    if constexpr (!detail::all_valid<T, I>) {
        return detail::poisoned(t);
    } else if constexpr (!detail::axis_exists<Axis, T>()) {
        ::ordo::diagnostic::raise<diagnostic::E106_unknown_axis>(([] { return detail::axis_message<Axis, T>("gather"); }));
        return detail::poisoned(t);
    } else if constexpr (!is_integer(I::type)) {
        detail::raise_dtype_error<"gather", "ids must have an integer type", I>();
        return detail::poisoned(t);
    } else {
        constexpr int axis = detail::resolved_axis<Axis, T>();
        if constexpr (!detail::gather_fits<axis, T, I>()) {
            ::ordo::diagnostic::raise<diagnostic::E113_index_operand_does_not_fit>(([] {
                                       detail::text_buffer m;
                                       m << "gather along axis " << detail::resolved_axis<Axis, T>() << " of ";
                                       detail::write_shape(m, T::shape);
                                       m << ": ids ";
                                       detail::write_shape(m, I::shape);
                                       m << " must start with the " << detail::resolved_axis<Axis, T>()
                                         << " axes before it (and the result have at most 6 axes)";
                                       return m;
                                   }));
            return detail::poisoned(t);
        } else {
            return detail::record<T::type, detail::gathered_shape<axis, T, I>()>(
                t.owner, detail::make_node_with(op_kind::gather, payloads::axis{axis}, t, ids));
        }
    }
}

/// Rows of `table` ([V, d]) selected by integer `ids` ([...]): shape [..., d]. The same as
/// `gather<0>(table, ids)`.
template <SymbolicTensor I, SymbolicTensor T>
constexpr auto embedding(const I& ids, const T& table) {
    if constexpr (detail::all_valid<I, T> && (T::shape.rank != 2 || I::shape.rank + 1 > max_rank)) {
        detail::raise_rank_error<"embedding: the table must be [V, d]", T>();
        return detail::poisoned(table);
    } else if constexpr (detail::all_valid<I, T> && !is_integer(I::type)) {
        detail::raise_dtype_error<"embedding", "token ids must have an integer type", I>();
        return detail::poisoned(table);
    } else {
        return gather<0>(table, ids);
    }
}

/// top_k's result: the k largest values and their indices along the last axis.
template <typename Values, typename Indices>
struct top_k_result {
    Values values;
    Indices indices;
};

template <>
struct op_traits<op_kind::top_k> : op_defaults {
    static constexpr std::string_view name = "top_k";
    /// Per row of E elements: k·E comparisons (see the file comment).
    static constexpr work forward_work(const graph& g, const node& n) {
        const shape_value& t = g.nodes[n.operands[0]].shape;
        return work(op_group::other, rows(t) * n.shape[n.shape.rank - 1] * t[t.rank - 1], mix(operation::compare));
    }
    template <typename Builder>
    static constexpr void backward(Builder&, int) {}  // integer indices: no gradient
};

/// The k largest elements along the last axis (`Axis` must name it), in descending order, and
/// their int32 indices (ties: the lowest index first). k is a typed extent; the graph gains the
/// fact k <= (the axis).
template <int Axis, SymbolicTensor A, TypedExtent K>
constexpr auto top_k(const A& a, const K&) {
    using poisoned_t = decltype(detail::poisoned(a));
    if constexpr (!A::valid) {
        return top_k_result<poisoned_t, poisoned_t>{detail::poisoned(a), detail::poisoned(a)};
    } else if constexpr (A::shape.rank < 1 || detail::resolved_axis<Axis, A>() != A::shape.rank - 1) {
        detail::raise_rank_error<"top_k: selects along the last axis (Axis -1)", A>();
        return top_k_result<poisoned_t, poisoned_t>{detail::poisoned(a), detail::poisoned(a)};
    } else {
        constexpr int axis = A::shape.rank - 1;
        if (!(to_polynomial(A::shape[axis]) == to_polynomial(K::extent_value)))
            a.owner->note_fact(to_polynomial(K::extent_value) <= to_polynomial(A::shape[axis]));
        const auto indices = detail::record<dtype::i32, A::shape.with(axis, K::extent_value)>(
            a.owner, detail::make_node_with(op_kind::top_k, payloads::axis{axis}, a));
        const auto values = gather<axis>(a, indices);
        return top_k_result<decltype(values), decltype(indices)>{values, indices};
    }
}

}  // namespace ordo
