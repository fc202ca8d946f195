#pragma once
/// \file
/// Collective communication of tensor and sequence parallelism (Shoeybi et al. 2019,
/// Megatron-LM; Korthikanti et al. 2022, §4.2.2): the t devices of a group each hold a part of
/// a tensor, and the collectives combine the parts. Their cost is communication, a cost kind
/// of its own (communication.hpp); no FLOPs are counted (the ring's additions are the
/// library's, not the model's).
///
///   - `all_reduce(x, t)`: the sum of every device's x, on every device. Its gradient passes
///     through unchanged (Megatron's g operator: its backward is the identity).
///   - `parallel_input(x, t)`: Megatron's f, the identity forward, an all-reduce of the
///     gradient backward.
///   - `all_gather<Axis>(x, t)`: the devices' parts joined along Axis in device order (extent
///     × t); its gradient is a reduce-scatter. The backward pass gathers again rather than
///     keeping the gathered tensor, as Megatron's sequence parallelism does, so what is saved is
///     each device's part.
///   - `reduce_scatter<Axis>(x, t)`: the sum of every device's x, cut along Axis, device r
///     keeping part r (extent / t); its gradient is an all-gather.
///
///     const auto y = all_reduce(einsum<"bhnk,hkd->bnd">(mixed, w_o), t);  // heads split t ways

#include <ordo/graph/ops/reduce.hpp>

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

template <>
struct op_traits<op_kind::all_gather> : op_defaults {
    static constexpr std::string_view name = "all_gather";
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) { w.apply_to_gradient(id, op_kind::reduce_scatter); }
};
template <>
struct op_traits<op_kind::reduce_scatter> : op_defaults {
    static constexpr std::string_view name = "reduce_scatter";
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) { w.apply_to_gradient(id, op_kind::all_gather); }
};

namespace detail {
template <op_kind Kind, int Axis, SymbolicTensor X, TypedExtent T>
constexpr auto gather_or_scatter(const X& x, const T&) {
    if constexpr (!X::valid) {
        return x;
    } else if constexpr (!axis_exists<Axis, X>()) {
        ::ordo::diagnostic::raise<diagnostic::E106_unknown_axis>(([] { return axis_message<Axis, X>(op_traits<Kind>::name); }));
        return poisoned(x);
    } else {
        constexpr int axis = resolved_axis<Axis, X>();
        constexpr extent part = X::shape[axis];
        constexpr extent joined = combine_extents(part, T::extent_value, Kind == op_kind::all_gather ? 1 : -1);
        return record<X::type, X::shape.with(axis, joined)>(
            x.owner, make_node_with(Kind, payloads::collective{T::extent_value, axis}, x));
    }
}
}  // namespace detail

/// x summed over the t devices of its tensor-parallel group (t: an extent, the group's size).
template <SymbolicTensor X, TypedExtent T>
constexpr auto all_reduce(const X& x, const T&) {
    if constexpr (!X::valid) return x;
    else return detail::record<X::type, X::shape>(x.owner, detail::make_node_with(op_kind::all_reduce, payloads::collective{T::extent_value}, x));
}
/// x entering column-parallel products on the t devices of its group: x itself, whose gradient
/// is all-reduced over the group (Megatron's f; see op_traits<op_kind::parallel_input>).
template <SymbolicTensor X, TypedExtent T>
constexpr auto parallel_input(const X& x, const T&) {
    if constexpr (!X::valid) return x;
    else return detail::record<X::type, X::shape>(x.owner, detail::make_node_with(op_kind::parallel_input, payloads::collective{T::extent_value}, x));
}
/// The t devices' parts of x joined along Axis, in device order (Megatron's sequence-parallel g).
template <int Axis, SymbolicTensor X, TypedExtent T>
constexpr auto all_gather(const X& x, const T& t) {
    return detail::gather_or_scatter<op_kind::all_gather, Axis>(x, t);
}
/// x summed over the t devices and cut t ways along Axis, each device keeping its part
/// (Megatron's sequence-parallel ḡ).
template <int Axis, SymbolicTensor X, TypedExtent T>
constexpr auto reduce_scatter(const X& x, const T& t) {
    return detail::gather_or_scatter<op_kind::reduce_scatter, Axis>(x, t);
}
}  // namespace ordo
