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
/// output: a tensor, or a std::tuple, std::pair or hana::tuple of up to 4 (`outputs`).
/// Everything happens in one constant evaluation.

#include <ordo/graph/loops.hpp>

#include <boost/hana/tuple.hpp>
#include <boost/hana/unpack.hpp>

#include <tuple>
#include <type_traits>
#include <utility>

namespace ordo {

/// A declared argument of a traced function.
template <fixed_string Name, dtype D, shape_value S, op_kind Role, bool Valid = true>
struct argument {
    static constexpr fixed_string name = Name;
    /// False when an extent was not typed (E110): the traced function then sees a poisoned
    /// tensor, on which later ops check nothing, so the one E110 is the only error.
    static constexpr bool valid = Valid;
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
        // Rank 1, extent 1: g++ 12 does not match a value-initialised shape_value{} against
        // tensor<D, S, V> after a copy, so the poisoned tensor gets an ordinary shape.
        return argument<Name, dtype_of<T>::value, shape_value{1, {extent{}}}, Role, false>{};
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

/// Inputs: resident for the whole run, no bytes, no gradient of their own.
template <>
struct op_traits<op_kind::input> : op_defaults {
    static constexpr std::string_view name = "input";
    static constexpr memory_role memory = memory_role::resident;
    static constexpr polynomial bytes(const graph&, int, const memory_spaces&) { return {}; }
    template <typename Builder>
    static constexpr void backward(Builder&, int) {}
};
/// Weights: like inputs, and counted by params().
template <>
struct op_traits<op_kind::param> : op_traits<op_kind::input> {
    static constexpr std::string_view name = "param";
};

namespace detail {
template <typename A>
constexpr auto leaf(builder* b) {
    const auto t = record<A::type, A::shape>(b, make_node_with(A::role, payloads::leaf{pack_name(A::name.view())}));
    if constexpr (A::valid) return t;
    else return poisoned(t);
}

/// The tensors a traced function returned: one, or a std::tuple, std::pair or hana::tuple of them.
template <typename R>
struct results_of {
    static constexpr bool all_tensors = false;
};
template <typename R>
    requires SymbolicTensor<R>
struct results_of<R> {
    static constexpr bool all_tensors = true;
    static constexpr int count = 1;
    static constexpr void collect(const R& r, graph& g) { g.outputs[g.output_count++] = r.id; }
};
template <typename... T>
struct tensor_tuple {
    static constexpr bool all_tensors = sizeof...(T) >= 1 && sizeof...(T) <= 4 && (SymbolicTensor<T> && ...);
    static constexpr int count = static_cast<int>(sizeof...(T));
    template <typename Tuple>
    static constexpr void collect(const Tuple& r, graph& g) {
        if constexpr (all_tensors)
            std::apply([&](const auto&... t) { ((g.outputs[g.output_count++] = t.id), ...); }, r);
    }
};
template <typename... T>
struct results_of<std::tuple<T...>> : tensor_tuple<T...> {};
template <typename A, typename B>
struct results_of<std::pair<A, B>> : tensor_tuple<A, B> {};
template <typename... T>
struct results_of<boost::hana::tuple<T...>> : tensor_tuple<T...> {
    static constexpr void collect(const boost::hana::tuple<T...>& r, graph& g) {
        if constexpr (tensor_tuple<T...>::all_tensors)
            boost::hana::unpack(r, [&](const auto&... t) { ((g.outputs[g.output_count++] = t.id), ...); });
    }
};
}  // namespace detail

/// Traces `fn` on symbolic tensors declared by `arguments` and returns its graph.
template <typename F, typename... A>
constexpr graph trace(F fn, A... arguments) {
    // The result type is checked before the call: a function returning void or a tuple stops at
    // E111 alone, with no follow-on errors about its `.id`.
    using result_type = std::remove_cvref_t<decltype(fn(detail::leaf<A>(std::declval<detail::builder*>())...))>;
    static_assert(detail::results_of<result_type>::all_tensors,
                  "[ordo:E111] a traced function must return a tensor, or a tuple of 1 to 4 tensors. See "
                  "docs/troubleshooting.md#e111");
    detail::builder b;
    ((void)arguments, ...);
    if constexpr (detail::results_of<result_type>::all_tensors) {
        detail::results_of<result_type>::collect(fn(detail::leaf<A>(&b)...), b.g);
        b.g.output = b.g.outputs[0];
    }
    return b.g;
}

}  // namespace ordo
