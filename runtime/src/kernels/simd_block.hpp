#pragma once
// The vector blocks the fast path's own gemm kernels (thin_gemm, heads_gemm, panel_gemm) are
// built from: a vector of T of ORDO_VECTOR_BYTES (GCC's and Clang's vector extension, so one
// source serves AVX2, AVX-512 and, as SSE registers, builds without either), loads that assume
// no alignment, lane sums and in-register transposes, and the dispatch from a run-time row
// count to a kernel's template one.

#include "vector_isa.hpp"

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

namespace ordo::runtime::detail {

/// A matrix in memory: element (i, j) at data[i·row + j·col].
template <typename T>
struct strided_matrix {
    T* data = nullptr;
    std::int64_t row = 0, col = 0;
    T& operator()(std::int64_t i, std::int64_t j) const { return data[i * row + j * col]; }
};

/// f(std::integral_constant<int, M>{}) for M = min(rows, Max), rows ≥ 1: a kernel whose rows
/// of C live in registers takes its row count as a template argument.
template <int Max, typename F>
void with_rows(std::int64_t rows, F&& f) {
    [&]<int... I>(std::integer_sequence<int, I...>) {
        static_cast<void>(((rows == I + 1 || I + 1 == Max ? (f(std::integral_constant<int, I + 1>{}), true) : false) || ...));
    }(std::make_integer_sequence<int, Max>{});
}

inline namespace ORDO_VECTOR_ISA {

/// A vector of T of ORDO_VECTOR_BYTES: 32 (8 floats) in the baseline build, 64 (16 floats) in
/// the AVX-512 build; two or four SSE registers on a CPU without AVX.
template <typename T>
struct simd_of {
    using type __attribute__((vector_size(ORDO_VECTOR_BYTES))) = T;
};

namespace thin_detail {

/// Lane i of combine<S>(x, y): x[i] + x[i + S] where bit S of i is clear, y[i - S] + y[i] where
/// it is set: a level of lane_sums' tree, for vectors of any power of two lanes I.
template <int S, typename V, int... I>
V combine(V x, V y, std::integer_sequence<int, I...>) {
    constexpr int L = sizeof...(I);
    return __builtin_shufflevector(x, y, ((I & S) ? L + I - S : I)...) + __builtin_shufflevector(x, y, ((I & S) ? L + I : I + S)...);
}

/// One level of a transpose: x = v[r] and y = v[r + S] (bit S of r clear) swap their
/// off-diagonal blocks of S lanes (x's upper lanes of each 2S with y's lower).
template <int S, typename V, int... I>
void swap_blocks(V& x, V& y, std::integer_sequence<int, I...>) {
    constexpr int L = sizeof...(I);
    const V low = __builtin_shufflevector(x, y, ((I & S) ? L + I - S : I)...);
    y = __builtin_shufflevector(x, y, ((I & S) ? L + I : I + S)...);
    x = low;
}

/// Where B's rows, in blocks of `depth`, are read as two streams: the first half of the rows
/// (returned, a multiple of depth; 0 for one stream) paired block by block with the second, in
/// the same pass. Only where B's rows are short enough that a block is one run of memory (a
/// head's cached keys or values, 256 B a row): one core's reads keep more lines in flight from
/// two runs than from one (512 runs of 128 KiB summed on 2 threads at 29-32 GB/s one at a
/// time, 35-44 two at a time; this machine, 2026-12-07).
inline std::int64_t two_stream_half(std::int64_t k, std::int64_t depth, std::int64_t ldb, std::int64_t element_bytes) {
    if (ldb * element_bytes > 1024 || k < 2 * depth) return 0;  // long rows: each is a stream already
    return k / 2 / depth * depth;
}

template <typename T>
typename simd_of<T>::type load(const T* p) {
    typename simd_of<T>::type v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

template <typename T>
void put(const strided_matrix<T>& c, std::int64_t i, std::int64_t j, T beta, T value) {
    T& x = c(i, j);
    x = beta == T(0) ? value : beta * x + value;  // beta = 0 never reads C (it may be unset)
}

/// The sum of a vector's lanes (a tree of shuffles, not a chain of scalar adds).
template <typename T>
T lane_sum(typename simd_of<T>::type v) {
    if constexpr (sizeof(v) / sizeof(T) == 16) {
        v += __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7);
        v += __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3);
        v += __builtin_shufflevector(v, v, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1);
        v += __builtin_shufflevector(v, v, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0);
    } else if constexpr (sizeof(v) / sizeof(T) == 8) {
        v += __builtin_shufflevector(v, v, 4, 5, 6, 7, 0, 1, 2, 3);
        v += __builtin_shufflevector(v, v, 2, 3, 0, 1, 2, 3, 0, 1);
        v += __builtin_shufflevector(v, v, 1, 0, 1, 0, 1, 0, 1, 0);
    } else {
        v += __builtin_shufflevector(v, v, 2, 3, 0, 1);
        v += __builtin_shufflevector(v, v, 1, 0, 1, 0);
    }
    return v[0];
}

/// The lane sums of as many vectors as a vector has lanes, at once: lane q of the result is
/// the sum of v[q] (log₂ lanes levels of pairwise shuffles).
template <typename T>
typename simd_of<T>::type lane_sums(const typename simd_of<T>::type* v) {
    if constexpr (sizeof(*v) / sizeof(T) == 16) {
        typename simd_of<T>::type w[16];
        constexpr auto lanes = std::make_integer_sequence<int, 16>{};
        for (int q = 0; q < 8; ++q) w[q] = combine<1>(v[2 * q], v[2 * q + 1], lanes);
        for (int q = 0; q < 4; ++q) w[q] = combine<2>(w[2 * q], w[2 * q + 1], lanes);
        for (int q = 0; q < 2; ++q) w[q] = combine<4>(w[2 * q], w[2 * q + 1], lanes);
        return combine<8>(w[0], w[1], lanes);
    } else if constexpr (sizeof(*v) / sizeof(T) == 8) {
        auto pairs = [](auto x, auto y) {
            return __builtin_shufflevector(x, y, 0, 8, 2, 10, 4, 12, 6, 14) + __builtin_shufflevector(x, y, 1, 9, 3, 11, 5, 13, 7, 15);
        };
        auto quads = [](auto x, auto y) {
            return __builtin_shufflevector(x, y, 0, 1, 8, 9, 4, 5, 12, 13) + __builtin_shufflevector(x, y, 2, 3, 10, 11, 6, 7, 14, 15);
        };
        const auto low = quads(pairs(v[0], v[1]), pairs(v[2], v[3]));
        const auto high = quads(pairs(v[4], v[5]), pairs(v[6], v[7]));
        return __builtin_shufflevector(low, high, 0, 1, 2, 3, 8, 9, 10, 11) +
               __builtin_shufflevector(low, high, 4, 5, 6, 7, 12, 13, 14, 15);
    } else {
        const auto a = __builtin_shufflevector(v[0], v[1], 0, 4, 2, 6) + __builtin_shufflevector(v[0], v[1], 1, 5, 3, 7);
        const auto b = __builtin_shufflevector(v[2], v[3], 0, 4, 2, 6) + __builtin_shufflevector(v[2], v[3], 1, 5, 3, 7);
        return __builtin_shufflevector(a, b, 0, 1, 4, 5) + __builtin_shufflevector(a, b, 2, 3, 6, 7);
    }
}

/// Transposes a square block of as many vectors as a vector has lanes, in registers: v[r]
/// lane q becomes lane r of v[q] (log₂ lanes levels of shuffles).
template <typename T>
void transpose(typename simd_of<T>::type* v) {
    if constexpr (sizeof(*v) / sizeof(T) == 16) {
        [v]<int... S>(std::integer_sequence<int, S...>) {
            constexpr auto lanes = std::make_integer_sequence<int, 16>{};
            (
                [&] {
                    for (int r = 0; r < 16; ++r)
                        if ((r & (1 << S)) == 0) swap_blocks<1 << S>(v[r], v[r + (1 << S)], lanes);
                }(),
                ...);
        }(std::make_integer_sequence<int, 4>{});
    } else if constexpr (sizeof(*v) / sizeof(T) == 8) {
        decltype(+*v) t[8], u[8];
        for (int r = 0; r < 8; r += 2) {
            t[r] = __builtin_shufflevector(v[r], v[r + 1], 0, 8, 1, 9, 4, 12, 5, 13);
            t[r + 1] = __builtin_shufflevector(v[r], v[r + 1], 2, 10, 3, 11, 6, 14, 7, 15);
        }
        for (int r = 0; r < 8; r += 4)
            for (int q = 0; q < 2; ++q) {
                u[r + 2 * q] = __builtin_shufflevector(t[r + q], t[r + q + 2], 0, 1, 8, 9, 4, 5, 12, 13);
                u[r + 2 * q + 1] = __builtin_shufflevector(t[r + q], t[r + q + 2], 2, 3, 10, 11, 6, 7, 14, 15);
            }
        for (int q = 0; q < 4; ++q) {
            v[q] = __builtin_shufflevector(u[q], u[q + 4], 0, 1, 2, 3, 8, 9, 10, 11);
            v[q + 4] = __builtin_shufflevector(u[q], u[q + 4], 4, 5, 6, 7, 12, 13, 14, 15);
        }
    } else {
        const auto t0 = __builtin_shufflevector(v[0], v[1], 0, 4, 2, 6), t1 = __builtin_shufflevector(v[0], v[1], 1, 5, 3, 7);
        const auto t2 = __builtin_shufflevector(v[2], v[3], 0, 4, 2, 6), t3 = __builtin_shufflevector(v[2], v[3], 1, 5, 3, 7);
        v[0] = __builtin_shufflevector(t0, t2, 0, 1, 4, 5);
        v[2] = __builtin_shufflevector(t0, t2, 2, 3, 6, 7);
        v[1] = __builtin_shufflevector(t1, t3, 0, 1, 4, 5);
        v[3] = __builtin_shufflevector(t1, t3, 2, 3, 6, 7);
    }
}

}  // namespace thin_detail
}  // inline namespace ORDO_VECTOR_ISA
}  // namespace ordo::runtime::detail
