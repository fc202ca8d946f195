#pragma once
// The fast path's arithmetic on contiguous rows of plain float and double: loops the compiler
// vectorises (OpenMP simd, with the reductions' order left free), and an exp it can vectorise.
// The counted path never comes here: its kernels keep the one-operation-at-a-time loops whose
// counts are the symbolic FLOPs.

#include "vector_isa.hpp"  // compiled once per instruction set, each in its inline namespace

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace ordo::runtime::detail {
inline namespace ORDO_VECTOR_ISA {

namespace vector_math_detail {
/// e^x for float in [−87.3, 88.7] as straight-line arithmetic (vectorisable, unlike libm's
/// expf): e^x = 2^k·e^r with r = x − k·ln 2 in [−ln 2 / 2, ln 2 / 2] (ln 2 split in two for
/// exactness) and e^r = 1 + r + r²·q(r), q of degree 4 fitted to the interval (minimax for
/// e^r's relative error, 3·10⁻⁹ there, far below float's half ulp of 6·10⁻⁸): one multiply-add
/// fewer than Cephes' degree-5 q, at the same 1 ulp (all 2.24·10⁹ floats of [−87, 88] against
/// double's exp: at most 1.02 ulp, measured), and the exp loop 8 % faster on AVX2. k is rounded
/// by adding 1.5·2^23, which leaves k in the sum's low mantissa bits, and those bits are added
/// into p's exponent: no conversion to integer (outside the range the bits are garbage, not UB).
inline float exp_in_range(float x) {
    constexpr float round = 12582912.0f;  // 1.5·2^23: float's ulp is 1 from 2^23 on
    const float shifted = x * 1.44269504088896341f + round;
    const float k = shifted - round;
    const float r = x - k * 0.693145751953125f - k * 1.428606765330187045e-06f;
    float p = 1.3814613214572606e-3f;
    p = p * r + 8.368710073715181e-3f;
    p = p * r + 4.1668387380200664e-2f;
    p = p * r + 1.6666520687731473e-1f;
    p = p * r + 4.999999345157541e-1f;
    p = p * r * r + r + 1.0f;
    // shifted's low 9 bits are k mod 2^9; shifted into the exponent field and added to p's bits
    // they scale p by 2^k: an integer add where a multiply by 2^k would take one of the two
    // multiply-add pipes the polynomial keeps busy (exp + sum over a row in L1, AVX2: 0.377 ->
    // 0.345 ns per float). Exact while the result is a normal float, which every result kept is
    // (e^−87.33 is above float's least normal; vector_exp's callers select 0 below it).
    return std::bit_cast<float>(std::bit_cast<std::uint32_t>(p) + (std::bit_cast<std::uint32_t>(shifted) << 23));
}
inline constexpr float exp_underflows = -87.33f;  // below: e^x is subnormal, and taken as 0
}  // namespace vector_math_detail

/// e^x for float, vectorisable: clamped into exp_in_range's range; 0 below −87.3 (e^x is
/// subnormal there), so −∞ (a masked logit) gives 0 as std::exp does; NaN stays NaN.
inline float vector_exp(float x) {
    const float below = x > 88.0f ? 88.0f : x;
    const float clamped = below < -87.0f ? -87.0f : below;
    return x < vector_math_detail::exp_underflows ? 0.0f : vector_math_detail::exp_in_range(clamped);
}
/// e^x for x ≤ 0 (a softmax's logits less their maximum): no clamp, only the select of 0 below
/// −87.3 (which also takes −∞), some 5 fewer instructions per vector than vector_exp.
inline float exp_nonpositive(float x) {
    return x < vector_math_detail::exp_underflows ? 0.0f : vector_math_detail::exp_in_range(x);
}
/// v / (1 + e^{−u}), that is v·σ(u), from t = e^{−|u|}: exp's argument is never positive, so
/// it needs no clamps (v/(1 + t) where u ≥ 0, v·t/(1 + t) where u < 0).
inline float times_sigmoid(float v, float u) {
    const float t = exp_nonpositive(-std::fabs(u));
    return (u < 0.0f ? v * t : v) / (1.0f + t);
}

/// The fast path's gelu (tanh form) for float: (1 + tanh z)·v/2 = v·σ(2z), one vectorisable
/// exp and one division (its error is within float's ulp of v, which is what the product needs).
inline float gelu_tanh(float v) {
    const float z = (v * v * v * 0.044715f + v) * 0.7978845608028654f;
    return times_sigmoid(v, z + z);
}
/// The fast path's silu for float: v·σ(v), without clamps.
inline float silu(float v) { return times_sigmoid(v, v); }

/// Doubles keep libm's exp: the double runs are the accuracy references.
inline double vector_exp(double x) { return std::exp(x); }
inline double exp_nonpositive(double x) { return std::exp(x); }

/// body(lo, hi) over [0, len) in chunks of 4 cache lines, asking before each chunk for the
/// same lines of the row after x (at x + len: a contiguous tensor's rows follow each other).
/// A row's passes after its first run on data in L1; without this the memory idles meanwhile,
/// and streaming and arithmetic add up instead of overlapping. Short rows (under 16 lines) go
/// in one piece: the hardware's prefetcher follows them. Prefetches never fault, and the address
/// is formed as an integer, since it may lie past the tensor.
template <typename T, typename Body>
void in_chunks_prefetching_next_row(const T* x, std::int64_t len, Body&& body) {
    constexpr std::int64_t line = 64 / sizeof(T), chunk = 4 * line;
    std::int64_t lo = 0;
    if (len >= 4 * chunk) {
        const std::uintptr_t next = reinterpret_cast<std::uintptr_t>(x + len);
        for (; lo + chunk <= len; lo += chunk) {
            for (std::int64_t l = 0; l < chunk; l += line)
                __builtin_prefetch(reinterpret_cast<const void*>(next + static_cast<std::uintptr_t>(lo + l) * sizeof(T)));
            body(lo, lo + chunk);
        }
    }
    body(lo, len);
}

/// y = softmax(x) of one contiguous row (max, exp of the difference, sum, scale by 1/sum).
template <typename T>
void softmax_row(const T* x, T* y, std::int64_t len) {
    T top = -std::numeric_limits<T>::infinity();
#pragma omp simd reduction(max : top)
    for (std::int64_t j = 0; j < len; ++j) top = x[j] > top ? x[j] : top;
    T total = 0;
    in_chunks_prefetching_next_row(x, len, [&](std::int64_t lo, std::int64_t hi) {
        T part = 0;
#pragma omp simd reduction(+ : part)
        for (std::int64_t j = lo; j < hi; ++j) {
            y[j] = exp_nonpositive(x[j] - top);
            part += y[j];
        }
        total += part;
    });
    const T inverse = T(1) / total;
#pragma omp simd
    for (std::int64_t j = 0; j < len; ++j) y[j] *= inverse;
}

/// y = layer_norm (Centred) or rms_norm of one contiguous row, with contiguous gain and bias.
template <bool Centred, typename T>
void norm_row(const T* x, T* y, const T* gain, const T* bias, std::int64_t len, T epsilon) {
    T mean = 0;
    if constexpr (Centred) {
#pragma omp simd reduction(+ : mean)
        for (std::int64_t j = 0; j < len; ++j) mean += x[j];
        mean /= static_cast<T>(len);
    }
    T spread = 0;
    const auto spread_of = [&](std::int64_t lo, std::int64_t hi) {
        T part = 0;
#pragma omp simd reduction(+ : part)
        for (std::int64_t j = lo; j < hi; ++j) part += (x[j] - mean) * (x[j] - mean);
        spread += part;
    };
    T scale = 0;  // set between the passes
    const auto write = [&](std::int64_t lo, std::int64_t hi) {
#pragma omp simd
        for (std::int64_t j = lo; j < hi; ++j) {
            const T scaled = (x[j] - mean) * scale * gain[j];
            y[j] = Centred ? scaled + bias[j] : scaled;
        }
    };
    // the first pass reads x from memory; the next one overlaps with the next row's streaming
    if constexpr (Centred) in_chunks_prefetching_next_row(x, len, spread_of);
    else spread_of(0, len);
    scale = T(1) / std::sqrt(spread / static_cast<T>(len) + epsilon);
    if constexpr (Centred) write(0, len);
    else in_chunks_prefetching_next_row(x, len, write);
}

}  // inline namespace ORDO_VECTOR_ISA
}  // namespace ordo::runtime::detail
