#pragma once
/// \file
/// Ops that move data without arithmetic: `reshape(t, extents...)` (a view; volumes must
/// match, E105), `split_heads(t, h)` ([..., n, d] -> [..., h, n, d/h]), `merge_heads(t)`
/// ([..., h, n, k] -> [..., n, h·k]), `concat<Axis>(a, b)`, `embedding(ids, table)`.

#include <ordo/graph/ops/reduce.hpp>

namespace ordo {

namespace detail {
template <typename E>
constexpr void require_typed_extent() {
    static_assert(TypedExtent<E>,
                  "[ordo:E110] an extent must be known from its type: a dimension (n), a product "
                  "or quotient of dimensions (d / h), or ordo::c<4> * d — not a computed "
                  "polynomial. See docs/troubleshooting.md#e110");
}
}  // namespace detail

/// The same elements with another shape (a view).
template <SymbolicTensor A, typename... E>
constexpr auto reshape(const A& a, const E&...) {
    (detail::require_typed_extent<E>(), ...);
    if constexpr (!(TypedExtent<E> && ...) || !A::valid) {
        return detail::poisoned(a);
    } else {
        constexpr shape_value target{static_cast<int>(sizeof...(E)), {E::extent_value...}};
        if constexpr (!(target.volume() == A::shape.volume())) {
            ORDO_RAISE_SHAPE_ERROR(diagnostic::E105_reshape_volume_differs, ([] {
                                       detail::text_buffer t;
                                       t << "reshape: ";
                                       detail::write_shape(t, A::shape);
                                       t << " has a different volume than ";
                                       detail::write_shape(t, shape_value{static_cast<int>(sizeof...(E)), {E::extent_value...}});
                                       return t;
                                   }));
            return detail::poisoned(a);
        } else {
            return detail::record<A::type, target>(a.owner, detail::make_node(op_kind::reshape, a));
        }
    }
}

/// [..., n, d] -> [..., h, n, d/h]: the last axis split into h heads, heads before positions.
template <SymbolicTensor A, TypedExtent H>
constexpr auto split_heads(const A& a, const H&) {
    if constexpr (!A::valid) {
        return a;
    } else if constexpr (A::shape.rank < 2 || A::shape.rank >= max_rank) {
        detail::raise_rank_error<"split_heads: needs 2 to 5 axes [..., n, d]", A>();
        return detail::poisoned(a);
    } else {
        constexpr int r = A::shape.rank;
        constexpr shape_value out =
            A::shape.with(r - 1, detail::combine_extents(A::shape[r - 1], H::extent_value, -1))
                .inserted(r - 2, H::extent_value);
        return detail::record<A::type, out>(a.owner, detail::make_node(op_kind::split_heads, a));
    }
}

/// [..., h, n, k] -> [..., n, h·k]: the inverse of split_heads.
template <SymbolicTensor A>
constexpr auto merge_heads(const A& a) {
    if constexpr (!A::valid) {
        return a;
    } else if constexpr (A::shape.rank < 3) {
        detail::raise_rank_error<"merge_heads: needs 3 or more axes [..., h, n, k]", A>();
        return detail::poisoned(a);
    } else {
        constexpr int r = A::shape.rank;
        constexpr shape_value out =
            A::shape.with(r - 1, detail::combine_extents(A::shape[r - 3], A::shape[r - 1], 1)).without(r - 3);
        return detail::record<A::type, out>(a.owner, detail::make_node(op_kind::merge_heads, a));
    }
}

/// a and b joined along Axis; the other extents must agree, and the joined extent must be a
/// monomial (equal extents e give 2·e).
template <int Axis, SymbolicTensor A, SymbolicTensor B>
constexpr auto concat(const A& a, const B& b) {
    if constexpr (!detail::all_valid<A, B>) {
        return detail::poisoned(a);
    } else if constexpr (!detail::axis_exists<Axis, A>()) {
        ORDO_RAISE_SHAPE_ERROR(diagnostic::E106_unknown_axis, ([] { return detail::axis_message<Axis, A>("concat"); }));
        return detail::poisoned(a);
    } else {
        constexpr int axis = detail::resolved_axis<Axis, A>();
        constexpr bool fits = [] {
            if (A::shape.rank != B::shape.rank) return false;
            for (int i = 0; i < A::shape.rank; ++i)
                if (i != axis && !(A::shape[i] == B::shape[i])) return false;
            bool ok = true;
            static_cast<void>(to_extent(to_polynomial(A::shape[axis]) + to_polynomial(B::shape[axis]), &ok));
            return ok;
        }();
        if constexpr (A::type != B::type) {
            ORDO_RAISE_SHAPE_ERROR(diagnostic::E109_dtypes_differ, ([] { return detail::dtype_message<A, B>("concat"); }));
            return detail::poisoned(a);
        } else if constexpr (!fits) {
            ORDO_RAISE_SHAPE_ERROR(diagnostic::E108_operand_extents_differ, ([] {
                                       detail::text_buffer t;
                                       t << "concat: ";
                                       detail::write_shape(t, A::shape);
                                       t << " and ";
                                       detail::write_shape(t, B::shape);
                                       t << " must agree except in axis " << axis
                                         << ", and the joined extent must be a monomial";
                                       return t;
                                   }));
            return detail::poisoned(a);
        } else {
            constexpr shape_value out = [] {
                bool ok = true;
                return A::shape.with(axis, to_extent(to_polynomial(A::shape[axis]) + to_polynomial(B::shape[axis]), &ok));
            }();
            node n = detail::make_node(op_kind::concat, a, b);
            n.axis = axis;
            return detail::record<A::type, out>(a.owner, n);
        }
    }
}

/// [..., n, k] -> [..., n, w, k]: for each position, the w most recent positions up to it
/// (zeros before the start) — the keys or values of sliding-window attention (a gather).
template <SymbolicTensor A, TypedExtent W>
constexpr auto window(const A& a, const W&) {
    if constexpr (!A::valid) {
        return a;
    } else if constexpr (A::shape.rank < 2 || A::shape.rank >= max_rank) {
        detail::raise_rank_error<"window: needs 2 to 5 axes [..., n, k]", A>();
        return detail::poisoned(a);
    } else {
        node n = detail::make_node(op_kind::window, a);
        n.parameter = W::extent_value;
        return detail::record<A::type, A::shape.inserted(A::shape.rank - 1, W::extent_value)>(a.owner, n);
    }
}

/// A new tensor with the given extents, every element `value`; it lives where `like` lives
/// (on chip after `load`).
template <SymbolicTensor L, typename... E>
constexpr auto full(const L& like, rational value, const E&...) {
    (detail::require_typed_extent<E>(), ...);
    if constexpr (!L::valid || !(TypedExtent<E> && ...)) {
        return detail::poisoned(like);
    } else {
        node n = detail::make_node(op_kind::fill, like);
        n.factor = value;
        return detail::record<L::type, shape_value{static_cast<int>(sizeof...(E)), {E::extent_value...}}>(like.owner, n);
    }
}

/// Copies a tile into on-chip memory: ops on on-chip tensors move no main-memory bytes.
template <SymbolicTensor A>
constexpr auto load(const A& a) { return detail::unary<op_kind::load>(a); }
/// Copies an on-chip tensor back to main memory.
template <SymbolicTensor A>
constexpr auto store(const A& a) {
    if constexpr (A::valid) {
        if (!memory_spaces_of(a.owner->g).on_chip[a.id])
            diagnostic::E027_store_of_a_tensor_that_is_not_on_chip("store");
    }
    return detail::unary<op_kind::store>(a);
}

/// Rows of `table` ([V, d]) selected by integer `ids` ([...]): shape [..., d].
template <SymbolicTensor I, SymbolicTensor T>
constexpr auto embedding(const I& ids, const T& table) {
    if constexpr (!detail::all_valid<I, T>) {
        return detail::poisoned(table);
    } else if constexpr (T::shape.rank != 2 || I::shape.rank + 1 > max_rank) {
        detail::raise_rank_error<"embedding: the table must be [V, d]", T>();
        return detail::poisoned(table);
    } else if constexpr (!is_integer(I::type)) {
        detail::raise_dtype_error<"embedding", "token ids must have an integer type", I>();
        return detail::poisoned(table);
    } else {
        constexpr shape_value out = [] {
            shape_value s = I::shape;
            s.extents[s.rank++] = T::shape[1];
            return s;
        }();
        return detail::record<T::type, out>(table.owner, detail::make_node(op_kind::embedding, ids, table));
    }
}

}  // namespace ordo
