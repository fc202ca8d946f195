#pragma once
// Products with few rows: a decoding step's b tokens against a weight, one query against its
// KV cache, a window's query against its w keys. Reading B bounds them, and BLAS gemm is not
// made for them: it copies B into its panel layout at every call (reading B twice and writing
// it once), and for a product of a few kilobytes it spends longer dispatching than multiplying.
// These kernels read B once, in place, and keep the few rows of C in registers.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

namespace ordo::runtime::detail {

/// The most rows of C the thin kernels take: past that a product is bound by arithmetic, not
/// by reading B, and BLAS's blocking wins.
inline constexpr int thin_rows = 8;

/// The most rows of C the grouped kernels take (thin_rows at a time, or all at once against a
/// transposed B): MQA's 16 query heads against one cache.
inline constexpr int wide_rows = 2 * thin_rows;

/// A 32-byte vector of T (GCC's and Clang's vector extension; two SSE registers without AVX).
template <typename T>
struct simd_of {
    using type __attribute__((vector_size(32))) = T;
};

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

namespace thin_detail {

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
    if constexpr (sizeof(v) / sizeof(T) == 8) {
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
/// the sum of v[q] (three levels of pairwise shuffles for 8 lanes, two for 4).
template <typename T>
typename simd_of<T>::type lane_sums(const typename simd_of<T>::type* v) {
    if constexpr (sizeof(*v) / sizeof(T) == 8) {
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
/// lane q becomes lane r of v[q] (three levels of shuffles for 8 lanes, two for 4).
template <typename T>
void transpose(typename simd_of<T>::type* v) {
    if constexpr (sizeof(*v) / sizeof(T) == 8) {
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

/// C[i, j0 + j] = β·C + sums_t[j][i] for i < m, j < count: square blocks transposed in
/// registers and stored a vector at a time where C has unit stride along j, one by one
/// elsewhere (a scalar transpose costs as much as the product at depth 64).
template <typename T>
void put_transposed(const strided_matrix<T>& c, std::int64_t m, std::int64_t j0, std::int64_t count, T beta,
                    const T* sums_t, std::int64_t ld) {
    using V = typename simd_of<T>::type;
    constexpr int lanes = sizeof(V) / sizeof(T);
    std::int64_t j = 0;
    if (c.col == 1)
        for (; j + lanes <= count; j += lanes)
            for (std::int64_t i0 = 0; i0 < m; i0 += lanes) {  // sums_t has ld ≥ i0 + lanes columns
                V v[lanes];
                for (int r = 0; r < lanes; ++r) v[r] = load(sums_t + (j + r) * ld + i0);
                transpose<T>(v);
                for (std::int64_t q = 0; q < std::min<std::int64_t>(lanes, m - i0); ++q) {
                    T* row = &c(i0 + q, j0 + j);
                    if (beta != T(0)) v[q] += beta * load(row);  // beta = 0 never reads C
                    std::memcpy(row, &v[q], sizeof(V));
                }
            }
    for (; j < count; ++j)
        for (std::int64_t i = 0; i < m; ++i) put(c, i, j0 + j, beta, sums_t[j * ld + i]);
}

/// One block of `depth` rows of B, [p0, p1), of C[M, n] += A·B, A packed [M][k] (rows lda
/// apart), B with unit stride along n (rows ldb apart), read left to right (so `depth`
/// sequential streams, never a walk down a column that would touch a new page per row),
/// against a strip of columns whose M rows of sums stay in registers; the sums live in `sums`
/// [M][n] between blocks.
template <typename T, int M>
void rows_times_rows(std::int64_t n, std::int64_t lda, std::int64_t p0, std::int64_t p1, const T* a, const T* b,
                     std::int64_t ldb, T* sums) {
    using V = typename simd_of<T>::type;
    constexpr int lanes = sizeof(V) / sizeof(T);
    constexpr int tiles = M <= 2 ? 4 : M <= 4 ? 2 : 1;  // vectors per row of the strip: M·tiles accumulators
    constexpr int width = lanes * tiles;
    constexpr std::int64_t ahead = 128;
    const std::int64_t body = n / width * width;
    // what to prefetch: short rows (a KV cache's values) the next block, long rows further on
    const std::int64_t lead = ldb * static_cast<std::int64_t>(sizeof(T)) <= 1024 ? (p1 - p0) * ldb : ahead;
    for (std::int64_t j = 0; j < body; j += width) {
        V acc[M][tiles];
#pragma GCC unroll 8
        for (int i = 0; i < M; ++i)
#pragma GCC unroll 4
            for (int t = 0; t < tiles; ++t) acc[i][t] = p0 == 0 ? V{} : load(sums + i * n + j + t * lanes);
        for (std::int64_t p = p0; p < p1; ++p) {
            const T* row = b + p * ldb + j;
            __builtin_prefetch(row + lead);  // the hardware's prefetcher lags on this walk
            V bv[tiles];
#pragma GCC unroll 4
            for (int t = 0; t < tiles; ++t) bv[t] = load(row + t * lanes);
#pragma GCC unroll 8
            for (int i = 0; i < M; ++i) {
                const T s = a[i * lda + p];
#pragma GCC unroll 4
                for (int t = 0; t < tiles; ++t) acc[i][t] += s * bv[t];
            }
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
            sums[i * n + j] = s;
        }
}

/// rows_times_rows for up to wide_rows rows, thin_rows at a time within each block of B's rows:
/// the block (some kilobytes) is still in L1 for the second group, so B is read from memory
/// once, where two calls of 8 rows read it twice (MQA's 16 heads against the cached values).
template <typename T>
void rows_times_rows_grouped(std::int64_t m, std::int64_t n, std::int64_t k, const T* a, const T* b, std::int64_t ldb,
                             T* sums) {
    constexpr std::int64_t depth = 16;
    for (std::int64_t p0 = 0; p0 < k; p0 += depth) {
        const std::int64_t p1 = std::min(k, p0 + depth);
        for (std::int64_t i = 0; i < m; i += thin_rows) {
            const T* ai = a + i * k;
            T* si = sums + i * n;
            with_rows<thin_rows>(m - i, [&](auto rows) { rows_times_rows<T, decltype(rows)::value>(n, k, p0, p1, ai, b, ldb, si); });
        }
    }
}

/// Cᵀ[n, wide_rows] = B·Aᵀ for B stored [n][k] with unit stride along k and short rows (MQA's
/// 16 heads against its cached keys, k = 64): each element of B is broadcast against a row of
/// Aᵀ (packed [k][wide_rows], zero past the m rows of A), so all rows of C are summed at once,
/// J rows of B at a time, with no lane sums and B read once. Writes Cᵀ into sums_t.
template <typename T>
void columns_times_heads(std::int64_t n, std::int64_t k, const T* at, const T* b, std::int64_t ldb, T* sums_t) {
    using V = typename simd_of<T>::type;
    constexpr int vectors = static_cast<int>(wide_rows * sizeof(T) / sizeof(V));  // per row of Aᵀ
    constexpr int rows = 12 / vectors;  // rows of B at once: 12 accumulators of the 16 registers
    constexpr std::int64_t ahead = 4 * rows;
    auto block = [&]<int J>(std::int64_t j, std::integral_constant<int, J>) {
        for (int r = 0; r < J; ++r)  // short rows: the hardware's prefetcher lags
            for (std::int64_t q = 0; q < k; q += std::int64_t{64} / static_cast<std::int64_t>(sizeof(T)))
                __builtin_prefetch(b + (j + r + ahead) * ldb + q);
        V acc[J][vectors] = {};
        for (std::int64_t p = 0; p < k; ++p) {
            V av[vectors];
#pragma GCC unroll 4
            for (int v = 0; v < vectors; ++v) av[v] = load(at + p * wide_rows + v * (sizeof(V) / sizeof(T)));
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
    for (; j < n; ++j) block(j, std::integral_constant<int, 1>{});
}

/// C[M, n] = A·Bᵀ into `sums` [M][n], A packed [M][k], B stored [n][k] with unit stride along
/// k (a KV cache's keys): dot products, J rows of B at a time against the M rows of A, J·M
/// accumulators (as many as a vector has lanes, when M divides that), summed by one tree.
template <typename T, int M>
void rows_times_columns(std::int64_t n, std::int64_t k, const T* a, const T* b, std::int64_t ldb, T* sums) {
    using V = typename simd_of<T>::type;
    constexpr int lanes = sizeof(V) / sizeof(T);
    constexpr int rows = M < lanes ? lanes / M : 1;  // rows of B at once
    const std::int64_t ahead = std::max<std::int64_t>(2 * rows, 4096 / (std::max<std::int64_t>(1, ldb) * static_cast<std::int64_t>(sizeof(T))) * 2);  // rows: some 8 KB
    const std::int64_t body = k / lanes * lanes;
    auto columns = [&]<int J>(std::int64_t j, std::integral_constant<int, J>) {
        V acc[J * M] = {};
        for (std::int64_t p = 0; p < body; p += lanes) {
#pragma GCC unroll 8
            for (int i = 0; i < M; ++i) {
                const V av = load(a + i * k + p);
#pragma GCC unroll 8
                for (int r = 0; r < J; ++r) acc[r * M + i] += av * load(b + (j + r) * ldb + p);
            }
#pragma GCC unroll 8
            for (int r = 0; r < J; ++r) __builtin_prefetch(b + (j + r + ahead) * ldb + p);  // short rows: the hardware's prefetcher lags
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
                for (std::int64_t p = body; p < k; ++p) s += a[i * k + p] * b[(j + r) * ldb + p];
                sums[i * n + j + r] = s;
            }
    };
    std::int64_t j = 0;
    for (; j + rows <= n; j += rows) columns(j, std::integral_constant<int, rows>{});
    for (; j < n; ++j) columns(j, std::integral_constant<int, 1>{});
}

template <typename T>
void rows_times_columns_of(std::int64_t m, std::int64_t n, std::int64_t k, const T* a, const T* b, std::int64_t ldb, T* sums) {
    with_rows<thin_rows>(m, [&](auto rows) { rows_times_columns<T, decltype(rows)::value>(n, k, a, b, ldb, sums); });
}

}  // namespace thin_detail

/// C[m, n] = β·C + A[m, k]·B[k, n] for m ≤ wide_rows, B with a unit stride (along n or k);
/// false when B has none. A is copied into a packed buffer of the calling thread ([m][k], or
/// [k][wide_rows] for columns_times_heads).
template <typename T>
bool thin_gemm(std::int64_t m, std::int64_t n, std::int64_t k, const strided_matrix<const T>& a,
               const strided_matrix<const T>& b, T beta, const strided_matrix<T>& c) {
    if (m < 1 || m > wide_rows || (b.col != 1 && b.row != 1)) return false;
    thread_local std::vector<T> packed, sums;
    sums.resize(static_cast<std::size_t>(std::max<std::int64_t>(m, wide_rows) * n));
    T* s = sums.data();
    if (b.col != 1 && m > thin_rows) {  // all rows at once against B's columns: Cᵀ in sums
        packed.assign(static_cast<std::size_t>(k * wide_rows), T(0));
        for (std::int64_t i = 0; i < m; ++i)
            for (std::int64_t p = 0; p < k; ++p) packed[static_cast<std::size_t>(p * wide_rows + i)] = a(i, p);
        // columns of C per pass (their sums stay in L1): a multiple of the rows columns_times_heads
        // takes at once (6 for float, 3 for double) and of the 8 × 8 blocks put_transposed moves,
        // so that no column is left to its one-row remainder (64 left 4 of each 64, a quarter of
        // the time: one row at a time runs on 2 accumulators, bound by the FMA latency)
        constexpr std::int64_t tile = 96;
        for (std::int64_t j0 = 0; j0 < n; j0 += tile) {
            const std::int64_t count = std::min(tile, n - j0);
            thin_detail::columns_times_heads<T>(count, k, packed.data(), b.data + j0 * b.col, b.col, s);
            thin_detail::put_transposed(c, m, j0, count, beta, s, wide_rows);
        }
        return true;
    }
    const T* rows = a.data;
    if (a.col != 1 || a.row != k) {
        packed.resize(static_cast<std::size_t>(m * k));
        for (std::int64_t i = 0; i < m; ++i)
            for (std::int64_t p = 0; p < k; ++p) packed[static_cast<std::size_t>(i * k + p)] = a(i, p);
        rows = packed.data();
    }
    if (b.col == 1) thin_detail::rows_times_rows_grouped<T>(m, n, k, rows, b.data, b.row, s);
    else thin_detail::rows_times_columns_of<T>(m, n, k, rows, b.data, b.col, s);
    for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t j = 0; j < n; ++j) thin_detail::put(c, i, j, beta, s[i * n + j]);
    return true;
}

}  // namespace ordo::runtime::detail
