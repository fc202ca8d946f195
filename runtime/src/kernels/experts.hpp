#pragma once
// The kernel of expert_matmul (symbolic: ops/experts.hpp): each token's input times the
// weights of each expert chosen for it, and no other: one multiply-add per (result element ×
// k). The fast path is a grouped GEMM, as the symbolic bytes assume: the rows routed to each
// expert are gathered, multiplied by its matrix in one BLAS call (the matrix read once, not
// once per token) and scattered back; the generic path (counting) walks the same products
// with the scalar's arithmetic.

#include "../contraction.hpp"
#include "kernel.hpp"

#include <algorithm>
#include <type_traits>
#include <vector>

namespace ordo::runtime::detail {

template <>
struct kernel<op_kind::expert_matmul> {
    /// The grouped GEMM (contiguous rows of x and the result, rows of each matrix contiguous).
    template <typename T>
    static void grouped(const view<T>& ids, const view<T>& x, const view<T>& w, view<T>& out, bool shared, int lead,
                        std::int64_t experts, std::int64_t k, std::int64_t m, const std::string& user,
                        const std::string& what) {
        std::vector<std::vector<std::int64_t>> routed(static_cast<std::size_t>(experts));  // rows per expert
        std::vector<const T*> inputs;
        std::vector<T*> results;
        for_each_index(ids.rank, ids.shape, [&](const extents& index) {  // every id checked before any work
            const std::int64_t expert = checked_id(ids.data[offset_of(index, ids.strides, 0, ids.rank)], experts, user, what);
            routed[static_cast<std::size_t>(expert)].push_back(static_cast<std::int64_t>(inputs.size()));
            inputs.push_back(x.data + offset_of(index, x.strides, 0, shared ? lead : lead + 1));
            results.push_back(out.data + offset_of(index, out.strides, 0, lead + 1));
        });
        std::vector<T> gathered, product;
        for (std::int64_t e = 0; e < experts; ++e) {
            const std::vector<std::int64_t>& rows = routed[static_cast<std::size_t>(e)];
            if (rows.empty()) continue;
            const auto count = static_cast<std::int64_t>(rows.size());
            gathered.resize(static_cast<std::size_t>(count * k));
            product.resize(static_cast<std::size_t>(count * m));
            for (std::int64_t r = 0; r < count; ++r)
                std::copy_n(inputs[static_cast<std::size_t>(rows[static_cast<std::size_t>(r)])], k, gathered.data() + r * k);
            gemm_on_pool<T>(gemm_shape{false, false, count, m, k, k, w.strides[1], m}, gathered.data(),
                            w.data + e * w.strides[0], product.data());
            for (std::int64_t r = 0; r < count; ++r)
                std::copy_n(product.data() + r * m, m, results[static_cast<std::size_t>(rows[static_cast<std::size_t>(r)])]);
        }
    }

    template <typename C>
    static void run(C& c) {
        using T = typename C::scalar;
        const auto x = c.operand(0), w = c.operand(1), ids = c.operand(2);
        auto out = c.output();
        const int lead = ids.rank - 1;            // the token axes; ids' last axis is the chosen slot
        const bool shared = x.rank == lead + 1;   // one input for all chosen experts, or one each
        const std::int64_t experts = w.shape[0], k = w.shape[1], m = w.shape[2];
        const std::int64_t xs = x.strides[x.rank - 1], ws_k = w.strides[1], ws_m = w.strides[2], ys = out.strides[out.rank - 1];
        bool blas = false;
        if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>)
            blas = c.options().fast && xs == 1 && ws_m == 1 && ys == 1 && ws_k >= m && k > 0 && m > 0;
        const std::string user = c.describe(), what = "axis 0 (the experts) of " + c.describe_operand(1);
        if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {  // BLAS for plain scalars only
            if (blas) {
                grouped(ids, x, w, out, shared, lead, experts, k, m, user, what);
                c.result(out);
                return;
            }
        }
        for_each_index(ids.rank, ids.shape, [&](const extents& index) {
            const std::int64_t expert = checked_id(ids.data[offset_of(index, ids.strides, 0, ids.rank)], experts, user, what);
            const T* row = x.data + offset_of(index, x.strides, 0, shared ? lead : lead + 1);
            const T* matrix = w.data + expert * w.strides[0];
            T* y = out.data + offset_of(index, out.strides, 0, lead + 1);
            for (std::int64_t col = 0; col < m; ++col) {
                T acc = T(0);
                for (std::int64_t j = 0; j < k; ++j) acc = acc + row[j * xs] * matrix[j * ws_k + col * ws_m];
                y[col * ys] = acc;
            }
        });
        c.result(out);
    }
};

}  // namespace ordo::runtime::detail
