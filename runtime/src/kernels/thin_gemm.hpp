#pragma once
// Products with few rows: a decoding step's b tokens against a weight, one query against its
// KV cache, a window's query against its w keys. Reading B bounds them, and BLAS gemm is not
// made for them: it copies B into its panel layout at every call (reading B twice and writing
// it once), and for a product of a few kilobytes it spends longer dispatching than multiplying.
// These kernels read B once, in place, and keep the few rows of C in registers.

#include "heads_gemm.hpp"
#include "simd_block.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

namespace ordo::runtime::detail {
inline namespace ORDO_VECTOR_ISA {

/// The most rows of C the thin kernels take: past that a product is bound by arithmetic, not
/// by reading B, and BLAS's blocking wins.
inline constexpr int thin_rows = 8;

namespace thin_detail {

/// One block of `depth` rows of B, [p0, p1), of C[M, n] += A·B, A packed [M][k] (rows lda
/// apart), B with unit stride along n (rows ldb apart), read left to right (so `depth`
/// sequential streams, never a walk down a column that would touch a new page per row),
/// against a strip of columns whose M rows of sums stay in registers; the sums live in `sums`
/// [M][n] between blocks. With gap > 0 the block [p0 + gap, p1 + gap) is summed in the same
/// pass (see two_stream_half). `past`: the memory after B's last row is read next (thin_gemm).
template <typename T, int M>
void rows_times_rows(std::int64_t n, std::int64_t lda, std::int64_t p0, std::int64_t p1, std::int64_t gap, const T* a,
                     const T* b, std::int64_t ldb, T* sums, bool past) {
    using V = typename simd_of<T>::type;
    constexpr int lanes = sizeof(V) / sizeof(T);
    // vectors per row of the strip: M·tiles accumulators, and tiles more for B, in 16 vector
    // registers (AVX2) or 32 (AVX-512)
    constexpr bool many_registers = sizeof(V) >= 64;
    constexpr int tiles = M <= 2 ? 4 : M <= 4 ? (many_registers ? 4 : 2) : (many_registers ? 2 : 1);
    constexpr int width = lanes * tiles;
    constexpr std::int64_t ahead = 128;
    const std::int64_t body = n / width * width;
    // what to prefetch: short rows (a KV cache's values) the next block, long rows further on;
    // past B's lda rows only when they are read next (a step's cache is the first i rows of n:
    // the rows past them are not read, and at i = 64 the block past the last is a quarter again
    // of the bytes read)
    const bool short_rows = ldb * static_cast<std::int64_t>(sizeof(T)) <= 1024;
    const std::int64_t lead = short_rows ? (p1 - p0) * ldb : ahead;
    const std::int64_t last_fetched = past || !short_rows ? lda : lda - (p1 - p0);  // rows p below it prefetch
    for (std::int64_t j = 0; j < body; j += width) {
        V acc[M][tiles];
#pragma GCC unroll 8
        for (int i = 0; i < M; ++i)
#pragma GCC unroll 4
            for (int t = 0; t < tiles; ++t) acc[i][t] = p0 == 0 ? V{} : load(sums + i * n + j + t * lanes);
        auto row_of_b = [&](std::int64_t p) {
            const T* row = b + p * ldb + j;
            if (p < last_fetched) __builtin_prefetch(row + lead);  // the hardware's prefetcher lags on this walk
            V bv[tiles];
#pragma GCC unroll 4
            for (int t = 0; t < tiles; ++t) bv[t] = load(row + t * lanes);
#pragma GCC unroll 8
            for (int i = 0; i < M; ++i) {
                const T s = a[i * lda + p];
#pragma GCC unroll 4
                for (int t = 0; t < tiles; ++t) acc[i][t] += s * bv[t];
            }
        };
        if (gap == 0)
            for (std::int64_t p = p0; p < p1; ++p) row_of_b(p);
        else
            for (std::int64_t p = p0; p < p1; ++p) {
                row_of_b(p);
                row_of_b(p + gap);
            }
#pragma GCC unroll 8
        for (int i = 0; i < M; ++i)
#pragma GCC unroll 4
            for (int t = 0; t < tiles; ++t) std::memcpy(sums + i * n + j + t * lanes, &acc[i][t], sizeof(V));
    }
    for (std::int64_t j = body; j < n; ++j)
        for (int i = 0; i < M; ++i) {
            T s = p0 == 0 ? T(0) : sums[i * n + j];
            for (std::int64_t p = p0; p < p1; ++p) s += a[i * lda + p] * b[p * ldb + j];
            if (gap != 0)
                for (std::int64_t p = p0 + gap; p < p1 + gap; ++p) s += a[i * lda + p] * b[p * ldb + j];
            sums[i * n + j] = s;
        }
}

/// rows_times_rows for up to wide_rows rows, thin_rows at a time within each block of B's rows:
/// the block (some kilobytes) is still in L1 for the second group, so B is read from memory
/// once, where two calls of 8 rows read it twice (MQA's 16 heads against the cached values).
template <typename T>
void rows_times_rows_grouped(std::int64_t m, std::int64_t n, std::int64_t k, const T* a, const T* b, std::int64_t ldb,
                             T* sums, bool past) {
    constexpr std::int64_t depth = 16;
    const std::int64_t half = two_stream_half(k, depth, ldb, static_cast<std::int64_t>(sizeof(T)));
    // blocks below `half` take their partner `half` further on along; then on past both halves
    for (std::int64_t p0 = 0; p0 < k; p0 = p0 + depth == half ? 2 * half : p0 + depth) {
        const std::int64_t p1 = std::min(k, p0 + depth), gap = p0 < half ? half : 0;
        for (std::int64_t i = 0; i < m; i += thin_rows) {
            const T* ai = a + i * k;
            T* si = sums + i * n;
            with_rows<thin_rows>(m - i, [&](auto rows) { rows_times_rows<T, decltype(rows)::value>(n, k, p0, p1, gap, ai, b, ldb, si, past); });
        }
    }
}

/// C[M, n] = A·Bᵀ into `sums` [M][n], A packed [M][k], B stored [n][k] with unit stride along
/// k (a KV cache's keys): dot products, J rows of B at a time against the M rows of A, J·M
/// accumulators (as many as a vector has lanes, when M divides that), summed by one tree; as
/// two streams (two_stream_half) where J is even and B's rows are short: the first J/2 of a
/// block's rows from the first half of B, the others from the second. `past` as for
/// rows_times_rows.
template <typename T, int M>
void rows_times_columns(std::int64_t n, std::int64_t k, const T* a, const T* b, std::int64_t ldb, T* sums, bool past) {
    using V = typename simd_of<T>::type;
    constexpr int lanes = sizeof(V) / sizeof(T);
    constexpr int rows = M < lanes ? lanes / M : 1;  // rows of B at once
    const std::int64_t ahead = std::max<std::int64_t>(2 * rows, 4096 / (std::max<std::int64_t>(1, ldb) * static_cast<std::int64_t>(sizeof(T))) * 2);  // rows: some 8 KB
    const std::int64_t body = k / lanes * lanes;
    // rows j .. j + J - 1, the last J/2 of them `gap` further on
    auto columns = [&]<int J>(std::int64_t j, std::int64_t gap, std::integral_constant<int, J>) {
        std::int64_t row[J];
        for (int r = 0; r < J; ++r) row[r] = j + r + (2 * r >= J ? gap : 0);
        V acc[J * M] = {};
        bool fetch[J];  // past B's n rows only when read next (a step's cache is the first i of n rows)
        for (int r = 0; r < J; ++r) fetch[r] = past || row[r] + ahead < n;
        for (std::int64_t p = 0; p < body; p += lanes) {
#pragma GCC unroll 8
            for (int i = 0; i < M; ++i) {
                const V av = load(a + i * k + p);
#pragma GCC unroll 8
                for (int r = 0; r < J; ++r) acc[r * M + i] += av * load(b + row[r] * ldb + p);
            }
#pragma GCC unroll 8
            for (int r = 0; r < J; ++r)
                if (fetch[r]) __builtin_prefetch(b + (row[r] + ahead) * ldb + p);  // short rows: the hardware's prefetcher lags
        }
        T total[J * M];
        if constexpr (J * M == lanes) {
            const V all = lane_sums<T>(acc);
            for (int q = 0; q < lanes; ++q) total[q] = all[q];
        } else {
            for (int q = 0; q < J * M; ++q) total[q] = lane_sum<T>(acc[q]);
        }
        for (int r = 0; r < J; ++r)
            for (int i = 0; i < M; ++i) {
                T s = total[r * M + i];
                for (std::int64_t p = body; p < k; ++p) s += a[i * k + p] * b[row[r] * ldb + p];
                sums[i * n + row[r]] = s;
            }
    };
    const std::int64_t half = rows % 2 == 0 ? two_stream_half(n, rows / 2, ldb, static_cast<std::int64_t>(sizeof(T))) : 0;
    std::int64_t j = 0;
    for (; j < half; j += rows / 2) columns(j, half - rows / 2, std::integral_constant<int, rows>{});
    j += half;  // past the second half's rows too
    for (; j + rows <= n; j += rows) columns(j, 0, std::integral_constant<int, rows>{});
    for (; j < n; ++j) columns(j, 0, std::integral_constant<int, 1>{});
}

template <typename T>
void rows_times_columns_of(std::int64_t m, std::int64_t n, std::int64_t k, const T* a, const T* b, std::int64_t ldb, T* sums,
                           bool past) {
    with_rows<thin_rows>(m, [&](auto rows) { rows_times_columns<T, decltype(rows)::value>(n, k, a, b, ldb, sums, past); });
}

}  // namespace thin_detail

/// C[m, n] = β·C + A[m, k]·B[k, n] for m ≤ wide_rows, B with a unit stride (along n or k);
/// false when B has none. More than thin_rows rows go to heads_gemm where it takes them (B's
/// columns always; B's rows when narrow). A is copied into a packed buffer of the calling
/// thread ([m][k]) unless its rows are already that. `b_then_more`: the memory after B is read
/// next (a batch of contiguous B's: a window's keys for query after query), so the kernels
/// prefetch on past B's last row, where otherwise they stop at it.
template <typename T>
bool thin_gemm(std::int64_t m, std::int64_t n, std::int64_t k, const strided_matrix<const T>& a,
               const strided_matrix<const T>& b, T beta, const strided_matrix<T>& c, bool b_then_more = false) {
    if (m < 1 || m > wide_rows || (b.col != 1 && b.row != 1)) return false;
    if (m > thin_rows && heads_gemm_takes(m, n, b)) {
        heads_gemm<T>(m, n, k, a, b, beta, c);
        return true;
    }
    thread_local std::vector<T> packed, sums;
    sums.resize(static_cast<std::size_t>(m * n));
    T* s = sums.data();
    const T* rows = a.data;
    if (a.col != 1 || a.row != k) {
        packed.resize(static_cast<std::size_t>(m * k));
        for (std::int64_t i = 0; i < m; ++i)
            for (std::int64_t p = 0; p < k; ++p) packed[static_cast<std::size_t>(i * k + p)] = a(i, p);
        rows = packed.data();
    }
    if (b.col == 1) thin_detail::rows_times_rows_grouped<T>(m, n, k, rows, b.data, b.row, s, b_then_more);
    else thin_detail::rows_times_columns_of<T>(m, n, k, rows, b.data, b.col, s, b_then_more);
    for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t j = 0; j < n; ++j) thin_detail::put(c, i, j, beta, s[i * n + j]);
    return true;
}

}  // inline namespace ORDO_VECTOR_ISA
}  // namespace ordo::runtime::detail
