#pragma once
// Products whose shape BLAS serves badly: shallow ones (attention scores, C[n, n] = Q·Kᵀ at
// depth 64) and narrow ones (mixing, C[n, 64] = P·V over the n positions). At depth 64 BLAS
// spends as long packing its operands and zeroing C (a pass of its own for β = 0) as
// multiplying, and its stores of C read each line of C in first, which for a C of megabytes
// costs as much memory time as the arithmetic. Here B is packed once, in panels of 48 KiB, A is
// read in place, each tile of C (6 rows × 2 vectors) is summed in registers over a panel's
// depth, and a C written once goes out with non-temporal stores. A product one panel deep
// passes each sliver of B over a block of A's rows; a deeper one passes a tile's rows of A over
// a panel and sums a block of C's rows over every panel before the next.

#include "stream_store.hpp"
#include "thin_gemm.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

namespace ordo::runtime::detail {

namespace panel_detail {

/// Rows of C per tile (its sums held in 2·tile_rows of the 16 vector registers).
inline constexpr int tile_rows = 6;

/// Depth summed per packed panel of B, and the bytes of one panel: each tile of 6 rows sweeps
/// the whole panel, so the panel stays in the cache nearest the registers that holds it beside
/// A's rows and C's tile. 48 KiB: with 192 KiB (an L2's share) the traffic past a 64 KiB cache
/// grew as n³ (standard attention's scores at depth 16 re-read a 128 KiB panel per 6 rows: 121
/// MB simulated at n = 2048 against bytes_moved's 68 MB), and on the 2-core EPYC 48 KiB
/// measured as fast or faster (kernel_benchmark attention_scores 63-75 against 67-78 ms,
/// attention_mix 57-59 against 59-87 ms, 3 interleaved runs).
inline constexpr std::int64_t panel_depth = 256, panel_bytes = std::int64_t{48} << 10;

/// *p = v, a non-temporal store where `stream` (p 32-byte aligned) and the build has AVX. By
/// value: a kernel that took its sums' address would keep them in memory, not in registers.
template <typename T, typename V>
void put_vector(T* p, V v, bool stream) {
#if defined(__AVX__)
    if (stream) {
        if constexpr (std::is_same_v<T, float>) return _mm256_stream_ps(p, reinterpret_cast<__m256>(v));
        if constexpr (std::is_same_v<T, double>) return _mm256_stream_pd(p, reinterpret_cast<__m256d>(v));
    }
#endif
    static_cast<void>(stream);
    std::memcpy(p, &v, sizeof v);
}

/// C[0, M) × [0, width) of one tile: Σ over p < depth of A(i, p)·Bp[p][·], Bp a packed sliver
/// of 2 vectors per row. `first`: C holds nothing yet of this product (β·C is added, or nothing
/// when β = 0); otherwise the sums add to C. `stream`: full-width rows go out with
/// non-temporal stores (C is written once and not read soon). Every loop over the M rows is
/// unrolled: one that is not indexes the sums by a variable, which keeps them in memory (a
/// `rep stos` zeroing them took a fifth of a depth-32 tile's time).
template <typename T, int M>
void tile(std::int64_t depth, const strided_matrix<const T>& a, const T* bp, const strided_matrix<T>& c,
          std::int64_t width, T beta, bool first, bool stream) {
    using V = typename simd_of<T>::type;
    constexpr int lanes = sizeof(V) / sizeof(T);
    V acc[M][2] = {};
#pragma GCC unroll 4
    for (std::int64_t p = 0; p < depth; ++p) {
        const V b0 = thin_detail::load(bp + p * 2 * lanes), b1 = thin_detail::load(bp + p * 2 * lanes + lanes);
#pragma GCC unroll 6
        for (int i = 0; i < M; ++i) {
            const T s = a(i, p);
            acc[i][0] += s * b0;
            acc[i][1] += s * b1;
        }
    }
    const T scale = first ? beta : T(1);
    if (width == 2 * lanes && c.col == 1) {
#pragma GCC unroll 6
        for (int i = 0; i < M; ++i) {
            T* row = &c(i, 0);
            if (scale != T(0)) {  // β = 0 never reads C (it may be unset)
                acc[i][0] += scale * thin_detail::load(row);
                acc[i][1] += scale * thin_detail::load(row + lanes);
            }
            const bool aligned = stream && reinterpret_cast<std::uintptr_t>(row) % sizeof(V) == 0;
            put_vector(row, acc[i][0], aligned);
            put_vector(row + lanes, acc[i][1], aligned);
        }
        return;
    }
#pragma GCC unroll 6
    for (int i = 0; i < M; ++i) {
        T sums[2 * lanes];
        put_vector(sums, acc[i][0], false);
        put_vector(sums + lanes, acc[i][1], false);
        for (std::int64_t j = 0; j < width; ++j) {
            T& x = c(i, j);
            x = scale == T(0) ? sums[j] : scale * x + sums[j];
        }
    }
}

/// Tiles of rows [0, M) against `count` consecutive slivers of one panel (`width` columns in
/// all, the last sliver possibly partial), in one call: at depth 32 a call per sliver spent a
/// sixth of the product's time entering and leaving.
template <typename T, int M>
void tiles(std::int64_t depth, const strided_matrix<const T>& a, const T* bp, const strided_matrix<T>& c,
           std::int64_t width, T beta, bool first, bool stream) {
    constexpr std::int64_t sliver = 2 * static_cast<std::int64_t>(sizeof(typename simd_of<T>::type) / sizeof(T));
    for (std::int64_t j = 0; j < width; j += sliver, bp += depth * sliver)
        tile<T, M>(depth, a, bp, strided_matrix<T>{&c(0, j), c.row, c.col}, std::min(sliver, width - j), beta, first, stream);
}

/// Rows of C per block whose tiles are summed over every panel of depth before the next block:
/// the block's sums (at most 96 rows of a panel's width) stay in L2 between the panels.
inline constexpr std::int64_t block_rows = 16 * tile_rows;

/// Bytes of A's rows that stay in cache while every sliver of a one-panel-deep product passes
/// over them. Sliver by sliver, C's writes over the block's rows land in one column of lines:
/// where C's rows are a power of two apart (n = 2048 floats: 8 KiB, a 64 KiB 8-way cache's
/// whole set span), they fall in one cache set, which costs the block at most a line per set.
/// Tile by tile across a wide panel (the order before), those writes filled every set the panel
/// used and evicted a quarter of it per tile: standard attention's scores at n = 2048, d = 16
/// read 14 to 18 MB through a simulated 64 KiB cache where Q and K are 0.26 MB.
inline constexpr std::int64_t shallow_block_bytes = std::int64_t{24} << 10;

/// Slivers of B a tile of a one-panel-deep product passes over in one call: its C rows' writes
/// stay within 4 lines each (the cache sets the block's order keeps them to, see above).
inline constexpr std::int64_t shallow_group = 4;

/// Rows of A per block of a one-panel-deep product of depth k: what shallow_block_bytes holds,
/// in whole tiles, at least one.
inline std::int64_t shallow_block_rows(std::int64_t k, std::size_t element_bytes) {
    const std::int64_t rows = shallow_block_bytes / (std::max<std::int64_t>(1, k) * static_cast<std::int64_t>(element_bytes));
    return std::max<std::int64_t>(tile_rows, rows / tile_rows * tile_rows);
}

/// B[p0, p0 + depth) × [j0, j0 + width) into slivers of 2 vectors' width, [sliver][p][2·lanes],
/// the last sliver zero past `width`; returns the end of what it wrote.
template <typename T>
T* pack_panel(const strided_matrix<const T>& b, std::int64_t p0, std::int64_t depth, std::int64_t j0,
              std::int64_t width, T* o) {
    using V = typename simd_of<T>::type;
    constexpr std::int64_t lanes = sizeof(V) / sizeof(T), sliver = 2 * lanes;
    for (std::int64_t j = j0; j < j0 + width; j += sliver) {
        const std::int64_t w = std::min(sliver, j0 + width - j);
        std::int64_t p = 0;
        if (b.row == 1 && w == sliver)  // B's columns contiguous (Kᵀ): square blocks transposed in registers
            for (; p + lanes <= depth; p += lanes, o += lanes * sliver)
                for (std::int64_t half = 0; half < 2; ++half) {
                    V v[lanes];
                    for (std::int64_t q = 0; q < lanes; ++q) v[q] = thin_detail::load(&b(p0 + p, j + half * lanes + q));
                    thin_detail::transpose<T>(v);
                    for (std::int64_t r = 0; r < lanes; ++r) std::memcpy(o + r * sliver + half * lanes, &v[r], sizeof(V));
                }
        for (; p < depth; ++p, o += sliver) {
            const T* from = &b(p0 + p, j);
            if (b.col == 1 && w == sliver) std::memcpy(o, from, sizeof(T) * sliver);
            else {
                for (std::int64_t q = 0; q < w; ++q) o[q] = from[q * b.col];
                std::fill(o + w, o + sliver, T(0));
            }
        }
    }
    return o;
}

}  // namespace panel_detail

/// Shallow (k ≤ 128) or narrow (n ≤ 128) products C[m, n] = A[m, k]·B[k, n], with C of at
/// least two tiles' rows and 16 columns: the shapes panel_gemm is for.
inline bool panel_gemm_shape(std::int64_t m, std::int64_t n, std::int64_t k) {
    return m >= 2 * panel_detail::tile_rows && n >= 16 && (k <= 128 || n <= 128);
}

/// Whether this CPU has vectors wider than panel_gemm's 32 bytes (AVX-512), which BLAS uses:
/// there BLAS does twice the arithmetic per instruction and keeps these products.
inline bool cpu_has_wider_vectors() {
#if defined(__x86_64__) || defined(__i386__)
    static const bool wider = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") != 0;
    }();
    return wider;
#else
    return false;
#endif
}

/// Whether panel_gemm serves the product better than BLAS (measured on a 2-core AMD EPYC with
/// AVX2, b=4, n=1024, h=16: MHA's scores 0.68–0.70 → 0.74–0.77 of the roofline, its mixing
/// 0.65–0.74 → 0.80–0.83, standard attention's scores at n=4096 0.59–0.68 → 0.74–0.87).
inline bool panel_gemm_suits(std::int64_t m, std::int64_t n, std::int64_t k) {
    return panel_gemm_shape(m, n, k) && !cpu_has_wider_vectors();
}

/// C[m, n] = β·C + A[m, k]·B[k, n], any strides, on the calling thread. B is packed once, in
/// panels of panel_depth × what panel_bytes holds; C is summed a block of block_rows at a
/// time over every panel. C's full rows of tiles go out with non-temporal stores when C is
/// written once (β = 0, one panel deep) and is larger than `stream_above` bytes.
template <typename T>
void panel_gemm(std::int64_t m, std::int64_t n, std::int64_t k, const strided_matrix<const T>& a,
                const strided_matrix<const T>& b, T beta, const strided_matrix<T>& c,
                std::int64_t stream_above = std::int64_t{1} << 20) {
    using namespace panel_detail;
    constexpr std::int64_t sliver = 2 * static_cast<std::int64_t>(sizeof(typename simd_of<T>::type) / sizeof(T));
    const std::int64_t depth_step = k <= panel_depth ? k : panel_depth;
    // a narrow product (mixing: n ≤ 128) takes its whole width in one panel, whatever its bytes:
    // each panel of width reads all of A again, and A is the large operand there (P, n × n)
    const std::int64_t width_step = n <= 128 ? (n + sliver - 1) / sliver * sliver
                                             : std::max(sliver, panel_bytes / (depth_step * static_cast<std::int64_t>(sizeof(T))) / sliver * sliver);
    const bool stream = beta == T(0) && k <= panel_depth && m * n * static_cast<std::int64_t>(sizeof(T)) > stream_above;
    struct panel {
        std::int64_t j0, width, p0, depth;
        const T* packed;
    };
    thread_local std::vector<T> packed;
    thread_local std::vector<panel> panels;
    packed.resize(static_cast<std::size_t>((n + sliver - 1) / sliver * sliver * k));
    panels.clear();
    T* end = packed.data();
    for (std::int64_t j0 = 0; j0 < n; j0 += width_step)
        for (std::int64_t p0 = 0; p0 < k; p0 += depth_step) {
            const panel next{j0, std::min(width_step, n - j0), p0, std::min(depth_step, k - p0), end};
            end = pack_panel(b, next.p0, next.depth, next.j0, next.width, end);
            panels.push_back(next);
        }
    // rows [i0, i0 + 6) of C against slivers [s0, s1) of panel q
    const auto some_tiles = [&](const panel& q, std::int64_t i0, std::int64_t s0, std::int64_t s1) {
        const strided_matrix<const T> ai{&a(i0, q.p0), a.row, a.col};
        const strided_matrix<T> ci{&c(i0, q.j0 + s0 * sliver), c.row, c.col};
        const std::int64_t width = std::min(s1 * sliver, q.width) - s0 * sliver;
        with_rows<tile_rows>(m - i0, [&](auto rows) {
            tiles<T, decltype(rows)::value>(q.depth, ai, q.packed + s0 * q.depth * sliver, ci, width, beta, q.p0 == 0,
                                            stream);
        });
    };
    if (k <= panel_depth) {
        // one panel deep (attention's scores): a block of A's rows stays in cache while each
        // group of slivers of B passes over it once
        const std::int64_t rows = shallow_block_rows(k, sizeof(T));
        for (std::int64_t r0 = 0; r0 < m; r0 += rows)
            for (const panel& q : panels)
                for (std::int64_t s0 = 0; s0 * sliver < q.width; s0 += shallow_group)
                    for (std::int64_t i0 = r0; i0 < std::min(m, r0 + rows); i0 += tile_rows)
                        some_tiles(q, i0, s0, s0 + shallow_group);
    } else {
        // deeper: a tile's rows of A pass over every sliver of a panel, which stays in cache,
        // and a block of C's rows is summed over every panel before the next
        const auto all = std::numeric_limits<std::int64_t>::max() / sliver;
        for (std::int64_t r0 = 0; r0 < m; r0 += block_rows)
            for (const panel& q : panels)
                for (std::int64_t i0 = r0; i0 < std::min(m, r0 + block_rows); i0 += tile_rows) some_tiles(q, i0, 0, all);
    }
    if (stream) stream_fence();
}

}  // namespace ordo::runtime::detail
