#pragma once
// The common part of gradient kernels (gradient.hpp dispatches to them): the primary template
// `gradient_kernel<K>` (op K's gradient, specialised per op beside its siblings) and the walks
// they share: broadcasting a saved operand, reducing dy onto a broadcast operand, an
// elementwise derivative.

#include "elementwise.hpp"

namespace ordo::runtime::detail {

/// The gradient of op K with respect to its operand `which` (specialised per op).
template <op_kind K>
struct gradient_kernel {};

/// Element `index` of a tensor of rank `rank` as v sees it: v's axes aligned with its last
/// ones, axes of extent 1 broadcast.
template <typename T>
T& broadcast_element(const view<T>& v, const extents& index, int rank) {
    std::int64_t o = 0;
    for (int k = 0, shift = rank - v.rank; k < v.rank; ++k) o += (v.shape[k] == 1 ? 0 : index[k + shift]) * v.strides[k];
    return v.data[o];
}

/// Sets every element of `out`, a new contiguous buffer, to 0: the start of a sum.
template <typename T>
void fill_zeros(view<T>& out) {
    for (std::int64_t j = 0, count = out.size(); j < count; ++j) out.data[j] = T(0);
}

/// out = the sum of `part(index)` over the elements of dy's shape that broadcast onto each of
/// out's (one add each, into zeros), or part itself where the shapes agree.
template <typename T, typename Part>
void reduce_onto(view<T>& out, const view<T>& dy, Part&& part) {
    if (out.rank == dy.rank && out.shape == dy.shape) {
        for_each_index(dy.rank, dy.shape, [&](const extents& i) { out.data[offset_of(i, out.strides, 0, out.rank)] = part(i); });
        return;
    }
    fill_zeros(out);
    for_each_index(dy.rank, dy.shape, [&](const extents& i) {
        T& total = broadcast_element(out, i, dy.rank);
        total = total + part(i);
    });
}

/// A binary op's gradient to one operand: `part(index, dy element)` at each element of dy,
/// summed onto the operand's shape where it was broadcast (reduce_onto).
template <typename C, typename Part>
void binary_gradient(C& c, Part&& part) {
    auto out = c.output();
    const auto dy = c.operand(0);
    reduce_onto(out, dy, [&](const extents& i) { return part(i, dy.data[offset_of(i, dy.strides, 0, dy.rank)]); });
    c.result(out);
}

/// An elementwise gradient f'(x)·dy, x saved: `derivative(x, dy)` per element.
template <typename C, typename Derivative>
void elementwise_gradient(C& c, Derivative&& derivative) {
    auto out = c.output();
    const auto dy = c.operand(0), x = c.operand(1);
    for_each_row<3, false>(out.rank, out.shape, {&out.strides, &dy.strides, &x.strides}, [&](auto o, std::int64_t len, auto s) {
        for (std::int64_t j = 0; j < len; ++j) out.data[o[0] + j * s[0]] = derivative(x.data[o[2] + j * s[2]], dy.data[o[1] + j * s[1]]);
    });
    c.result(out);
}

/// The offset in v of element `index` of a tensor that has one more axis, `axis`, than v (dy of
/// a reduction seen from its input's index).
template <typename T>
std::int64_t offset_without(const view<T>& v, const extents& index, int axis) {
    std::int64_t o = 0;
    for (int k = 0, j = 0; k <= v.rank; ++k)
        if (k != axis) o += index[k] * v.strides[j++];
    return o;
}

}  // namespace ordo::runtime::detail
