#pragma once
// Kernels of the layout and tile ops (symbolic: ops/layout.hpp): views and copies that
// rearrange, without arithmetic.

#include "elementwise.hpp"
#include "stream_store.hpp"

#include <algorithm>

namespace ordo::runtime::detail {

/// A view with the node's shape over operand 0's contiguous buffer (E305 for a strided one).
template <>
struct kernel<op_kind::reshape> {
    template <typename C>
    static void run(C& c) {
        auto v = c.operand(0);
        if (!v.contiguous())
            throw domain_error("E305", "ordo::runtime: " + c.describe() + " reshapes a strided view; reshape before slicing.");
        v.shape = c.shape(v.rank);
        v.strides = row_major_strides(v.rank, v.shape);
        c.result(v);
    }
};

/// `flat` [..., n, h·k] seen with the shape of `heads` [..., h, n, k]: h·k read as (h, k).
/// split_heads copies through it from its operand, merge_heads into its result.
template <typename V>
V as_heads(const V& flat, const V& heads) {
    V v = heads;
    v.data = flat.data;
    const int r = heads.rank;
    for (int k = 0; k < r - 3; ++k) v.strides[k] = flat.strides[k];
    v.strides[r - 3] = heads.shape[r - 1] * flat.strides[flat.rank - 1];
    v.strides[r - 2] = flat.strides[flat.rank - 2];
    v.strides[r - 1] = flat.strides[flat.rank - 1];
    return v;
}

/// [..., n, d] -> [..., h, n, d/h]: reads d as (h, d/h).
template <>
struct kernel<op_kind::split_heads> {
    template <typename C>
    static void run(C& c) {
        auto out = c.output();
        copy(as_heads(c.operand(0), out), out);
        c.result(out);
    }
};

/// [..., h, n, k] -> [..., n, h·k]: writes h·k as (h, k).
template <>
struct kernel<op_kind::merge_heads> {
    template <typename C>
    static void run(C& c) {
        const auto in = c.operand(0);
        auto out = c.output();
        copy(in, as_heads(out, in));
        c.result(out);
    }
};

/// Operand 0, then operand 1, along the node's axis.
template <>
struct kernel<op_kind::concat> {
    template <typename C>
    static void run(C& c) {
        const int axis = axis_of(c.node());
        const auto a = c.operand(0), b = c.operand(1);
        auto out = c.output();
        auto part = out;
        part.shape[axis] = a.shape[axis];
        copy(a, part);
        part.data += a.shape[axis] * out.strides[axis];
        part.shape[axis] = b.shape[axis];
        copy(b, part);
        c.result(out);
    }
};

/// out[..., p, s, :] = in[..., p − w + 1 + s, :], 0 before the start.
template <>
struct kernel<op_kind::window> {
    template <typename C>
    static void run(C& c) {
        using T = typename C::scalar;
        const auto in = c.operand(0);
        auto out = c.output();
        const int r = in.rank;
        const std::int64_t positions = in.shape[r - 2], width = in.shape[r - 1], w = out.shape[r - 1];
        const extents out_lead = out.strides;  // the leading axes, walked once per (p, s)
        // `out` is new and contiguous; a contiguous key row is copied whole (on all cores on the fast path)
        const bool rows = in.strides[r - 1] == 1 && out.strides[r] == 1;
        for_each_row<2, parallel_scalar<T>>(r - 2, in.shape, {&out_lead, &in.strides}, [&](auto o, std::int64_t len, auto st) {
            for (std::int64_t j = 0; j < len; ++j)
                for (std::int64_t p = 0; p < positions; ++p)
                    for (std::int64_t s = 0; s < w; ++s) {
                        const std::int64_t source = p - w + 1 + s;
                        T* y = out.data + o[0] + j * st[0] + p * out.strides[r - 2] + s * out.strides[r - 1];
                        if (source < 0) {  // before the start: zeros (no pointer to a row that is not there)
                            for (std::int64_t k = 0; k < width; ++k) y[k * out.strides[r]] = T(0);
                            continue;
                        }
                        const T* x = in.data + o[1] + j * st[1] + source * in.strides[r - 2];
                        if (rows) stream_copy(x, width, y);  // w copies of each row: written once, read later
                        else
                            for (std::int64_t k = 0; k < width; ++k) y[k * out.strides[r]] = x[k * in.strides[r - 1]];
                    }
            stream_fence();
        });
        c.result(out);
    }
};

/// Every element = the node's constant (no arithmetic).
template <>
struct kernel<op_kind::fill> {
    template <typename C>
    static void run(C& c) {
        auto out = c.output();
        const auto value = constant_of(c);
        for (std::int64_t j = 0, n = out.size(); j < n; ++j) out.data[j] = value;
        c.result(out);
    }
};

/// Tiles moving between memories: a copy into the node's own buffer.
struct copy_kernel {
    template <typename C>
    static void run(C& c) {
        auto out = c.output();
        copy(c.operand(0), out);
        c.result(out);
    }
};
template <> struct kernel<op_kind::load> : copy_kernel {};
template <> struct kernel<op_kind::store> : copy_kernel {};

}  // namespace ordo::runtime::detail
