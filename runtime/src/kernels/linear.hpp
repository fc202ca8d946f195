#pragma once
// Kernels of the contractions (symbolic: ops/linear.hpp): matmul and einsum, one mechanism
// (contraction.hpp): the generic kernel counts every multiply-add; the fast path hands
// 2-operand contractions to BLAS when `options.fast` and the strides allow it.

#include "../contraction.hpp"
#include "kernel.hpp"

namespace ordo::runtime::detail {

template <>
struct kernel<op_kind::matmul> {
    template <typename C>
    static void run(C& c) {
        using T = typename C::scalar;
        const view<T> a = c.operand(0), b = c.operand(1);
        const view<T>* operands[] = {&a, &b};
        auto out = c.output();
        const bool constant[] = {c.operand_is_weight(0), c.operand_is_weight(1)};
        contract(matmul_spec(a.rank, b.rank), operands, out, c.options().fast, &c.packed(), constant);
        c.result(out);
    }
};

template <>
struct kernel<op_kind::einsum> {
    template <typename C>
    static void run(C& c) {
        using T = typename C::scalar;
        view<T> v[max_operands];
        const view<T>* operands[max_operands]{};
        bool constant[max_operands]{};
        for (int k = 0; k < c.node().operand_count; ++k)
            v[k] = c.operand(k), operands[k] = &v[k], constant[k] = c.operand_is_weight(k);
        auto out = c.output();
        contract(spec_of(c.node()), operands, out, c.options().fast, &c.packed(), constant);
        c.result(out);
    }
};

}  // namespace ordo::runtime::detail
