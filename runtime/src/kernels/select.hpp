#pragma once
// Kernels of the selecting ops (symbolic: ops/select.hpp): slice (a copy), gather (a take
// along one axis, or a one-hot matmul when the convention counts it so), top_k (the k-pass
// selection its rule counts).

#include "kernel.hpp"

#include <algorithm>
#include <limits>
#include <vector>

namespace ordo::runtime::detail {

/// `extent` positions of the node's axis from its begin: a copy, no arithmetic.
template <>
struct kernel<op_kind::slice> {
    template <typename C>
    static void run(C& c) {
        const payloads::slice& p = c.node().template data<payloads::slice>();
        auto out = c.output();
        auto part = c.operand(0);
        part.data += c.size(p.begin) * part.strides[p.axis];
        part.shape[p.axis] = out.shape[p.axis];
        copy(part, out);
        c.result(out);
    }
};

/// gather<A>(t, ids): out[i_0..i_{A-1}, j..., r...] = t[i_0..i_{A-1}, ids[i_0..i_{A-1}, j...], r...]
/// (ids' leading A axes are t's axes before A). Free as a take; as a one-hot matmul
/// (run_options::embedding_as_matmul, set when the convention counts op_group::one_hot) each
/// result element is Σ_v [v = id] · t[..., v, ...]: one multiply and one add per position v of
/// the axis — the rule's one multiply-add per (result element × axis extent).
template <>
struct kernel<op_kind::gather> {
    template <typename C>
    static void run(C& c) {
        using T = typename C::scalar;
        const int axis = axis_of(c.node());
        const auto t = c.operand(0), ids = c.operand(1);
        auto out = c.output();
        const std::int64_t length = t.shape[axis];
        const bool one_hot = c.options().embedding_as_matmul;
        // the trailing axes of t after `axis`, as they appear in t and in the result
        view<T> src = t, dst = out;
        src.rank = dst.rank = t.rank - axis - 1;
        for (int k = 0; k < src.rank; ++k) {
            src.shape[k] = dst.shape[k] = t.shape[axis + 1 + k];
            src.strides[k] = t.strides[axis + 1 + k];
            dst.strides[k] = out.strides[ids.rank + k];
        }
        const std::string user = c.describe(), what = "axis " + std::to_string(axis) + " of " + c.describe_operand(0);
        for_each_index(ids.rank, ids.shape, [&](const extents& index) {
            const std::int64_t id = checked_id(ids.data[offset_of(index, ids.strides, 0, ids.rank)], length, user, what);
            const std::int64_t base = offset_of(index, t.strides, 0, axis);
            dst.data = out.data + offset_of(index, out.strides, 0, ids.rank);
            if (!one_hot) {
                src.data = t.data + base + id * t.strides[axis];
                copy(src, dst);
                return;
            }
            const T* column = t.data + base;
            for_each_row<2>(dst.rank, dst.shape, {&dst.strides, &src.strides}, [&](auto o, std::int64_t len, auto s) {
                for (std::int64_t j = 0; j < len; ++j) {
                    T acc = T(0);
                    for (std::int64_t v = 0; v < length; ++v)
                        acc = acc + T(v == id ? 1 : 0) * column[o[1] + j * s[1] + v * t.strides[axis]];
                    dst.data[o[0] + j * s[0]] = acc;
                }
            });
        });
        c.result(out);
    }
};

/// The indices of the k largest along the last axis, in descending order, stored as T (like
/// token ids). Per row of E: k passes of a masked argmax; each compares all E entries, those
/// already chosen masked to −∞, against the running best (starting at −∞) with one counted
/// `<`, keeping the first largest — k·E comparisons, ties to the lowest index, whatever the
/// data. Entries that are −∞ or NaN never win a compare; a pass left with only those takes
/// the first one not yet chosen.
template <>
struct kernel<op_kind::top_k> {
    template <typename C>
    static void run(C& c) {
        using T = typename C::scalar;
        using F = typename plain_type<T>::type;
        const auto a = c.operand(0);
        auto out = c.output();
        const int r = a.rank;
        const std::int64_t e = a.shape[r - 1], k = out.shape[r - 1];
        if (k > e)
            throw domain_error("E309", "ordo::runtime: top_k: k = " + std::to_string(k) + " exceeds the axis extent " +
                                           std::to_string(e) + ", in " + c.describe() + ".");
        const std::int64_t in_step = a.strides[r - 1], out_step = out.strides[r - 1];
        std::vector<char> chosen(static_cast<std::size_t>(e));
        for_each_row<2>(r - 1, a.shape, {&out.strides, &a.strides}, [&](auto o, std::int64_t len, auto s) {
            for (std::int64_t row = 0; row < len; ++row) {
                const T* x = a.data + o[1] + row * s[1];
                T* y = out.data + o[0] + row * s[0];
                std::fill(chosen.begin(), chosen.end(), char{0});
                for (std::int64_t pass = 0; pass < k; ++pass) {
                    std::int64_t best = -1;
                    T best_value = T(-std::numeric_limits<F>::infinity());
                    for (std::int64_t v = 0; v < e; ++v) {
                        const T candidate = chosen[static_cast<std::size_t>(v)] ? T(-std::numeric_limits<F>::infinity())
                                                                                : x[v * in_step];
                        if (best_value < candidate) {
                            best = v;
                            best_value = candidate;
                        }
                    }
                    for (std::int64_t v = 0; best < 0; ++v)
                        if (!chosen[static_cast<std::size_t>(v)]) best = v;
                    chosen[static_cast<std::size_t>(best)] = 1;
                    y[pass * out_step] = T(static_cast<F>(best));
                }
            }
        });
        c.result(out);
    }
};

}  // namespace ordo::runtime::detail
