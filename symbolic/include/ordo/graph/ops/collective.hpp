#pragma once
/// \file
/// Collective communication of tensor parallelism (Shoeybi et al. 2019, Megatron-LM): the t
/// devices of a tensor-parallel group each hold a part of every row-parallel product, and
/// `all_reduce(x, t)` sums those parts on every device. Its cost is communication, a cost kind
/// of its own (communication.hpp).
/// No FLOPs are counted (the ring's additions are the library's, not the model's), and the
/// gradient passes through unchanged (Megatron's g operator: its backward is the identity).
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

/// x summed over the t devices of its tensor-parallel group (t: an extent, the group's size).
template <SymbolicTensor X, TypedExtent T>
constexpr auto all_reduce(const X& x, const T&) {
    if constexpr (!X::valid) return x;
    else return detail::record<X::type, X::shape>(x.owner, detail::make_node_with(op_kind::all_reduce, payloads::extent_parameter{T::extent_value}, x));
}
}  // namespace ordo
