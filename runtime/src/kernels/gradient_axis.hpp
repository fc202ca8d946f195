#pragma once
// Gradient kernels of the ops over an axis (symbolic: ops/reduce.hpp): the reductions, whose
// gradient broadcasts dy back along the reduced axis (the gradient node carries the axis), and
// the norms, which recompute their row statistics from the saved input, as the forward
// computes them, rather than saving them. Each performs the operations its rule counts.

#include "gradient_kernel.hpp"

#include <vector>

namespace ordo::runtime::detail {

/// sum, mean and max along the node's axis: dy broadcast back; mean divides it by the axis'
/// extent (1 per element), max passes it where x equals the row's maximum y (x and y saved:
/// one compare per element; on a tie each maximal element gets dy).
template <op_kind Kind>
struct reduction_gradient {
    template <typename C>
    static void run(C& c, int) {
        using T = typename C::scalar;
        using F = typename plain_type<T>::type;
        auto out = c.output();
        const auto dy = c.operand(0);
        const int axis = c.node().template data<payloads::gradient>().axis;
        const T count = T(static_cast<F>(out.shape[axis]));
        const auto x = Kind == op_kind::max ? c.operand(1) : dy, y = Kind == op_kind::max ? c.operand(2) : dy;
        for_each_index(out.rank, out.shape, [&](const extents& i) {
            const T g = dy.data[offset_without(dy, i, axis)];
            T& result = out.data[offset_of(i, out.strides, 0, out.rank)];
            if constexpr (Kind == op_kind::mean) result = g / count;
            else if constexpr (Kind == op_kind::max)
                result = x.data[offset_of(i, x.strides, 0, x.rank)] < y.data[offset_without(y, i, axis)] ? T(0) : g;
            else result = g;
        });
        c.result(out);
    }
};
template <> struct gradient_kernel<op_kind::sum> : reduction_gradient<op_kind::sum> {};
template <> struct gradient_kernel<op_kind::mean> : reduction_gradient<op_kind::mean> {};
template <> struct gradient_kernel<op_kind::max> : reduction_gradient<op_kind::max> {};

/// A row's statistics, recomputed as the forward computes them: the mean (layer_norm: len adds
/// and a divide; rms_norm: 0) and rstd = 1/√(Σ(x − mean)²/len + ε) (3 or 2 per element, then
/// divide, add, sqrt, divide).
template <bool Centred, typename T>
struct row_statistics {
    T mean = T(0), rstd = T(0);

    row_statistics(const T* v, std::int64_t len, std::int64_t stride) {
        using F = typename plain_type<T>::type;
        const T width = T(static_cast<F>(len)), epsilon = F(1e-5), one = F(1);
        if constexpr (Centred) {
            for (std::int64_t j = 0; j < len; ++j) mean = mean + v[j * stride];
            mean = mean / width;
        }
        T spread = T(0);
        for (std::int64_t j = 0; j < len; ++j) {
            const T centre = Centred ? v[j * stride] - mean : v[j * stride];
            spread = spread + centre * centre;
        }
        rstd = one / sqrt(spread / width + epsilon);
    }
};

/// layer_norm and rms_norm: dx (dy, x, gain saved), the gain's and the bias' gradients (dy, x
/// saved), summed over the rows. The operations are those ops/reduce.hpp's rules count.
template <op_kind Kind>
struct norm_gradient {
    static constexpr bool centred = Kind == op_kind::layer_norm;

    template <typename C>
    static void run(C& c, int which) {
        using T = typename C::scalar;
        using F = typename plain_type<T>::type;
        auto out = c.output();
        const auto dy = c.operand(0), x = c.operand(1);
        const std::int64_t d = x.shape[x.rank - 1];
        const T width = T(static_cast<F>(d));
        if (which > 0)
            for (std::int64_t j = 0; j < d; ++j) out.data[j * out.strides[0]] = T(0);  // sums over the rows
        const auto gain = which == 0 ? c.operand(2) : x;
        std::vector<T> scaled(static_cast<std::size_t>(d));  // gain·dy of one row
        const extents& rows_out = which == 0 ? out.strides : dy.strides;  // the weights' sums are one row
        for_each_row<3, false>(x.rank, x.shape, {&rows_out, &dy.strides, &x.strides}, [&](auto o, std::int64_t len, auto s) {
            const T* v = x.data + o[2];
            const T* g = dy.data + o[1];
            if (which == 2) {  // the bias: Σ dy
                for (std::int64_t j = 0; j < len; ++j) out.data[j * out.strides[0]] = out.data[j * out.strides[0]] + g[j * s[1]];
                return;
            }
            const row_statistics<centred, T> row(v, len, s[2]);
            const auto normalised = [&](std::int64_t j) { return centred ? (v[j * s[2]] - row.mean) * row.rstd : v[j * s[2]]; };
            if (which == 1) {  // the gain: Σ dy·x̂
                for (std::int64_t j = 0; j < len; ++j) {
                    const T term = centred ? g[j * s[1]] * normalised(j) : v[j * s[2]] * row.rstd * g[j * s[1]];
                    out.data[j * out.strides[0]] = out.data[j * out.strides[0]] + term;
                }
                return;
            }
            T* y = out.data + o[0];
            T first = T(0), second = T(0);  // Σ gain·dy, Σ gain·dy·x̂ (rms_norm: Σ gain·dy·x)
            for (std::int64_t j = 0; j < len; ++j) {
                const T h = normalised(j);
                if constexpr (centred) y[j * s[0]] = h;
                scaled[static_cast<std::size_t>(j)] = gain.data[j * gain.strides[gain.rank - 1]] * g[j * s[1]];
                if constexpr (centred) first = first + scaled[static_cast<std::size_t>(j)];
                second = second + scaled[static_cast<std::size_t>(j)] * h;
            }
            if constexpr (centred) {
                const T m1 = first / width, m2 = second / width;
                for (std::int64_t j = 0; j < len; ++j)
                    y[j * s[0]] = (scaled[static_cast<std::size_t>(j)] - m1 - y[j * s[0]] * m2) * row.rstd;
            } else {
                const T factor = second * row.rstd * row.rstd / width;
                for (std::int64_t j = 0; j < len; ++j)
                    y[j * s[0]] = (scaled[static_cast<std::size_t>(j)] - v[j * s[2]] * factor) * row.rstd;
            }
        });
        c.result(out);
    }
};
template <> struct gradient_kernel<op_kind::layer_norm> : norm_gradient<op_kind::layer_norm> {};
template <> struct gradient_kernel<op_kind::rms_norm> : norm_gradient<op_kind::rms_norm> {};

}  // namespace ordo::runtime::detail
