#pragma once
/// \file
/// Collective communication of tensor parallelism (Shoeybi et al. 2019, Megatron-LM): the t
/// devices of a tensor-parallel group each hold a part of every row-parallel product, and
/// `all_reduce(x, t)` sums those parts on every device. Its cost is communication, a cost kind
/// of its own (communication.hpp).
/// No FLOPs are counted (the ring's additions are the library's, not the model's), and the
/// gradient passes through unchanged (Megatron's g operator: its backward is the identity).
/// `parallel_input(x, t)` is the other operator, f: the identity forward, an all-reduce of the
/// gradient backward.
///
///     const auto y = all_reduce(einsum<"bhnk,hkd->bnd">(mixed, w_o), t);  // heads split t ways

#include <ordo/graph/ops/elementwise.hpp>

namespace ordo {

template <>
struct op_traits<op_kind::all_reduce> : op_defaults {
    static constexpr std::string_view name = "all_reduce";
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) { w.pass_through(id); }
};

/// Megatron's f operator: the input of column-parallel products, whole and the same on every
/// device, so forward it is x itself (a view); backward, each device holds only its heads' or
/// its part of the MLP width's share of x's gradient, and they are all-reduced. This is the
/// backward pass's all-reduce, one per column-parallel group (Shoeybi et al. 2019, §3).
template <>
struct op_traits<op_kind::parallel_input> : view_defaults {
    static constexpr std::string_view name = "parallel_input";
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) { w.apply_to_gradient(id, op_kind::all_reduce); }
};

/// x summed over the t devices of its tensor-parallel group (t: an extent, the group's size).
template <SymbolicTensor X, TypedExtent T>
constexpr auto all_reduce(const X& x, const T&) {
    if constexpr (!X::valid) return x;
    else return detail::record<X::type, X::shape>(x.owner, detail::make_node_with(op_kind::all_reduce, payloads::extent_parameter{T::extent_value}, x));
}
/// x entering column-parallel products on the t devices of its group: x itself, whose gradient
/// is all-reduced over the group (Megatron's f; see op_traits<op_kind::parallel_input>).
template <SymbolicTensor X, TypedExtent T>
constexpr auto parallel_input(const X& x, const T&) {
    if constexpr (!X::valid) return x;
    else return detail::record<X::type, X::shape>(x.owner, detail::make_node_with(op_kind::parallel_input, payloads::extent_parameter{T::extent_value}, x));
}
}  // namespace ordo
