#pragma once
// Kernels of the elementwise ops (symbolic: ops/elementwise.hpp): one entry per op, each the
// operations its rule states per element of the result.

#include "float_rows.hpp"
#include "kernel.hpp"
#include "stream_store.hpp"
#include "vector_math.hpp"

#include <algorithm>
#include <array>
#include <type_traits>

namespace ordo::runtime::detail {

// The maps below run on all cores on the fast path (plain scalars), and their contiguous
// rows vectorise: `out` is a new buffer, so no row aliases an operand.

/// out = f(a, b) elementwise with broadcasting.
template <typename T, typename F>
void map_binary(const view<T>& a, const view<T>& b, view<T>& out, F&& f) {
    const extents sa = broadcast_strides(a, out.rank), sb = broadcast_strides(b, out.rank);
    for_each_row<3, parallel_scalar<T>>(out.rank, out.shape, {&out.strides, &sa, &sb}, [&](auto o, std::int64_t len, auto s) {
        T* y = out.data + o[0];
        const T* x1 = a.data + o[1];
        const T* x2 = b.data + o[2];
        if constexpr (std::is_same_v<std::decay_t<decltype(s[0])>, std::int64_t>) {
            // one operand broadcast along the row (a per-row factor): hoisted, so the row vectorises
            if (s[0] == 1 && s[1] == 0 && s[2] == 1) {
                const T u = *x1;
#pragma omp simd
                for (std::int64_t j = 0; j < len; ++j) y[j] = f(u, x2[j]);
                return;
            }
            if (s[0] == 1 && s[1] == 1 && s[2] == 0) {
                const T v = *x2;
#pragma omp simd
                for (std::int64_t j = 0; j < len; ++j) y[j] = f(x1[j], v);
                return;
            }
        }
#pragma omp simd
        for (std::int64_t j = 0; j < len; ++j) y[j * s[0]] = f(x1[j * s[1]], x2[j * s[2]]);
    });
}

/// out = f(a) elementwise; contiguous rows through `row` where one is given (float_rows').
template <typename T, typename F, typename Row = std::nullptr_t>
void map_unary(const view<T>& a, view<T>& out, F&& f, Row row = nullptr) {
    for_each_row<2, parallel_scalar<T>>(out.rank, out.shape, {&out.strides, &a.strides}, [&](auto o, std::int64_t len, auto s) {
        T* y = out.data + o[0];
        const T* x = a.data + o[1];
        if constexpr (!std::is_null_pointer_v<Row>) {  // apart: clang checks a call of nullptr otherwise
            if constexpr (std::is_same_v<decltype(s), std::array<unit_stride, 2>>) {
                row(x, y, len);
                return;
            }
        }
#pragma omp simd
        for (std::int64_t j = 0; j < len; ++j) y[j * s[0]] = f(x[j * s[1]]);
    });
}

/// A binary op's entry: f applied to each pair (one operation per element).
template <typename F>
struct binary_kernel {
    template <typename C>
    static void run(C& c) {
        auto out = c.output();
        map_binary(c.operand(0), c.operand(1), out, F{});
        c.result(out);
    }
};
/// A unary op's entry: make(c) gives the function applied to each element; on float's fast
/// path, Row (a float_rows member) runs its contiguous rows in the CPU's widest build.
template <auto Make, auto Row = nullptr>
struct unary_kernel {
    template <typename C>
    static void run(C& c) {
        auto out = c.output();
        if constexpr (!std::is_null_pointer_v<decltype(Row)> && std::is_same_v<typename C::scalar, float>)
            map_unary(c.operand(0), out, Make(c), float_rows_for_this_cpu().*Row);
        else
            map_unary(c.operand(0), out, Make(c));
        c.result(out);
    }
};

struct plus { template <typename T> T operator()(T u, T v) const { return u + v; } };
struct minus { template <typename T> T operator()(T u, T v) const { return u - v; } };
struct times { template <typename T> T operator()(T u, T v) const { return u * v; } };
struct over { template <typename T> T operator()(T u, T v) const { return u / v; } };
struct largest { template <typename T> T operator()(T u, T v) const { return larger(u, v); } };

template <> struct kernel<op_kind::add> : binary_kernel<plus> {};
template <> struct kernel<op_kind::subtract> : binary_kernel<minus> {};
template <> struct kernel<op_kind::multiply> : binary_kernel<times> {};
template <> struct kernel<op_kind::divide> : binary_kernel<over> {};
template <> struct kernel<op_kind::maximum> : binary_kernel<largest> {};  // one compare

/// The scalar of node c's payload constant (scale, fill), as T.
template <typename C>
typename C::scalar constant_of(const C& c) {
    using F = typename plain_type<typename C::scalar>::type;
    const rational r = c.node().template data<payloads::constant>().value;
    return typename C::scalar(static_cast<F>(r.num) / static_cast<F>(r.den));
}

inline constexpr auto make_scale = [](const auto& c) {  // 1 multiply
    return [factor = constant_of(c)](auto v) { return v * factor; };
};
inline constexpr auto make_rsqrt_scale = [](const auto& c) {  // 1 multiply by 1/√k (computed once, uncounted)
    using T = typename std::decay_t<decltype(c)>::scalar;
    using F = typename plain_type<T>::type;
    const auto k = c.size(c.node().template data<payloads::extent_parameter>().value);
    return [factor = T(F(1) / std::sqrt(static_cast<F>(k)))](auto v) { return v * factor; };
};
inline constexpr auto make_negate = [](const auto&) { return [](auto v) { return -v; }; };  // 1 negate
/// e^v: the fast path's vectorisable exp on plain scalars, the counted scalar's own otherwise.
template <typename T>
T exp_of(T v) {
    if constexpr (parallel_scalar<T>) return vector_exp(v);
    else return exp(v);
}
inline constexpr auto make_exp = [](const auto&) { return [](auto v) { return exp_of(v); }; };
inline constexpr auto make_sin = [](const auto&) { return [](auto v) { return sin(v); }; };
inline constexpr auto make_cos = [](const auto&) { return [](auto v) { return cos(v); }; };
inline constexpr auto make_gelu = [](const auto& c) {
    // 9: x·x, ·x, ·0.044715, +x, ·√(2/π), tanh, +1, ·x, ·0.5
    using T = typename std::decay_t<decltype(c)>::scalar;
    using F = typename plain_type<T>::type;
    const T c1 = T(F(0.044715)), c2 = T(F(0.7978845608028654)), one = T(F(1)), half = T(F(0.5));
    return [=](T v) {
        if constexpr (std::is_same_v<T, float>) return gelu_tanh(v);  // the fast path's: through σ
        else return (one + tanh((v * v * v * c1 + v) * c2)) * v * half;
    };
};
inline constexpr auto make_silu = [](const auto& c) {  // 4: negate, exp, add, divide
    using T = typename std::decay_t<decltype(c)>::scalar;
    using F = typename plain_type<T>::type;
    const T one = T(F(1));
    return [=](T v) {
        if constexpr (std::is_same_v<T, float>) return silu(v);  // the fast path's: no clamps
        else return v / (one + exp_of(-v));
    };
};

template <> struct kernel<op_kind::scale> : unary_kernel<make_scale> {};
template <> struct kernel<op_kind::rsqrt_scale> : unary_kernel<make_rsqrt_scale> {};
template <> struct kernel<op_kind::negate> : unary_kernel<make_negate> {};
template <> struct kernel<op_kind::exp> : unary_kernel<make_exp, &float_rows::exp> {};
template <> struct kernel<op_kind::sin> : unary_kernel<make_sin> {};
template <> struct kernel<op_kind::cos> : unary_kernel<make_cos> {};
template <> struct kernel<op_kind::gelu> : unary_kernel<make_gelu, &float_rows::gelu> {};
template <> struct kernel<op_kind::silu> : unary_kernel<make_silu, &float_rows::silu> {};

/// Adds −∞ above the (shifted) diagonal of the last two axes and 0 elsewhere: 1 add per element.
template <>
struct kernel<op_kind::causal_mask> {
    template <typename C>
    static void run(C& c) {
        using T = typename C::scalar;
        const auto a = c.operand(0);
        auto out = c.output();
        const std::int64_t n = out.shape[out.rank - 2], m = out.shape[out.rank - 1];
        const T zero = T(0), blocked = minus_infinity<T>();
        // `out` is new and contiguous: its row is its offset over m, the query that row mod n.
        // Past the last-level cache (the scores of long contexts) the rows go out with
        // non-temporal stores: the next op reads them from memory either way, and a plain store
        // would first read each line it writes.
        const bool stream = out.size() * static_cast<std::int64_t>(sizeof(T)) > stream_written_once_above;
        for_each_row<2, parallel_scalar<T>>(out.rank, out.shape, {&out.strides, &a.strides}, [&](auto o, std::int64_t len, auto s) {
            const std::int64_t query = (o[0] / m) % n;
            if constexpr (std::is_same_v<decltype(s), std::array<unit_stride, 2>>) {
                // the keys the query sees, then the ones it does not: two adds of a constant
                const std::int64_t seen = std::clamp<std::int64_t>(query + m - n + 1, 0, len);
                stream_add(a.data + o[1], seen, zero, out.data + o[0], stream);
                stream_add(a.data + o[1] + seen, len - seen, blocked, out.data + o[0] + seen, stream);
            } else {
                for (std::int64_t j = 0; j < len; ++j)
                    out.data[o[0] + j * s[0]] = a.data[o[1] + j * s[1]] + (j <= query + m - n ? zero : blocked);
            }
        });
        if (stream) stream_fence();  // the rows this thread ran (the pool's tasks fence their own)
        c.result(out);
    }
};

}  // namespace ordo::runtime::detail
