#pragma once
// Gradient kernels of the elementwise ops and softmax (symbolic: ops/elementwise.hpp,
// ops/reduce.hpp): each performs the operations its rule counts.

#include "gradient_kernel.hpp"

namespace ordo::runtime::detail {

/// a + b: dy to each operand (summed over broadcast axes); two gradients of one value summed.
template <>
struct gradient_kernel<op_kind::add> {
    template <typename C>
    static void run(C& c, int which) {
        if (which >= 0) return binary_gradient(c, [](const extents&, auto g) { return g; });
        auto out = c.output();
        const auto dy = c.operand(0), other = c.operand(1);
        for_each_index(out.rank, out.shape, [&](const extents& i) {
            out.data[offset_of(i, out.strides, 0, out.rank)] =
                dy.data[offset_of(i, dy.strides, 0, dy.rank)] + other.data[offset_of(i, other.strides, 0, other.rank)];
        });
        c.result(out);
    }
};

/// a·b: dy·b to a and dy·a to b (the other operand saved), summed over broadcast axes.
template <>
struct gradient_kernel<op_kind::multiply> {
    template <typename C>
    static void run(C& c, int) {
        const auto other = c.operand(1);
        const int rank = c.operand(0).rank;
        binary_gradient(c, [&](const extents& i, auto g) { return g * broadcast_element(other, i, rank); });
    }
};

/// a − b: dy to a, −dy to b (1 negate each), summed over broadcast axes.
template <>
struct gradient_kernel<op_kind::subtract> {
    template <typename C>
    static void run(C& c, int which) {
        binary_gradient(c, [which](const extents&, auto g) { return which == 0 ? g : -g; });
    }
};

/// a / b, a and b saved: dy/b to a (1); −dy·a/(b·b) to b (4, as PyTorch's DivBackward).
template <>
struct gradient_kernel<op_kind::divide> {
    template <typename C>
    static void run(C& c, int which) {
        const auto a = c.operand(1), b = c.operand(2);
        const int rank = c.operand(0).rank;
        binary_gradient(c, [&](const extents& i, auto g) {
            const auto denominator = broadcast_element(b, i, rank);
            if (which == 0) return g / denominator;
            return -(g * broadcast_element(a, i, rank) / (denominator * denominator));
        });
    }
};

/// maximum(a, b), a and b saved: dy to the operand the forward chose (b where a < b, a on a
/// tie, as its kernel chooses), one compare per element.
template <>
struct gradient_kernel<op_kind::maximum> {
    template <typename C>
    static void run(C& c, int which) {
        using T = typename C::scalar;
        const auto a = c.operand(1), b = c.operand(2);
        const int rank = c.operand(0).rank;
        binary_gradient(c, [&](const extents& i, T g) {
            const bool b_won = broadcast_element(a, i, rank) < broadcast_element(b, i, rank);
            return b_won == (which == 1) ? g : T(0);
        });
    }
};

/// exp, its result y saved: y·dy (1).
template <>
struct gradient_kernel<op_kind::exp> {
    template <typename C>
    static void run(C& c, int) {
        elementwise_gradient(c, [](auto y, auto dy) { return y * dy; });
    }
};
/// sin, x saved: dy·cos x (2).
template <>
struct gradient_kernel<op_kind::sin> {
    template <typename C>
    static void run(C& c, int) {
        elementwise_gradient(c, [](auto x, auto dy) { return dy * cos(x); });
    }
};
/// cos, x saved: −dy·sin x (3).
template <>
struct gradient_kernel<op_kind::cos> {
    template <typename C>
    static void run(C& c, int) {
        elementwise_gradient(c, [](auto x, auto dy) { return -(dy * sin(x)); });
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

}  // namespace ordo::runtime::detail
