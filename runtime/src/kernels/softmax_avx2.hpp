#pragma once
// Softmax of a contiguous float row with AVX2 and FMA: the baseline build's softmax where the
// runtime is built for them (float_rows_table.hpp). On such a CPU the softmax is as much the
// exp's arithmetic as memory: a row in L1 costs some 0.5 ns per float and core (2-core AMD
// EPYC), about what reading it from memory and writing it back costs. So this loop (1) lets the
// two overlap: it asks for the row two ahead while it takes the exp, which otherwise waits on
// its loads and then computes with the memory idle; (2) takes an exp of fewer multiply-adds,
// over a table of 2^(j/8) held in one register; and (3) where the result is past the cache,
// writes it with non-temporal stores from a buffer in L1, so that no line of y is read before
// it is written. Measured on 128 MiB of 1024-float rows, 2 threads: 14–18 GB/s (softmax_row)
// against 19–22 (this), counting 8 bytes per float.

#if defined(__AVX2__) && defined(__FMA__)

#include "vector_math.hpp"  // ORDO_VECTOR_ISA, the build's inline namespace

#include <immintrin.h>

#include <cmath>
#include <cstdint>

namespace ordo::runtime::detail {
inline namespace ORDO_VECTOR_ISA {

namespace softmax_avx2_detail {
/// e^x for 8 floats x ≤ 0 (or −∞): e^x = 2^(n/8)·e^r with n = round(8x / ln 2) and
/// |r| ≤ ln 2 / 16, so a degree-4 Taylor polynomial leaves 1.3·10⁻⁹ relative error;
/// 2^(n/8) = 2^⌊n/8⌋·2^((n mod 8)/8), the second factor from a table of 8 held in a register
/// (vpermps takes each lane's index from the low 3 bits of n, which is all n mod 8 needs).
/// n is rounded by adding 1.5·2^23, which leaves n in the sum's low bits; ⌊n/8⌋ shifted into
/// the exponent field is added to the result's bits. At most 1.6 ulp from e^x over [−87.33, 0]
/// (every 97th float, against double's exp; vector_exp: 1.02), where the result is a normal
/// float. Below −87.33 (e^x subnormal) and at −∞ the result is 0.
inline __m256 exp_nonpositive(__m256 x) {
    const __m256 round = _mm256_set1_ps(12582912.0f);  // 1.5·2^23
    const __m256 shifted = _mm256_fmadd_ps(x, _mm256_set1_ps(11.541560327111707f), round);  // 8 / ln 2
    const __m256 n = _mm256_sub_ps(shifted, round);
    // ln 2 / 8 in two parts, the first with few enough bits that n times it is exact
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.0866432189941406250f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(1.7857585253e-07f), r);
    __m256 p = _mm256_fmadd_ps(_mm256_set1_ps(1.0f / 24), r, _mm256_set1_ps(1.0f / 6));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    const __m256 eighths = _mm256_setr_ps(1.0f, 1.0905077326652577f, 1.1892071150027210f, 1.2968395546510096f,
                                          1.4142135623730951f, 1.5422108254079407f, 1.6817928305074290f,
                                          1.8340080864093424f);
    const __m256i bits = _mm256_castps_si256(shifted);
    p = _mm256_mul_ps(p, _mm256_permutevar8x32_ps(eighths, bits));
    const __m256i scale = _mm256_slli_epi32(_mm256_srli_epi32(bits, 3), 23);
    const __m256 e = _mm256_castsi256_ps(_mm256_add_epi32(_mm256_castps_si256(p), scale));
    return _mm256_and_ps(e, _mm256_cmp_ps(x, _mm256_set1_ps(-87.33f), _CMP_GE_OQ));
}

/// The row two ahead is fetched during the exp pass when a row is at most this long (16 KiB):
/// two such rows ahead are still in L1 or L2 when their turn comes. Longer rows rely on the
/// hardware's prefetcher.
inline constexpr std::int64_t prefetched_rows_up_to = 4096;
/// The exp's results wait here for the non-temporal pass: one row of up to this many floats.
inline constexpr std::int64_t buffered_row = 4096;

inline float horizontal_sum(__m256 v) {
    const __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(t, _mm_shuffle_ps(t, t, 1)));
}
inline float horizontal_max(__m256 v) {
    const __m128 s = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 t = _mm_max_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_max_ss(t, _mm_shuffle_ps(t, t, 1)));
}
}  // namespace softmax_avx2_detail

/// y = softmax(x) of one contiguous row. `stream`: y is written once and not read soon (the
/// op's result is past the cache), so it goes out with non-temporal stores; the caller ends
/// its thread's writes with stream_fence() before another thread reads them.
inline void softmax_row_avx2(const float* x, float* y, std::int64_t len, bool stream) {
    namespace d = softmax_avx2_detail;
    const std::int64_t whole = len - len % 8;
    __m256 top0 = _mm256_set1_ps(-INFINITY), top1 = top0;
    std::int64_t j = 0;
    for (; j + 16 <= whole; j += 16) {
        top0 = _mm256_max_ps(top0, _mm256_loadu_ps(x + j));
        top1 = _mm256_max_ps(top1, _mm256_loadu_ps(x + j + 8));
    }
    if (j < whole) top0 = _mm256_max_ps(top0, _mm256_loadu_ps(x + j));
    float top = d::horizontal_max(_mm256_max_ps(top0, top1));
    for (j = whole; j < len; ++j) top = x[j] > top ? x[j] : top;

    alignas(64) static thread_local float buffer[d::buffered_row];
    const bool buffered = stream && len <= d::buffered_row;
    float* const e = buffered ? buffer : y;
    const __m256 shift = _mm256_set1_ps(top);
    const bool prefetch = len <= d::prefetched_rows_up_to;
    // the row two ahead, as an integer: it may lie past the tensor (prefetches never fault)
    const std::uintptr_t ahead = reinterpret_cast<std::uintptr_t>(x + 2 * len);
    __m256 sum[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    for (j = 0; j + 32 <= whole; j += 32) {
        if (prefetch) {  // 128 bytes of the row ahead for the 128 read here: the whole row by the end
            __builtin_prefetch(reinterpret_cast<const void*>(ahead + static_cast<std::uintptr_t>(j) * sizeof(float)));
            __builtin_prefetch(reinterpret_cast<const void*>(ahead + static_cast<std::uintptr_t>(j + 16) * sizeof(float)));
        }
        // four independent exps side by side: one alone is a chain of some 40 cycles
        __m256 v[4];
        for (int u = 0; u < 4; ++u) v[u] = d::exp_nonpositive(_mm256_sub_ps(_mm256_loadu_ps(x + j + 8 * u), shift));
        for (int u = 0; u < 4; ++u) {
            _mm256_storeu_ps(e + j + 8 * u, v[u]);
            sum[u] = _mm256_add_ps(sum[u], v[u]);
        }
    }
    for (; j < whole; j += 8) {
        const __m256 v = d::exp_nonpositive(_mm256_sub_ps(_mm256_loadu_ps(x + j), shift));
        _mm256_storeu_ps(e + j, v);
        sum[0] = _mm256_add_ps(sum[0], v);
    }
    if (j < len) {  // the last len mod 8, padded with −∞ (whose exp is 0)
        alignas(32) float tail[8] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY};
        for (std::int64_t k = j; k < len; ++k) tail[k - j] = x[k];
        const __m256 v = d::exp_nonpositive(_mm256_sub_ps(_mm256_load_ps(tail), shift));
        _mm256_store_ps(tail, v);
        for (std::int64_t k = j; k < len; ++k) e[k] = tail[k - j];
        sum[1] = _mm256_add_ps(sum[1], v);
    }
    const float total = d::horizontal_sum(_mm256_add_ps(_mm256_add_ps(sum[0], sum[1]), _mm256_add_ps(sum[2], sum[3])));
    const float inverse = 1.0f / total;
    const __m256 scale = _mm256_set1_ps(inverse);

    j = 0;
    if (buffered) {  // y from the buffer: a scalar head up to y's first 32-byte boundary, then streamed
        for (; j < len && reinterpret_cast<std::uintptr_t>(y + j) % 32 != 0; ++j) y[j] = e[j] * inverse;
        for (; j + 8 <= len; j += 8) _mm256_stream_ps(y + j, _mm256_mul_ps(scale, _mm256_loadu_ps(e + j)));
    } else {
        for (; j + 8 <= len; j += 8) _mm256_storeu_ps(y + j, _mm256_mul_ps(scale, _mm256_loadu_ps(y + j)));
    }
    for (; j < len; ++j) y[j] = e[j] * inverse;
}

}  // inline namespace ORDO_VECTOR_ISA
}  // namespace ordo::runtime::detail

#endif
