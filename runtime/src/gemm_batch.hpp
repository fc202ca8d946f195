#pragma once
// The fast path's gemms, on the thread pool. A contraction is a batch of gemms of one shape
// (one per entry of its batch letters, each summing over its summed letters); the pool runs
// the batch's entries side by side, or splits a large gemm into blocks of rows or columns,
// one per thread. BLAS itself runs on one thread meanwhile (single_threaded_blas): one pool
// owns the cores, where OpenBLAS's own workers, spinning for a while after each call, used to
// take a core from the loop that followed (a softmax after a gemm ran at a fifth of its speed).

#include "kernels/panel_gemm.hpp"
#include "kernels/thin_gemm.hpp"
#include "kernels/thin_gemm_avx512.hpp"
#include "thread_pool.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace ordo::runtime::detail {

/// BLAS gemm on raw pointers (row-major); defined in runtime.cpp for float and double.
template <typename T>
void gemm(bool trans_a, bool trans_b, int m, int n, int k, const T* a, int lda, const T* b, int ldb, T beta, T* c,
          int ldc);

/// While alive, BLAS runs each call on the calling thread (OpenBLAS; other BLAS libraries are
/// left as they are). Restores the thread count it found. Defined in runtime.cpp.
class single_threaded_blas {
public:
    single_threaded_blas();
    ~single_threaded_blas();
    single_threaded_blas(const single_threaded_blas&) = delete;
    single_threaded_blas& operator=(const single_threaded_blas&) = delete;

private:
    int threads_ = 0;
};

/// The shape every gemm of a batch shares: C[m, n] = op(A)[m, k]·op(B)[k, n], row-major.
/// `b_then_more`: each gemm's B is followed in memory by the one the same thread reads next
/// (run_gemms finds it; thin_gemm's prefetches then run on past B).
struct gemm_shape {
    bool trans_a = false, trans_b = false;
    std::int64_t m = 0, n = 0, k = 0, lda = 0, ldb = 0, ldc = 0;
    bool b_then_more = false;
};

/// Offsets of one gemm's operands from the batch's base pointers.
struct gemm_offsets {
    std::int64_t a = 0, b = 0, c = 0;
};

namespace gemm_detail {

/// One gemm on the calling thread: the thin kernels (their AVX-512 build where it runs) when C
/// has at most wide_rows rows (or at most thin_rows columns, computing Cᵀ = Bᵀ·Aᵀ), BLAS
/// otherwise (which packs B, reading it twice and writing it once, where the thin kernels read
/// it once: MQA's 16 heads against its cached keys and values), except for shallow or narrow
/// products (panel_gemm).
template <typename T>
void one_gemm(const gemm_shape& s, std::int64_t m, std::int64_t n, const T* a, const T* b, T beta, T* c) {
    const strided_matrix<const T> ma{a, s.trans_a ? 1 : s.lda, s.trans_a ? s.lda : 1};
    const strided_matrix<const T> mb{b, s.trans_b ? 1 : s.ldb, s.trans_b ? s.ldb : 1};
    if (m <= wide_rows && (thin_gemm_avx512(m, n, s.k, ma, mb, beta, strided_matrix<T>{c, s.ldc, 1}, s.b_then_more) ||
                           thin_gemm<T>(m, n, s.k, ma, mb, beta, strided_matrix<T>{c, s.ldc, 1}, s.b_then_more)))
        return;
    if (panel_gemm_suits(m, n, s.k)) return panel_gemm<T>(m, n, s.k, ma, mb, beta, strided_matrix<T>{c, s.ldc, 1});
    if (n <= thin_rows && thin_gemm<T>(n, m, s.k, strided_matrix<const T>{b, mb.col, mb.row},
                                       strided_matrix<const T>{a, ma.col, ma.row}, beta, strided_matrix<T>{c, 1, s.ldc}))
        return;
    gemm<T>(s.trans_a, s.trans_b, static_cast<int>(m), static_cast<int>(n), static_cast<int>(s.k), a,
            static_cast<int>(s.lda), b, static_cast<int>(s.ldb), beta, c, static_cast<int>(s.ldc));
}

/// Depths up to which BLAS computes C in pieces of at most piece_bytes (where panel_gemm does
/// not take the product): BLAS's β = 0 first zeroes C in a pass of its own, and at small depths
/// that pass over memory costs about as much as the product (OpenBLAS sgemm 16384×1024×32 on
/// one core: 49 GFLOP/s whole, 70 in pieces of 128 rows). A piece the L2 holds is zeroed,
/// multiplied and summed over `summed` in cache.
inline constexpr std::int64_t shallow_depth = 128, piece_bytes = std::int64_t{512} << 10;

/// Rows [r0, r1) and columns [c0, c1) of one entry's C, summed over `summed` (β = 0 for the first).
template <typename T>
void block(const gemm_shape& s, const T* a, const T* b, T* c, const gemm_offsets& entry,
           const std::vector<gemm_offsets>& summed, std::array<std::int64_t, 4> range) {
    const auto [r0, r1, c0, c1] = range;
    const std::int64_t piece = s.k <= shallow_depth && !panel_gemm_suits(r1 - r0, c1 - c0, s.k)
                                   ? std::max<std::int64_t>(2 * thin_rows, piece_bytes / (static_cast<std::int64_t>(sizeof(T)) * std::max<std::int64_t>(1, c1 - c0)))
                                   : r1 - r0;
    for (std::int64_t lo = r0; lo < r1; lo += piece) {
        const std::int64_t hi = std::min(r1, lo + piece);
        const std::int64_t a_row = s.trans_a ? lo : lo * s.lda, b_col = s.trans_b ? c0 * s.ldb : c0;
        bool first = true;
        for (const gemm_offsets& part : summed) {
            one_gemm<T>(s, hi - lo, c1 - c0, a + entry.a + part.a + a_row, b + entry.b + part.b + b_col,
                        first ? T(0) : T(1), c + entry.c + lo * s.ldc + c0);
            first = false;
        }
    }
}

/// Whether each entry's B ends where the next entry's begins (entries in order, B contiguous).
inline bool b_follows_b(const gemm_shape& s, const std::vector<gemm_offsets>& entries) {
    const std::int64_t extent = (s.trans_b ? s.n : s.k) * s.ldb;
    for (std::size_t e = 1; e < entries.size(); ++e)
        if (entries[e].b - entries[e - 1].b != extent) return false;
    return entries.size() > 1;
}

}  // namespace gemm_detail

/// Runs the gemms C[entry] = Σ over summed of op(A[entry + part])·op(B[entry + part]) on the
/// pool. Entries write disjoint blocks of C.
template <typename T>
void run_gemms(const gemm_shape& shape, const T* a, const T* b, T* c, const std::vector<gemm_offsets>& entries,
               const std::vector<gemm_offsets>& summed) {
    gemm_shape s = shape;
    s.b_then_more = summed.size() == 1 && gemm_detail::b_follows_b(s, entries);
    thread_pool& pool = thread_pool::shared();
    const auto threads = static_cast<std::int64_t>(pool.threads());
    const auto count = static_cast<std::int64_t>(entries.size());
    const std::int64_t work = s.m * s.n * s.k * static_cast<std::int64_t>(summed.size()) * count;
    constexpr std::int64_t worth_a_thread = std::int64_t{1} << 17;  // multiply-adds; a wake-up is some microseconds
    const std::array<std::int64_t, 4> whole{0, s.m, 0, s.n};
    if (threads == 1 || work < worth_a_thread || count == 0 || summed.empty()) {
        for (const gemm_offsets& e : entries) gemm_detail::block(s, a, b, c, e, summed, whole);
        return;
    }
    if (count >= 2 * threads) {  // many entries: contiguous runs of them, a few per thread
        const std::int64_t runs = std::min(count, 4 * threads);
        pool.run(static_cast<int>(runs), [&](int r) {
            for (std::int64_t e = count * r / runs; e < count * (r + 1) / runs; ++e)
                gemm_detail::block(s, a, b, c, entries[static_cast<std::size_t>(e)], summed, whole);
        });
        return;
    }
    // few entries: split each along its longer side of C into blocks, one per thread in all
    const std::int64_t per_entry = (threads + count - 1) / count;
    const bool by_rows = s.m >= s.n;
    const std::int64_t side = by_rows ? s.m : s.n;
    const std::int64_t parts = std::max<std::int64_t>(1, std::min(per_entry, side / 8));  // blocks of 8 rows or more
    pool.run(static_cast<int>(count * parts), [&](int t) {
        const std::int64_t e = t / parts, q = t % parts;
        const std::int64_t lo = side * q / parts, hi = side * (q + 1) / parts;
        const std::array<std::int64_t, 4> range = by_rows ? std::array<std::int64_t, 4>{lo, hi, 0, s.n}
                                                          : std::array<std::int64_t, 4>{0, s.m, lo, hi};
        gemm_detail::block(s, a, b, c, entries[static_cast<std::size_t>(e)], summed, range);
    });
}

/// One gemm C = op(A)·op(B) on the pool (split into blocks of rows or columns).
template <typename T>
void gemm_on_pool(const gemm_shape& s, const T* a, const T* b, T* c) {
    run_gemms<T>(s, a, b, c, {gemm_offsets{}}, {gemm_offsets{}});
}

}  // namespace ordo::runtime::detail
