#pragma once
// Gradient kernels of the ops that select or route elements (symbolic: ops/select.hpp,
// ops/layout.hpp, ops/rotary.hpp, ops/experts.hpp): gather and window scatter-add dy back (1
// add per element of dy), rotary rotates dy by −θ (the forward's 3.5 per element), and
// expert_matmul's gradients are the routed contractions of the same size (one multiply-add
// per dy element × k). Each performs the operations its rule counts.

#include "gradient_kernel.hpp"

#include <string>
#include <vector>

namespace ordo::runtime::detail {

/// gather along the node's axis, the ids saved: each row of dy added into the row of t it was
/// read from (into zeros).
template <>
struct gradient_kernel<op_kind::gather> {
    template <typename C>
    static void run(C& c, int) {
        using T = typename C::scalar;
        auto out = c.output();
        const auto dy = c.operand(0), ids = c.operand(1);
        const int axis = c.node().template data<payloads::gradient>().axis;
        fill_zeros(out);
        extents trailing{};  // the axes after `axis`, as t and dy have them
        const int rest = out.rank - axis - 1;
        for (int k = 0; k < rest; ++k) trailing[k] = out.shape[axis + 1 + k];
        const std::string user = c.describe(), what = "axis " + std::to_string(axis) + " of its result";
        for_each_index(ids.rank, ids.shape, [&](const extents& index) {
            const std::int64_t id = checked_id(ids.data[offset_of(index, ids.strides, 0, ids.rank)], out.shape[axis], user, what);
            T* to = out.data + offset_of(index, out.strides, 0, axis) + id * out.strides[axis];
            const T* from = dy.data + offset_of(index, dy.strides, 0, ids.rank);
            for_each_index(rest, trailing, [&](const extents& t) {
                std::int64_t o = 0, p = 0;
                for (int k = 0; k < rest; ++k) o += t[k] * out.strides[axis + 1 + k], p += t[k] * dy.strides[ids.rank + k];
                to[o] = to[o] + from[p];
            });
        });
        c.result(out);
    }
};

/// window (x [..., n, k] -> [..., n, w, k]: position p, slot s reads position p − w + 1 + s, or
/// zeros before the start), as col2im computes it: every element of dy added into a buffer
/// padded by w − 1 positions at the front, whose unpadded part is dx.
template <>
struct gradient_kernel<op_kind::window> {
    template <typename C>
    static void run(C& c, int) {
        using T = typename C::scalar;
        auto out = c.output();
        const auto dy = c.operand(0);
        const int r = out.rank;
        const std::int64_t positions = out.shape[r - 2], width = out.shape[r - 1], w = dy.shape[r - 1];
        const std::int64_t padded = positions + w - 1;
        std::vector<T> sums(static_cast<std::size_t>(padded * width));
        extents lead_shape = out.shape;
        for_each_index(r - 2, lead_shape, [&](const extents& lead) {
            std::fill(sums.begin(), sums.end(), T(0));
            const T* g = dy.data + offset_of(lead, dy.strides, 0, r - 2);
            for (std::int64_t p = 0; p < positions; ++p)
                for (std::int64_t s = 0; s < w; ++s)
                    for (std::int64_t k = 0; k < width; ++k) {
                        T& total = sums[static_cast<std::size_t>((p + s) * width + k)];
                        total = total + g[p * dy.strides[r - 2] + s * dy.strides[r - 1] + k * dy.strides[r]];
                    }
            T* y = out.data + offset_of(lead, out.strides, 0, r - 2);
            for (std::int64_t p = 0; p < positions; ++p)
                for (std::int64_t k = 0; k < width; ++k)
                    y[p * out.strides[r - 2] + k * out.strides[r - 1]] = sums[static_cast<std::size_t>((p + w - 1) * width + k)];
        });
        c.result(out);
    }
};

/// rotary, the tables saved: dx = dy·cos + rotate_half⁻¹(dy·sin), the rotation by −θ: for the
/// first half dy·cos + (dy·sin) of its partner in the second half, for the second half
/// dy·cos − (dy·sin) of its partner: 2 multiplies, 1 add per element, a negate for half.
template <>
struct gradient_kernel<op_kind::rotary> {
    template <typename C>
    static void run(C& c, int) {
        const auto dy = c.operand(0), cos_table = c.operand(1), sin_table = c.operand(2);
        auto out = c.output();
        const std::int64_t half = out.shape[out.rank - 1] / 2;  // even: the forward checked it (E311)
        const extents sc = broadcast_strides(cos_table, out.rank), ss = broadcast_strides(sin_table, out.rank);
        for_each_row<4, false>(out.rank, out.shape, {&out.strides, &dy.strides, &sc, &ss}, [&](auto o, std::int64_t len, auto s) {
            const auto* g = dy.data + o[1];
            const auto* sine = sin_table.data + o[3];
            for (std::int64_t j = 0; j < len; ++j) {
                const std::int64_t q = j < half ? j + half : j - half;
                const auto partner = g[q * s[1]] * sine[q * s[3]];
                out.data[o[0] + j * s[0]] = g[j * s[1]] * cos_table.data[o[2] + j * s[2]] + (j < half ? partner : -partner);
            }
        });
        c.result(out);
    }
};

/// expert_matmul (x [..., k] or [..., e, k], w [E, k, m], ids [..., e]): dx = dy·wᵀ of each
/// chosen expert (w and ids saved), summed over the slots where x is shared; dw = xᵀ·dy
/// scattered to the experts (x and ids saved). One multiply-add per (dy element × k), into zeros.
template <>
struct gradient_kernel<op_kind::expert_matmul> {
    template <typename C>
    static void run(C& c, int which) {
        using T = typename C::scalar;
        auto out = c.output();
        const auto dy = c.operand(0), other = c.operand(1), ids = c.operand(2);
        const auto& w = which == 0 ? other : out;   // [E, k, m]
        const auto& x = which == 0 ? out : other;   // [..., k] or [..., e, k]
        const int lead = ids.rank - 1;
        const bool shared = x.rank == lead + 1;
        const std::int64_t experts = w.shape[0], k = w.shape[1], m = w.shape[2];
        const std::int64_t xs = x.strides[x.rank - 1], ys = dy.strides[dy.rank - 1];
        fill_zeros(out);
        const std::string user = c.describe(), what = "axis 0 (the experts) of its weights";
        for_each_index(ids.rank, ids.shape, [&](const extents& index) {
            const std::int64_t expert = checked_id(ids.data[offset_of(index, ids.strides, 0, ids.rank)], experts, user, what);
            T* row = x.data + offset_of(index, x.strides, 0, shared ? lead : lead + 1);
            T* matrix = w.data + expert * w.strides[0];
            const T* g = dy.data + offset_of(index, dy.strides, 0, lead + 1);
            for (std::int64_t j = 0; j < k; ++j)
                for (std::int64_t col = 0; col < m; ++col) {
                    T& to = which == 0 ? row[j * xs] : matrix[j * w.strides[1] + col * w.strides[2]];
                    const T from = which == 0 ? matrix[j * w.strides[1] + col * w.strides[2]] : row[j * xs];
                    to = to + from * g[col * ys];
                }
        });
        c.result(out);
    }
};

}  // namespace ordo::runtime::detail
