#pragma once
// The kernel of rotary embeddings (symbolic: ops/rotary.hpp): out = x·cos + rotate_half(x)·sin
// along the last axis, rotate_half(x) = concat(−x₂, x₁); per element 2 multiplies and 1 add,
// and one negate for each element of the first half — the operations its rule states.

#include "kernel.hpp"

namespace ordo::runtime::detail {

template <>
struct kernel<op_kind::rotary> {
    template <typename C>
    static void run(C& c) {
        const auto x = c.operand(0), cos_table = c.operand(1), sin_table = c.operand(2);
        auto out = c.output();
        const std::int64_t width = out.shape[out.rank - 1];
        if (width % 2 != 0)
            throw domain_error("E311", "ordo::runtime: rotary rotates pairs of the last axis, which must be even; it is " +
                                           std::to_string(width) + ".");
        const std::int64_t half = width / 2;
        const extents sc = broadcast_strides(cos_table, out.rank), ss = broadcast_strides(sin_table, out.rank);
        for_each_row<4, parallel_scalar<typename C::scalar>>(out.rank, out.shape, {&out.strides, &x.strides, &sc, &ss}, [&](auto o, std::int64_t len, auto s) {
            const auto* v = x.data + o[1];
            for (std::int64_t j = 0; j < len; ++j) {
                const auto partner = j < half ? -v[(j + half) * s[1]] : v[(j - half) * s[1]];
                out.data[o[0] + j * s[0]] = v[j * s[1]] * cos_table.data[o[2] + j * s[2]] + partner * sin_table.data[o[3] + j * s[3]];
            }
        });
        c.result(out);
    }
};

}  // namespace ordo::runtime::detail
