#pragma once
// A decoding step's query heads against a cache they share: MQA's 16 heads against one head's
// keys and values, MLA's against its latent cache. C has 9 to 16 rows (the heads) and A's rows
// are a few kilobytes; B is the cache, read once. Both products keep every head's sums in
// registers, so each element of the cache, loaded once, meets all the heads:
// - scores, C[h, j] = Σ_p A[h, p]·B[j, p] (a key per row of B): 6 keys × 16 heads at once,
//   a key's element broadcast against a row of Aᵀ (the heads packed side by side), Cᵀ staged
//   for 96 keys in L1 and stored as rows of C through register transposes (8 keys × 8 heads,
//   transposed as they are summed, measured no faster at depth 64 and slower at 256: 8
//   accumulators, against 12 here);
// - mixing, C[h, j] = Σ_p A[h, p]·B[p, j] (a value per row of B): tiles of 6 heads × 2 vectors
//   of B's row, A read in place (no packing: transposing A cost as much as a fifth of the
//   product, measured), C summed over blocks of B's rows that L1 holds.

#include "simd_block.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace ordo::runtime::detail {
inline namespace ORDO_VECTOR_ISA {

/// The most rows of C the heads kernels take: MQA's 16 query heads against one cache.
inline constexpr int wide_rows = 16;

namespace heads_detail {

/// C[i, j0 + j] = β·C + sums_t[j][i] for i < m, j < count: blocks of lanes × lanes transposed
/// in registers and stored a vector at a time where C has unit stride along j, one by one
/// elsewhere. A group of lanes heads at a time over all the columns, so that each line of C's
/// rows is whole before the next group's rows (C's rows 2^k floats apart share L1's sets: the
/// other order, all heads per block of columns, took half again as long, measured).
template <typename T>
void put_transposed(const strided_matrix<T>& c, std::int64_t m, std::int64_t j0, std::int64_t count, T beta,
                    const T* sums_t) {
    using V = typename simd_of<T>::type;
    constexpr int lanes = sizeof(V) / sizeof(T);
    const std::int64_t body = c.col == 1 ? count / lanes * lanes : 0;
    for (std::int64_t i0 = 0; i0 < m; i0 += lanes)
        for (std::int64_t j = 0; j < body; j += lanes) {
            V v[lanes];
            for (int r = 0; r < lanes; ++r) v[r] = thin_detail::load(sums_t + (j + r) * wide_rows + i0);
            thin_detail::transpose<T>(v);
            for (std::int64_t q = 0; q < std::min<std::int64_t>(lanes, m - i0); ++q) {
                T* row = &c(i0 + q, j0 + j);
                if (beta != T(0)) v[q] += beta * thin_detail::load(row);  // β = 0 never reads C
                std::memcpy(row, &v[q], sizeof(V));
            }
        }
    for (std::int64_t j = body; j < count; ++j)
        for (std::int64_t i = 0; i < m; ++i) thin_detail::put(c, i, j0 + j, beta, sums_t[j * wide_rows + i]);
}

/// Cᵀ[n, wide_rows] = B·Aᵀ into sums_t, B's rows the keys ([n][k], unit stride along k), Aᵀ
/// packed [k][wide_rows] (zero past the m heads): each element of a key broadcast against a
/// row of Aᵀ, J keys × wide_rows heads summed at once in 12 of the 16 vector registers.
template <typename T>
void keys_times_heads(std::int64_t n, std::int64_t k, const T* at, const T* b, std::int64_t ldb, T* sums_t) {
    using V = typename simd_of<T>::type;
    constexpr int vectors = static_cast<int>(wide_rows * sizeof(T) / sizeof(V));  // per row of Aᵀ
    constexpr int rows = 12 / vectors;  // keys at once
    constexpr std::int64_t ahead = 4 * rows;
    auto block = [&]<int J>(std::int64_t j, std::integral_constant<int, J>) {
        // short rows, which the hardware's prefetcher lags on; the address as an integer, since
        // it may lie past the cache (prefetches never fault)
        const std::uintptr_t next = reinterpret_cast<std::uintptr_t>(b) + static_cast<std::uintptr_t>((j + ahead) * ldb) * sizeof(T);
        for (std::int64_t r = 0; r < J; ++r)
            for (std::int64_t q = 0; q < k; q += std::int64_t{64} / static_cast<std::int64_t>(sizeof(T)))
                __builtin_prefetch(reinterpret_cast<const void*>(next + static_cast<std::uintptr_t>(r * ldb + q) * sizeof(T)));
        V acc[J][vectors] = {};
        for (std::int64_t p = 0; p < k; ++p) {
            V av[vectors];
#pragma GCC unroll 4
            for (int v = 0; v < vectors; ++v) av[v] = thin_detail::load(at + p * wide_rows + v * (sizeof(V) / sizeof(T)));
#pragma GCC unroll 8
            for (int r = 0; r < J; ++r) {
                const T s = b[(j + r) * ldb + p];
#pragma GCC unroll 4
                for (int v = 0; v < vectors; ++v) acc[r][v] += s * av[v];
            }
        }
        for (int r = 0; r < J; ++r) std::memcpy(sums_t + (j + r) * wide_rows, acc[r], sizeof acc[r]);
    };
    std::int64_t j = 0;
    for (; j + rows <= n; j += rows) block(j, std::integral_constant<int, rows>{});
    if (j < n) with_rows<rows>(n - j, [&](auto rest) { block(j, rest); });
}

/// C[i, j] = β·C + Σ_p A[i, p]·B[j, p] for the m ≤ wide_rows heads, B's rows the keys (unit
/// stride along k), Aᵀ packed [k][wide_rows] (zero past the m heads), for vectors of 16 lanes
/// (AVX-512), where keys_times_heads' broadcasts of the keys' elements run no faster than at 8
/// (16 heads against keys of 64 floats in L2, one Zen 5 core: 98 GFLOP/s, against 101 at 8
/// lanes): each block of 16 keys × 16 elements is transposed in registers and put in L1, then
/// each head's element broadcast against a vector of one element of the 16 keys, the sums of 16
/// keys for every head in 16 registers, stored as rows of C (168 GFLOP/s there). Prefetched as
/// the thin kernels do: short rows a block or more ahead, long rows further along the same rows.
template <typename T>
void keys_transposed(std::int64_t m, std::int64_t n, std::int64_t k, const T* at, const T* b, std::int64_t ldb, T beta,
                     const strided_matrix<T>& c) {
    using V = typename simd_of<T>::type;
    constexpr int lanes = sizeof(V) / sizeof(T);
    const bool short_rows = ldb * static_cast<std::int64_t>(sizeof(T)) <= 1024;
    const std::int64_t ahead = short_rows ? std::max<std::int64_t>(lanes, 8192 / (std::max<std::int64_t>(1, ldb) * static_cast<std::int64_t>(sizeof(T))))
                                          : 4 * lanes;  // rows further on, or elements further along
    const std::int64_t keys = n / lanes * lanes, body = k / lanes * lanes;
    alignas(64) V kt[lanes];
    for (std::int64_t j = 0; j < keys; j += lanes) {
        V acc[wide_rows] = {};
        const bool fetch = j + ahead + lanes <= n;  // never past B's n rows: a step's cache is the first i of n
        for (std::int64_t p0 = 0; p0 < body; p0 += lanes) {
            V v[lanes];
#pragma GCC unroll 16
            for (int r = 0; r < lanes; ++r) {
                const T* row = b + (j + r) * ldb + p0;
                v[r] = thin_detail::load(row);
                if (!short_rows) __builtin_prefetch(row + ahead);
                else if (fetch) __builtin_prefetch(row + ahead * ldb);
            }
            thin_detail::transpose<T>(v);
            std::memcpy(kt, v, sizeof v);  // through L1: the transpose's and the sums' registers together are more than 32
#pragma GCC unroll 16
            for (int q = 0; q < lanes; ++q) {
                const V keys_q = kt[q];
                const T* heads = at + (p0 + q) * wide_rows;
#pragma GCC unroll 16
                for (int i = 0; i < wide_rows; ++i) acc[i] += heads[i] * keys_q;
            }
        }
        if (body == k && beta == T(0) && c.col == 1) {  // rows of C as they are
            for (int i = 0; i < m; ++i) std::memcpy(&c(i, j), &acc[i], sizeof(V));
            continue;
        }
        for (int i = 0; i < m; ++i) {
            T sums[lanes];
            std::memcpy(sums, &acc[i], sizeof(V));
            for (int r = 0; r < lanes; ++r) {
                for (std::int64_t p = body; p < k; ++p) sums[r] += at[p * wide_rows + i] * b[(j + r) * ldb + p];
                thin_detail::put(c, i, j + r, beta, sums[r]);
            }
        }
    }
    for (std::int64_t j = keys; j < n; ++j)  // the keys past the last whole block
        for (std::int64_t i = 0; i < m; ++i) {
            T s = 0;
            for (std::int64_t p = 0; p < k; ++p) s += at[p * wide_rows + i] * b[j * ldb + p];
            thin_detail::put(c, i, j, beta, s);
        }
}

/// Keys per pass: their sums (6 KiB of float) stay in L1 until put_transposed moves them; a
/// multiple of the keys keys_times_heads takes at once (6 of float, 3 of double) and of the
/// lanes × lanes blocks put_transposed moves.
inline constexpr std::int64_t keys_per_pass = 96;

/// Rows of C per mixing tile (its sums held in 12 of the 16 vector registers), and rows of B
/// per block (a tile's 2 vectors of them, 8 KiB of float, stay in L1 for every tile of heads).
inline constexpr int mix_rows = 6;
inline constexpr std::int64_t mix_depth = 128;

/// Heads [i, i + M) × columns [j, j + 2·lanes) of C's sums (rows ld apart) over B's rows
/// [p0, p1): A(i, p) broadcast against two vectors of B's row p; the sums start from `sums`
/// past the first block.
template <typename T, int M>
void values_tile(const strided_matrix<const T>& a, const T* b, std::int64_t ldb, std::int64_t p0, std::int64_t p1,
                 std::int64_t i, std::int64_t j, T* sums, std::int64_t ld) {
    using V = typename simd_of<T>::type;
    constexpr int lanes = sizeof(V) / sizeof(T);
    V acc[M][2];
    for (int r = 0; r < M; ++r)
        for (int v = 0; v < 2; ++v) acc[r][v] = p0 == 0 ? V{} : thin_detail::load(sums + (i + r) * ld + j + v * lanes);
    for (std::int64_t p = p0; p < p1; ++p) {
        const V b0 = thin_detail::load(b + p * ldb + j), b1 = thin_detail::load(b + p * ldb + j + lanes);
#pragma GCC unroll 6
        for (int r = 0; r < M; ++r) {
            const T s = a(i + r, p);
            acc[r][0] += s * b0;
            acc[r][1] += s * b1;
        }
    }
    for (int r = 0; r < M; ++r) std::memcpy(sums + (i + r) * ld + j, acc[r], sizeof acc[r]);
}

/// sums[m][n] = A·B (sums' rows ld apart), B with unit stride along n and n a multiple of
/// 2·lanes.
template <typename T>
void heads_times_values(std::int64_t m, std::int64_t n, std::int64_t k, const strided_matrix<const T>& a, const T* b,
                        std::int64_t ldb, T* sums, std::int64_t ld) {
    constexpr int width = 2 * static_cast<int>(sizeof(typename simd_of<T>::type) / sizeof(T));
    for (std::int64_t p0 = 0; p0 < k; p0 += mix_depth) {
        const std::int64_t p1 = std::min(k, p0 + mix_depth);
        for (std::int64_t j = 0; j < n; j += width)
            for (std::int64_t i = 0; i < m; i += mix_rows)
                with_rows<mix_rows>(m - i, [&](auto rows) { values_tile<T, decltype(rows)::value>(a, b, ldb, p0, p1, i, j, sums, ld); });
    }
}

/// at[p][wide_rows] = A(i, p) for i < m, zero past m: blocks of lanes × lanes transposed in
/// registers where A's rows are contiguous (a decoding step packs its query heads at every
/// call, so the scalar loop cost as much as a product over a hundred keys), one by one
/// elsewhere.
template <typename T>
void pack_heads(std::int64_t m, std::int64_t k, const strided_matrix<const T>& a, T* at) {
    using V = typename simd_of<T>::type;
    constexpr int lanes = sizeof(V) / sizeof(T);
    std::int64_t p = 0;
    if (a.col == 1)
        for (; p + lanes <= k; p += lanes)
            for (std::int64_t i0 = 0; i0 < wide_rows; i0 += lanes) {
                V v[lanes];
                for (int r = 0; r < lanes; ++r) v[r] = i0 + r < m ? thin_detail::load(&a(i0 + r, p)) : V{};
                thin_detail::transpose<T>(v);
                for (int q = 0; q < lanes; ++q) std::memcpy(at + (p + q) * wide_rows + i0, &v[q], sizeof(V));
            }
    for (; p < k; ++p)
        for (std::int64_t i = 0; i < wide_rows; ++i) at[p * wide_rows + i] = i < m ? a(i, p) : T(0);
}

}  // namespace heads_detail

/// Whether heads_gemm takes the product: up to wide_rows rows of C, and B either keys (unit
/// stride along k) or values (unit stride along n) of at most `values_width` columns, a
/// multiple of the tile's 2 vectors (head widths: 64, 128; MLA's latent 256).
inline constexpr std::int64_t values_width = 256;
template <typename T>
bool heads_gemm_takes(std::int64_t m, std::int64_t n, const strided_matrix<const T>& b) {
    constexpr std::int64_t width = 2 * static_cast<std::int64_t>(sizeof(typename simd_of<T>::type) / sizeof(T));
    if (m < 1 || m > wide_rows) return false;
    if (b.row == 1) return true;
    return b.col == 1 && n % width == 0 && n <= values_width;
}

/// C[m, n] = β·C + A[m, k]·B[k, n] where heads_gemm_takes the product, on the calling thread.
template <typename T>
void heads_gemm(std::int64_t m, std::int64_t n, std::int64_t k, const strided_matrix<const T>& a,
                const strided_matrix<const T>& b, T beta, const strided_matrix<T>& c) {
    thread_local std::vector<T> buffer;
    if (b.row == 1) {  // keys: Aᵀ packed, zero past the m heads
        buffer.resize(static_cast<std::size_t>(k * wide_rows));
        heads_detail::pack_heads(m, k, a, buffer.data());
        if constexpr (sizeof(typename simd_of<T>::type) / sizeof(T) >= 16)
            return heads_detail::keys_transposed<T>(m, n, k, buffer.data(), b.data, b.col, beta, c);
        thread_local std::vector<T> sums_t(heads_detail::keys_per_pass * wide_rows);
        for (std::int64_t j0 = 0; j0 < n; j0 += heads_detail::keys_per_pass) {
            const std::int64_t count = std::min(heads_detail::keys_per_pass, n - j0);
            heads_detail::keys_times_heads<T>(count, k, buffer.data(), b.data + j0 * b.col, b.col, sums_t.data());
            heads_detail::put_transposed(c, m, j0, count, beta, sums_t.data());
        }
        return;
    }
    if (beta == T(0) && c.col == 1)  // values: summed in C itself
        return heads_detail::heads_times_values<T>(m, n, k, a, b.data, b.row, c.data, c.row);
    buffer.resize(static_cast<std::size_t>(m * n));  // or summed apart, then added to β·C
    heads_detail::heads_times_values<T>(m, n, k, a, b.data, b.row, buffer.data(), n);
    for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t j = 0; j < n; ++j) thin_detail::put(c, i, j, beta, buffer[static_cast<std::size_t>(i * n + j)]);
}

}  // inline namespace ORDO_VECTOR_ISA
}  // namespace ordo::runtime::detail
