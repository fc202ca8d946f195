#pragma once
// The reference kernels. Each writes into a buffer the interpreter allocated (no hidden
// temporaries) and performs exactly the arithmetic the cost rules of rules.hpp document, so
// that in counting mode the counts are what the rules claim — or a test fails.

#include "strided.hpp"

#include <ordo/graph/graph.hpp>
#include <ordo/runtime/counted.hpp>

#include <cmath>
#include <limits>

namespace ordo::runtime::detail {

using std::exp;
using std::sqrt;
using std::tanh;

template <typename T>
T larger(T a, T b) { return a < b ? b : a; }  // one comparison

template <typename T>
T minus_infinity() { return T(-std::numeric_limits<typename plain_type<T>::type>::infinity()); }

/// out = a ∘ b elementwise with broadcasting (+ − × ÷ maximum): one operation per element.
template <typename T>
void binary(op_kind kind, const view<T>& a, const view<T>& b, view<T>& out) {
    const extents sa = broadcast_strides(a, out.rank), sb = broadcast_strides(b, out.rank);
    for_each_row<3>(out.rank, out.shape, {&out.strides, &sa, &sb}, [&](auto o, std::int64_t len, auto s) {
        T* y = out.data + o[0];
        const T* x1 = a.data + o[1];
        const T* x2 = b.data + o[2];
        for (std::int64_t j = 0; j < len; ++j) {
            const T u = x1[j * s[1]], v = x2[j * s[2]];
            switch (kind) {
                case op_kind::add: y[j * s[0]] = u + v; break;
                case op_kind::subtract: y[j * s[0]] = u - v; break;
                case op_kind::multiply: y[j * s[0]] = u * v; break;
                case op_kind::divide: y[j * s[0]] = u / v; break;
                default: y[j * s[0]] = larger(u, v); break;
            }
        }
    });
}

/// out = f(a) elementwise (scale, rsqrt_scale, exp, gelu, silu); `factor` for the scalings.
template <typename T>
void unary(op_kind kind, const view<T>& a, view<T>& out, T factor) {
    using F = typename plain_type<T>::type;
    const T c1 = F(0.044715), c2 = F(0.7978845608028654), one = F(1), half = F(0.5);
    for_each_row<2>(out.rank, out.shape, {&out.strides, &a.strides}, [&](auto o, std::int64_t len, auto s) {
        T* y = out.data + o[0];
        const T* x = a.data + o[1];
        for (std::int64_t j = 0; j < len; ++j) {
            const T v = x[j * s[1]];
            switch (kind) {
                case op_kind::exp: y[j * s[0]] = exp(v); break;
                case op_kind::gelu:  // 9: x·x, ·x, ·0.044715, +x, ·√(2/π), tanh, +1, ·x, ·0.5
                    y[j * s[0]] = (one + tanh((v * v * v * c1 + v) * c2)) * v * half;
                    break;
                case op_kind::silu: y[j * s[0]] = v / (one + exp(-v)); break;  // 4
                default: y[j * s[0]] = v * factor; break;                      // scale, rsqrt_scale
            }
        }
    });
}

/// Adds −∞ above the (shifted) diagonal of the last two axes and 0 elsewhere: 1 per element.
template <typename T>
void causal_mask(const view<T>& a, view<T>& out) {
    const std::int64_t n = out.shape[out.rank - 2], m = out.shape[out.rank - 1];
    const T zero = T(0), blocked = minus_infinity<T>();
    std::int64_t row = 0;
    for_each_row<2>(out.rank, out.shape, {&out.strides, &a.strides}, [&](auto o, std::int64_t len, auto s) {
        const std::int64_t query = row++ % n;
        for (std::int64_t j = 0; j < len; ++j)
            out.data[o[0] + j * s[0]] = a.data[o[1] + j * s[1]] + (j <= query + m - n ? zero : blocked);
    });
}

/// Softmax over the last axis, numerically stable: max, subtract, exp, sum, divide (5).
template <typename T>
void softmax(const view<T>& a, view<T>& out) {
    for_each_row<2>(out.rank, out.shape, {&out.strides, &a.strides}, [&](auto o, std::int64_t len, auto s) {
        T* y = out.data + o[0];
        const T* x = a.data + o[1];
        T top = minus_infinity<T>();
        for (std::int64_t j = 0; j < len; ++j) top = larger(top, x[j * s[1]]);
        T total = T(0);
        for (std::int64_t j = 0; j < len; ++j) {
            y[j * s[0]] = exp(x[j * s[1]] - top);
            total = total + y[j * s[0]];
        }
        for (std::int64_t j = 0; j < len; ++j) y[j * s[0]] = y[j * s[0]] / total;
    });
}

/// sum, max, mean over `axis`: 1 per input element (+ 1 division per output for mean).
template <typename T>
void reduce(op_kind kind, int axis, const view<T>& a, view<T>& out) {
    // Walk the output with the input's strides for the kept axes; loop the reduced axis inside.
    extents kept{};
    for (int k = 0, o = 0; k < a.rank; ++k)
        if (k != axis) kept[o++] = a.strides[k];
    const std::int64_t len = a.shape[axis], step = a.strides[axis];
    const T count = T(static_cast<typename plain_type<T>::type>(len));
    for_each_row<2>(out.rank, out.shape, {&out.strides, &kept}, [&](auto o, std::int64_t rows, auto s) {
        for (std::int64_t r = 0; r < rows; ++r) {
            const T* x = a.data + o[1] + r * s[1];
            T acc = kind == op_kind::max ? minus_infinity<T>() : T(0);
            for (std::int64_t j = 0; j < len; ++j) acc = kind == op_kind::max ? larger(acc, x[j * step]) : acc + x[j * step];
            out.data[o[0] + r * s[0]] = kind == op_kind::mean ? acc / count : acc;
        }
    });
}

/// layer_norm (7 per element + 5 per row) and rms_norm (4 + 4) over the last axis.
template <typename T>
void norm(op_kind kind, const view<T>& x, const view<T>& gain, const view<T>* bias, view<T>& out) {
    using F = typename plain_type<T>::type;
    const std::int64_t d = x.shape[x.rank - 1];
    const T width = T(static_cast<F>(d)), epsilon = F(1e-5), one = F(1);
    const std::int64_t gs = gain.strides[gain.rank - 1], bs = bias ? bias->strides[bias->rank - 1] : 0;
    for_each_row<2>(out.rank, out.shape, {&out.strides, &x.strides}, [&](auto o, std::int64_t len, auto s) {
        T* y = out.data + o[0];
        const T* v = x.data + o[1];
        T mean = T(0);
        if (kind == op_kind::layer_norm) {
            for (std::int64_t j = 0; j < len; ++j) mean = mean + v[j * s[1]];
            mean = mean / width;
        }
        T spread = T(0);
        for (std::int64_t j = 0; j < len; ++j) {
            const T c = kind == op_kind::layer_norm ? v[j * s[1]] - mean : v[j * s[1]];
            y[j * s[0]] = c;
            spread = spread + c * c;
        }
        const T scale = one / sqrt(spread / width + epsilon);
        for (std::int64_t j = 0; j < len; ++j) {
            const T scaled = y[j * s[0]] * scale * gain.data[j * gs];
            y[j * s[0]] = bias ? scaled + bias->data[j * bs] : scaled;
        }
    });
}

/// dst = src elementwise for views of one shape (no arithmetic).
template <typename T>
void copy(const view<T>& src, const view<T>& dst) {
    for_each_row<2>(dst.rank, dst.shape, {&dst.strides, &src.strides}, [&](auto o, std::int64_t len, auto s) {
        for (std::int64_t j = 0; j < len; ++j) dst.data[o[0] + j * s[0]] = src.data[o[1] + j * s[1]];
    });
}

/// Every element = value (no arithmetic).
template <typename T>
void fill(view<T>& out, T value) {
    for (std::int64_t j = 0, n = out.size(); j < n; ++j) out.data[j] = value;
}

}  // namespace ordo::runtime::detail
