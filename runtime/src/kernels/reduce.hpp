#pragma once
// Kernels of the ops over an axis (symbolic: ops/reduce.hpp): softmax, the reductions and the
// norms, each the operations its rule states.

#include "float_rows.hpp"
#include "kernel.hpp"
#include "stream_store.hpp"
#include "vector_math.hpp"

namespace ordo::runtime::detail {

/// Softmax over the last axis, numerically stable: max, subtract, exp, sum, divide (5). The
/// fast path runs contiguous rows vectorised (vector_math.hpp), on all cores.
template <>
struct kernel<op_kind::softmax> {
    template <typename C>
    static void run(C& c) {
        using T = typename C::scalar;
        const auto a = c.operand(0);
        auto out = c.output();
        constexpr bool fast = parallel_scalar<T>;
        const float_rows& rows = float_rows_for_this_cpu();
        // past the last-level cache the scores' probabilities go out with non-temporal stores
        // (the mixing reads them from memory either way)
        const bool stream = out.size() * static_cast<std::int64_t>(sizeof(T)) > stream_written_once_above;
        for_each_row<2, fast>(out.rank, out.shape, {&out.strides, &a.strides}, [&](auto o, std::int64_t len, auto s) {
            T* y = out.data + o[0];
            const T* x = a.data + o[1];
            if constexpr (fast && std::is_same_v<decltype(s), std::array<unit_stride, 2>>) {
                if constexpr (std::is_same_v<T, float>) rows.softmax(x, y, len, stream);
                else softmax_row(x, y, len);
                return;
            }
            T top = minus_infinity<T>();
            for (std::int64_t j = 0; j < len; ++j) top = larger(top, x[j * s[1]]);
            T total = T(0);
            for (std::int64_t j = 0; j < len; ++j) {
                y[j * s[0]] = exp(x[j * s[1]] - top);
                total = total + y[j * s[0]];
            }
            for (std::int64_t j = 0; j < len; ++j) y[j * s[0]] = y[j * s[0]] / total;
        });
        if (stream) stream_fence();  // the rows this thread ran, when no pool thread did
        c.result(out);
    }
};

/// sum, max, mean over the node's axis: 1 per input element (+ 1 division per output for mean).
template <op_kind Kind>
struct reduction_kernel {
    template <typename C>
    static void run(C& c) {
        using T = typename C::scalar;
        const auto a = c.operand(0);
        auto out = c.output();
        const int axis = axis_of(c.node());
        // Walk the output with the input's strides for the kept axes; loop the reduced axis inside.
        extents kept{};
        for (int k = 0, o = 0; k < a.rank; ++k)
            if (k != axis) kept[o++] = a.strides[k];
        const std::int64_t len = a.shape[axis], step = a.strides[axis];
        const T count = T(static_cast<typename plain_type<T>::type>(len));
        for_each_row<2, parallel_scalar<T>>(out.rank, out.shape, {&out.strides, &kept}, [&](auto o, std::int64_t rows, auto s) {
            for (std::int64_t r = 0; r < rows; ++r) {
                const T* x = a.data + o[1] + r * s[1];
                T acc = Kind == op_kind::max ? minus_infinity<T>() : T(0);
                if constexpr (parallel_scalar<T>) {
                    if (step == 1) {  // the fast path's contiguous axis: a vectorised (reordered) reduction
                        if constexpr (Kind == op_kind::max) {
#pragma omp simd reduction(max : acc)
                            for (std::int64_t j = 0; j < len; ++j) acc = acc < x[j] ? x[j] : acc;
                        } else {
#pragma omp simd reduction(+ : acc)
                            for (std::int64_t j = 0; j < len; ++j) acc += x[j];
                        }
                        out.data[o[0] + r * s[0]] = Kind == op_kind::mean ? acc / count : acc;
                        continue;
                    }
                }
                for (std::int64_t j = 0; j < len; ++j)
                    acc = Kind == op_kind::max ? larger(acc, x[j * step]) : acc + x[j * step];
                out.data[o[0] + r * s[0]] = Kind == op_kind::mean ? acc / count : acc;
            }
        }, len);
        c.result(out);
    }
};
template <> struct kernel<op_kind::sum> : reduction_kernel<op_kind::sum> {};
template <> struct kernel<op_kind::max> : reduction_kernel<op_kind::max> {};
template <> struct kernel<op_kind::mean> : reduction_kernel<op_kind::mean> {};

/// layer_norm (7 per element + 5 per row) and rms_norm (4 + 4) over the last axis; the fast
/// path runs contiguous rows vectorised, on all cores.
template <op_kind Kind>
struct norm_kernel {
    template <typename C>
    static void run(C& c) {
        using T = typename C::scalar;
        using F = typename plain_type<T>::type;
        constexpr bool centred = Kind == op_kind::layer_norm;
        const auto x = c.operand(0), gain = c.operand(1);
        const auto bias = centred ? c.operand(2) : gain;
        auto out = c.output();
        const std::int64_t d = x.shape[x.rank - 1];
        const T width = T(static_cast<F>(d)), epsilon = F(1e-5), one = F(1);
        const std::int64_t gs = gain.strides[gain.rank - 1], bs = bias.strides[bias.rank - 1];
        constexpr bool fast = parallel_scalar<T>;
        const float_rows& rows = float_rows_for_this_cpu();
        for_each_row<2, fast>(out.rank, out.shape, {&out.strides, &x.strides}, [&](auto o, std::int64_t len, auto s) {
            T* y = out.data + o[0];
            const T* v = x.data + o[1];
            if constexpr (fast && std::is_same_v<decltype(s), std::array<unit_stride, 2>>) {
                if (gs == 1 && bs == 1) {
                    if constexpr (std::is_same_v<T, float>) (centred ? rows.layer_norm : rows.rms_norm)(v, y, gain.data, bias.data, len, epsilon);
                    else norm_row<centred>(v, y, gain.data, bias.data, len, epsilon);
                    return;
                }
            }
            T mean = T(0);
            if constexpr (centred) {
                for (std::int64_t j = 0; j < len; ++j) mean = mean + v[j * s[1]];
                mean = mean / width;
            }
            T spread = T(0);
            for (std::int64_t j = 0; j < len; ++j) {
                const T centre = centred ? v[j * s[1]] - mean : v[j * s[1]];
                y[j * s[0]] = centre;
                spread = spread + centre * centre;
            }
            const T scale = one / sqrt(spread / width + epsilon);
            for (std::int64_t j = 0; j < len; ++j) {
                const T scaled = y[j * s[0]] * scale * gain.data[j * gs];
                y[j * s[0]] = centred ? scaled + bias.data[j * bs] : scaled;
            }
        });
        c.result(out);
    }
};
template <> struct kernel<op_kind::layer_norm> : norm_kernel<op_kind::layer_norm> {};
template <> struct kernel<op_kind::rms_norm> : norm_kernel<op_kind::rms_norm> {};

}  // namespace ordo::runtime::detail
