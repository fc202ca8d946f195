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
#include <vector>

namespace ordo::runtime::detail {

/// The most rows of C the thin kernels take: past that a product is bound by arithmetic, not
/// by reading B, and BLAS's blocking wins.
inline constexpr int thin_rows = 8;

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

/// C[M, n] = β·C + A·B, A packed [M][k], B with unit stride along n (rows ldb apart). B is read
/// a block of `depth` rows at a time, left to right (so `depth` sequential streams, never a
/// walk down a column that would touch a new page per row), against a strip of columns whose
/// M rows of sums stay in registers; the sums live in `sums` [M][n] between blocks.
template <typename T, int M>
void rows_times_rows(std::int64_t n, std::int64_t k, const T* a, const T* b, std::int64_t ldb, T* sums) {
    using V = typename simd_of<T>::type;
    constexpr int lanes = sizeof(V) / sizeof(T);
    constexpr int tiles = M <= 2 ? 4 : M <= 4 ? 2 : 1;  // vectors per row of the strip: M·tiles accumulators
    constexpr int width = lanes * tiles;
    constexpr std::int64_t depth = 16, ahead = 128;
    const std::int64_t body = n / width * width;
    // what to prefetch: short rows (a KV cache's values) the next block, long rows further on
    const std::int64_t lead = ldb * static_cast<std::int64_t>(sizeof(T)) <= 1024 ? depth * ldb : ahead;
    for (std::int64_t p0 = 0; p0 < k; p0 += depth) {
        const std::int64_t p1 = std::min(k, p0 + depth);
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
                    const T s = a[i * k + p];
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
                for (std::int64_t p = p0; p < p1; ++p) s += a[i * k + p] * b[p * ldb + j];
                sums[i * n + j] = s;
            }
    }
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

template <typename T, int M>
void thin_rows_of(std::int64_t n, std::int64_t k, const T* a, const strided_matrix<const T>& b, T* sums) {
    if (b.col == 1) rows_times_rows<T, M>(n, k, a, b.data, b.row, sums);
    else rows_times_columns<T, M>(n, k, a, b.data, b.col, sums);
}

}  // namespace thin_detail

/// C[m, n] = β·C + A[m, k]·B[k, n] for m ≤ thin_rows, B with a unit stride (along n or k);
/// false when B has none. A is copied into a packed [m][k] buffer of the calling thread.
template <typename T>
bool thin_gemm(std::int64_t m, std::int64_t n, std::int64_t k, const strided_matrix<const T>& a,
               const strided_matrix<const T>& b, T beta, const strided_matrix<T>& c) {
    if (m < 1 || m > thin_rows || (b.col != 1 && b.row != 1)) return false;
    thread_local std::vector<T> packed, sums;
    const T* rows = a.data;
    if (a.col != 1 || a.row != k) {
        packed.resize(static_cast<std::size_t>(m * k));
        for (std::int64_t i = 0; i < m; ++i)
            for (std::int64_t p = 0; p < k; ++p) packed[static_cast<std::size_t>(i * k + p)] = a(i, p);
        rows = packed.data();
    }
    sums.resize(static_cast<std::size_t>(m * n));
    T* s = sums.data();
    switch (m) {
        case 1: thin_detail::thin_rows_of<T, 1>(n, k, rows, b, s); break;
        case 2: thin_detail::thin_rows_of<T, 2>(n, k, rows, b, s); break;
        case 3: thin_detail::thin_rows_of<T, 3>(n, k, rows, b, s); break;
        case 4: thin_detail::thin_rows_of<T, 4>(n, k, rows, b, s); break;
        case 5: thin_detail::thin_rows_of<T, 5>(n, k, rows, b, s); break;
        case 6: thin_detail::thin_rows_of<T, 6>(n, k, rows, b, s); break;
        case 7: thin_detail::thin_rows_of<T, 7>(n, k, rows, b, s); break;
        default: thin_detail::thin_rows_of<T, 8>(n, k, rows, b, s); break;
    }
    for (std::int64_t i = 0; i < m; ++i)
        for (std::int64_t j = 0; j < n; ++j) thin_detail::put(c, i, j, beta, sums[static_cast<std::size_t>(i * n + j)]);
    return true;
}

}  // namespace ordo::runtime::detail
