#pragma once
/// \file
/// Ops that move data without arithmetic: `reshape(t, extents...)` (a view; volumes must
/// match, E105), `split_heads(t, h)` ([..., n, d] -> [..., h, n, d/h]), `merge_heads(t)`
/// ([..., h, n, k] -> [..., n, h·k]), `concat<Axis>(a, b)`, `window(t, w)`, and the tile ops
/// `full`, `load`, `store`. Copies cost no FLOPs; their bytes are operands + result.
///
/// | op | bytes | backward |
/// |---|---|---|
/// | reshape | 0 (a view) | the gradient passes through |
/// | split_heads, merge_heads, concat | operands + result | copies (0 FLOPs) |
/// | window | operand + result | a scatter-add: 1 per element of the result |
/// | load / store | the tile, read from / written to main memory once | passes through |
/// | fill | the result, written once (0 on chip) | none |

#include <ordo/graph/ops/reduce.hpp>

namespace ordo {

template <>
struct op_traits<op_kind::reshape> : view_defaults {
    static constexpr std::string_view name = "reshape";
};
template <>
struct op_traits<op_kind::split_heads> : op_defaults {
    static constexpr std::string_view name = "split_heads";
};
template <>
struct op_traits<op_kind::merge_heads> : op_defaults {
    static constexpr std::string_view name = "merge_heads";
};
template <>
struct op_traits<op_kind::concat> : op_defaults {
    static constexpr std::string_view name = "concat";
};
template <>
struct op_traits<op_kind::window> : op_defaults {
    static constexpr std::string_view name = "window";
    static constexpr work gradient_work(const graph& g, const node& n) {
        return detail::gradient_operations(elements(g.nodes[n.operands[0]].shape));
    }
};
template <>
struct op_traits<op_kind::fill> : op_defaults {
    static constexpr std::string_view name = "fill";
    static constexpr polynomial bytes(const graph& g, int id, const memory_spaces& m) {
        const node& n = g.nodes[id];
        return m.on_chip[id] ? polynomial() : n.shape.volume() * size_in_bytes(n.type);
    }
    template <typename Builder>
    static constexpr void backward(Builder&, int) {}  // a constant
};
template <>
struct op_traits<op_kind::load> : op_defaults {
    static constexpr std::string_view name = "load";
    static constexpr bool floating_point_only = false;
    static constexpr polynomial bytes(const graph& g, int id, const memory_spaces& m) {
        return detail::main_memory_bytes(g, g.nodes[id].operands[0], m);
    }
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) { w.pass_through(id); }
};
template <>
struct op_traits<op_kind::store> : op_defaults {
    static constexpr std::string_view name = "store";
    static constexpr bool floating_point_only = false;
    static constexpr polynomial bytes(const graph& g, int id, const memory_spaces&) {
        const node& n = g.nodes[id];
        return n.shape.volume() * size_in_bytes(n.type);
    }
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) { w.pass_through(id); }
};

namespace detail {
template <typename E>
constexpr void require_typed_extent() {
    static_assert(TypedExtent<E>,
                  "[ordo:E110] an extent must be known from its type: a dimension (n), a product "
                  "or quotient of dimensions (d / h), or a constant times one: write ordo::c<4> * d, "
                  "not 4 * d (a computed polynomial). See docs/troubleshooting.md#e110");
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
            ::ordo::diagnostic::raise<diagnostic::E105_reshape_volume_differs>(([] {
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
        ::ordo::diagnostic::raise<diagnostic::E106_unknown_axis>(([] { return detail::axis_message<Axis, A>("concat"); }));
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
            ::ordo::diagnostic::raise<diagnostic::E109_dtypes_differ>(([] { return detail::dtype_message<A, B>("concat"); }));
            return detail::poisoned(a);
        } else if constexpr (!fits) {
            ::ordo::diagnostic::raise<diagnostic::E108_operand_extents_differ>(([] {
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
            return detail::record<A::type, out>(a.owner, detail::make_node_with(op_kind::concat, payloads::axis{axis}, a, b));
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
        return detail::record<A::type, A::shape.inserted(A::shape.rank - 1, W::extent_value)>(
            a.owner, detail::make_node_with(op_kind::window, payloads::extent_parameter{W::extent_value}, a));
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
        return detail::record<L::type, shape_value{static_cast<int>(sizeof...(E)), {E::extent_value...}}>(
            like.owner, detail::make_node_with(op_kind::fill, payloads::constant{value}, like));
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

}  // namespace ordo
