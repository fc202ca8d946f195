#pragma once
/// \file
/// Tracing: call a generic function with symbolic tensors and get its graph.
///
///     constexpr auto g = ordo::trace(attention, ordo::input<"x", float>(b, n, d),
///                                    ordo::param<"wq", float>(d, d), ...);
///
/// `input` and `param` declare the function's arguments, in order: their names (yours),
/// element types and shapes. Parameters are weights: `params(g)` counts them. Extents must be
/// typed (dimensions, `d / h`, `ordo::c<4> * d`; E110). The function's result is the graph's
/// output. Everything happens in one constant evaluation.

#include <ordo/graph/loops.hpp>

#include <type_traits>
#include <utility>

namespace ordo {

/// A declared argument of a traced function.
template <fixed_string Name, dtype D, shape_value S, op_kind Role>
struct argument {
    static constexpr fixed_string name = Name;
    static constexpr dtype type = D;
    static constexpr shape_value shape = S;
    static constexpr op_kind role = Role;
};

namespace detail {
template <fixed_string Name, typename T, op_kind Role, typename... E>
constexpr auto declare() {
    (require_typed_extent<E>(), ...);
    static_assert(sizeof...(E) <= max_rank, "[ordo:E107] a tensor has at most ordo::max_rank (6) axes. See docs/troubleshooting.md#e107");
    static_assert(detail::dimension_name_is_valid<Name>,
                  "[ordo:E015] invalid tensor name: use 1 to 15 letters, digits or '_'. See docs/troubleshooting.md#e015");
    if constexpr ((TypedExtent<E> && ...)) {
        return argument<Name, dtype_of<T>::value, shape_value{static_cast<int>(sizeof...(E)), {E::extent_value...}}, Role>{};
    } else {
        return argument<Name, dtype_of<T>::value, shape_value{}, Role>{};
    }
}
}  // namespace detail

/// A graph input named `Name` with element type T and the given extents.
template <fixed_string Name, typename T, typename... E>
constexpr auto input(const E&...) {
    return detail::declare<Name, T, op_kind::input, E...>();
}
/// A weight named `Name` with element type T and the given extents.
template <fixed_string Name, typename T, typename... E>
constexpr auto param(const E&...) {
    return detail::declare<Name, T, op_kind::param, E...>();
}

namespace detail {
template <typename A>
constexpr auto leaf(builder* b) {
    node n;
    n.kind = A::role;
    n.name = pack_name(A::name.view());
    return record<A::type, A::shape>(b, n);
}
}  // namespace detail

/// Traces `fn` on symbolic tensors declared by `arguments` and returns its graph.
template <typename F, typename... A>
constexpr graph trace(F fn, A... arguments) {
    // The result type is checked before the call: a function returning void or a tuple stops at
    // E111 alone, with no follow-on errors about its `.id`.
    using result_type = std::remove_cvref_t<decltype(fn(detail::leaf<A>(std::declval<detail::builder*>())...))>;
    static_assert(SymbolicTensor<result_type>,
                  "[ordo:E111] a traced function must return a tensor. See docs/troubleshooting.md#e111");
    detail::builder b;
    ((void)arguments, ...);
    if constexpr (SymbolicTensor<result_type>) b.g.output = fn(detail::leaf<A>(&b)...).id;
    return b.g;
}

}  // namespace ordo
