#pragma once
// Kernels of backward graphs' gradient nodes (symbolic: ops/gradient.hpp; each op's rule is
// its op_traits' `backward` and `gradient_work`). A gradient node names the forward op and the
// operand it differentiates; its operands are the incoming gradient dy, then the forward
// values the rule saved. `gradient_kernel<K>` is op K's gradient, beside the others here; a
// forward op whose gradient has no kernel yet is E303, naming it. Each performs the
// operations its rule counts (every one an operation of the `other` group), so that counted
// and symbolic backward FLOPs can be compared: the rules' constants are checked by counting,
// not typed a second time.

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

/// out = the sum of `part(index)` over the elements of dy's shape that broadcast onto each of
/// out's (one add each, into zeros), or part itself where the shapes agree.
template <typename T, typename Part>
void reduce_onto(view<T>& out, const view<T>& dy, Part&& part) {
    if (out.rank == dy.rank && out.shape == dy.shape) {
        for_each_index(dy.rank, dy.shape, [&](const extents& i) { out.data[offset_of(i, out.strides, 0, out.rank)] = part(i); });
        return;
    }
    for (std::int64_t j = 0, count = out.size(); j < count; ++j) out.data[j] = T(0);  // new, contiguous
    for_each_index(dy.rank, dy.shape, [&](const extents& i) {
        T& total = broadcast_element(out, i, dy.rank);
        total = total + part(i);
    });
}

/// a + b: dy to each operand (summed over broadcast axes); two gradients of one value summed.
template <>
struct gradient_kernel<op_kind::add> {
    template <typename C>
    static void run(C& c, int which) {
        auto out = c.output();
        const auto dy = c.operand(0);
        if (which < 0) {
            const auto other = c.operand(1);
            for_each_index(out.rank, out.shape, [&](const extents& i) {
                out.data[offset_of(i, out.strides, 0, out.rank)] =
                    dy.data[offset_of(i, dy.strides, 0, dy.rank)] + other.data[offset_of(i, other.strides, 0, other.rank)];
            });
        } else {
            reduce_onto(out, dy, [&](const extents& i) { return dy.data[offset_of(i, dy.strides, 0, dy.rank)]; });
        }
        c.result(out);
    }
};

/// a·b: dy·b to a and dy·a to b (the other operand saved), summed over broadcast axes.
template <>
struct gradient_kernel<op_kind::multiply> {
    template <typename C>
    static void run(C& c, int) {
        auto out = c.output();
        const auto dy = c.operand(0), other = c.operand(1);
        reduce_onto(out, dy, [&](const extents& i) {
            return dy.data[offset_of(i, dy.strides, 0, dy.rank)] * broadcast_element(other, i, dy.rank);
        });
        c.result(out);
    }
};

/// softmax along the last axis, y saved: y·(dy − Σ dy·y), 4 per element.
template <>
struct gradient_kernel<op_kind::softmax> {
    template <typename C>
    static void run(C& c, int) {
        using T = typename C::scalar;
        auto out = c.output();
        const auto dy = c.operand(0), y = c.operand(1);
        for_each_row<3, false>(out.rank, out.shape, {&out.strides, &dy.strides, &y.strides}, [&](auto o, std::int64_t len, auto s) {
            T total = T(0);
            for (std::int64_t j = 0; j < len; ++j) total = total + dy.data[o[1] + j * s[1]] * y.data[o[2] + j * s[2]];
            for (std::int64_t j = 0; j < len; ++j)
                out.data[o[0] + j * s[0]] = y.data[o[2] + j * s[2]] * (dy.data[o[1] + j * s[1]] - total);
        });
        c.result(out);
    }
};

/// causal_mask: dy where a query sees the key, 0 where it is masked (one multiply by 1 or 0).
template <>
struct gradient_kernel<op_kind::causal_mask> {
    template <typename C>
    static void run(C& c, int) {
        using T = typename C::scalar;
        const auto dy = c.operand(0);
        auto out = c.output();
        const std::int64_t n = out.shape[out.rank - 2], m = out.shape[out.rank - 1];
        for_each_row<2, false>(out.rank, out.shape, {&out.strides, &dy.strides}, [&](auto o, std::int64_t len, auto s) {
            const std::int64_t query = (o[0] / m) % n;  // `out` is new and contiguous, as in the forward kernel
            for (std::int64_t j = 0; j < len; ++j)
                out.data[o[0] + j * s[0]] = dy.data[o[1] + j * s[1]] * T(j <= query + m - n ? 1 : 0);
        });
        c.result(out);
    }
};

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

/// silu, x saved: σ = 1/(1 + e^−x) (negate, exp, add, divide), σ·(1 + x·(1 − σ)), ·dy: 9.
template <>
struct gradient_kernel<op_kind::silu> {
    template <typename C>
    static void run(C& c, int) {
        using T = typename C::scalar;
        using F = typename plain_type<T>::type;
        const T one = T(F(1));
        elementwise_gradient(c, [=](T x, T dy) {
            const T sigma = one / (one + exp_of(-x));
            return sigma * (one + x * (one - sigma)) * dy;
        });
    }
};

/// gelu (tanh form), x saved, as PyTorch's GeluBackward computes it: u = √(2/π)·(x + κx³) and
/// t = tanh u (6), ½(1 + t) (2), ½x·(1 − t²) (4), √(2/π)·(1 + 3κ·x²) (3), their product and
/// sum (2), ·dy (1): 18.
template <>
struct gradient_kernel<op_kind::gelu> {
    template <typename C>
    static void run(C& c, int) {
        using T = typename C::scalar;
        using F = typename plain_type<T>::type;
        const T kappa = T(F(0.044715)), three_kappa = T(F(3 * 0.044715)), beta = T(F(0.7978845608028654)),
                one = T(F(1)), half = T(F(0.5));
        elementwise_gradient(c, [=](T x, T dy) {
            const T square = x * x;
            const T t = tanh(beta * (x + kappa * (square * x)));
            const T left = half * (one + t);
            const T right = half * x * (one - t * t) * (beta * (one + three_kappa * square));
            return (left + right) * dy;
        });
    }
};

template <>
struct kernel<op_kind::gradient> {
    template <typename C>
    static void run(C& c) {
        const payloads::gradient of = c.node().template data<payloads::gradient>();
        visit_op(of.of, [&](auto kind) {
            constexpr op_kind K = decltype(kind)::value;
            if constexpr (requires { gradient_kernel<K>::run(c, of.which); })
                gradient_kernel<K>::run(c, of.which);
            else
                throw domain_error("E303", "ordo::runtime: " + c.describe() + " is the gradient of " +
                                               std::string(name_of(K)) + ", which has no runtime kernel yet.");
        });
    }
};

}  // namespace ordo::runtime::detail
