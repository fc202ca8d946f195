#pragma once
// The kernel of expert_matmul (symbolic: ops/experts.hpp): each token's input times the
// weights of each expert chosen for it, and no other: one multiply-add per (result element ×
// k). The fast path runs one BLAS row-times-matrix per (token, chosen expert) on the same
// buffers; the generic path (counting) walks the same products with the scalar's arithmetic.

#include "../contraction.hpp"
#include "kernel.hpp"

#include <type_traits>

namespace ordo::runtime::detail {

template <>
struct kernel<op_kind::expert_matmul> {
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
        for_each_index(ids.rank, ids.shape, [&](const extents& index) {
            const std::int64_t expert = checked_id(ids.data[offset_of(index, ids.strides, 0, ids.rank)], experts, user, what);
            const T* row = x.data + offset_of(index, x.strides, 0, shared ? lead : lead + 1);
            const T* matrix = w.data + expert * w.strides[0];
            T* y = out.data + offset_of(index, out.strides, 0, lead + 1);
            if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {  // BLAS for plain scalars only
                if (blas) {
                    gemm<T>(false, false, 1, static_cast<int>(m), static_cast<int>(k), row, static_cast<int>(k), matrix,
                            static_cast<int>(ws_k), T(0), y, static_cast<int>(m));
                    return;
                }
            }
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
