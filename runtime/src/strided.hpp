#pragma once
// Tensors inside the interpreter: a tracked buffer (an xtensor uvector through
// tracking_allocator) and strided views of it, plus the loop that walks them row by row.

#include <ordo/runtime/memory.hpp>
#include <ordo/symbolic/diagnostics.hpp>

#include "thread_pool.hpp"

#include <xtensor/xstorage.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace ordo::runtime::detail {

inline constexpr int view_rank = 8;
using extents = std::array<std::int64_t, view_rank>;

template <typename T>
struct buffer {
    xt::uvector<T, tracking_allocator<T>> data;
    /// n elements, counted by the tracker at `counted_width` bytes each (tracking_allocator)
    buffer(std::size_t n, std::size_t counted_width) : data(n, tracking_allocator<T>(counted_width)) {}
};

/// A strided view of a buffer: element (i0, i1, ...) is data[Σ i_k · strides[k]].
template <typename T>
struct view {
    std::shared_ptr<buffer<T>> owner;
    T* data = nullptr;
    int rank = 0;
    extents shape{};
    extents strides{};

    [[nodiscard]] std::int64_t size() const {
        std::int64_t s = 1;
        for (int k = 0; k < rank; ++k) s *= shape[k];
        return s;
    }
    [[nodiscard]] bool contiguous() const {
        std::int64_t expected = 1;
        for (int k = rank - 1; k >= 0; --k) {
            if (shape[k] != 1 && strides[k] != expected) return false;
            expected *= shape[k];
        }
        return true;
    }
};

/// The strides of a contiguous tensor; E009 when its element count passes 64 bits.
inline extents row_major_strides(int rank, const extents& shape) {
    extents s{};
    std::int64_t step = 1;
    for (int k = rank - 1; k >= 0; --k) {
        s[k] = step;
        if (__builtin_mul_overflow(step, shape[k], &step)) {
            std::string text = "ordo::runtime: a tensor of shape [";
            for (int j = 0; j < rank; ++j) text += (j ? ", " : "") + std::to_string(shape[j]);
            throw overflow_error("E009", text + "] has more elements than a 64-bit integer counts.");
        }
    }
    return s;
}

/// A new contiguous tensor of the given shape in a tracked buffer, counted at `counted_width`
/// bytes per element (a node's declared element type; sizeof(T) for the kernels' own copies).
template <typename T>
view<T> allocate(int rank, const extents& shape, std::size_t counted_width = sizeof(T)) {
    view<T> v;
    v.rank = rank;
    v.shape = shape;
    v.strides = row_major_strides(rank, shape);
    v.owner = std::make_shared<buffer<T>>(static_cast<std::size_t>(v.size()), counted_width);
    v.data = v.owner->data.data();
    return v;
}

/// The inner stride 1 as a compile-time constant: kernels indexing with it compile to plain
/// contiguous loops.
using unit_stride = std::integral_constant<std::int64_t, 1>;

/// Whether kernels on scalar T take the fast path's vectorised, multi-threaded loops: plain
/// float and double do; counted scalars (not thread-safe, and counted one by one) do not.
template <typename T>
inline constexpr bool parallel_scalar = std::is_floating_point_v<T>;

/// Tensors smaller than this many elements run on one thread: below it, waking a thread
/// costs more than it saves.
inline constexpr std::int64_t parallel_grain = std::int64_t{1} << 16;

namespace walk_detail {
/// Rows [first, last) of for_each_row's walk (row r is the r-th run of the last axis).
template <int K, typename Row>
void rows(int rank, const extents& shape, const std::array<const extents*, K>& strides, std::int64_t first,
          std::int64_t last, Row& row) {
    std::array<std::int64_t, K> offset{};
    std::array<std::int64_t, K> inner{};
    bool contiguous = true;
    for (int k = 0; k < K; ++k) {
        inner[k] = (*strides[k])[rank - 1];
        contiguous &= inner[k] == 1 || shape[rank - 1] == 1;
    }
    extents index{};
    for (std::int64_t axis = rank - 2, rest = first; axis >= 0; --axis) {  // unravel `first`
        index[axis] = rest % shape[axis];
        rest /= shape[axis];
        for (int k = 0; k < K; ++k) offset[k] += index[axis] * (*strides[k])[axis];
    }
    for (std::int64_t r = 0, count = last - first; r < count; ++r) {
        if (contiguous) row(offset, shape[rank - 1], std::array<unit_stride, K>{});
        else row(offset, shape[rank - 1], inner);
        for (int axis = rank - 2; axis >= 0; --axis) {
            ++index[axis];
            for (int k = 0; k < K; ++k) offset[k] += (*strides[k])[axis];
            if (index[axis] < shape[axis]) break;
            for (int k = 0; k < K; ++k) offset[k] -= index[axis] * (*strides[k])[axis];
            index[axis] = 0;
        }
    }
}
}  // namespace walk_detail

/// Walks the index space `shape[0..rank)` with K operands of the given strides, calling
/// row(offsets, length, inner_strides) once per run of the last axis. When every inner stride
/// is 1, inner_strides is an array of unit_stride (the contiguous instantiation). With
/// `Parallel`, rows are shared among the thread pool's threads (a block of rows each, in
/// order), so `row` must not throw and must write only its own row. `weight`: the elements of
/// work per element walked (a reduction's reduced extent), for the choice to share the rows.
template <int K, bool Parallel = false, typename Row>
void for_each_row(int rank, const extents& shape, const std::array<const extents*, K>& strides, Row&& row,
                  std::int64_t weight = 1) {
    if (rank == 0) {
        std::array<std::int64_t, K> none{};
        row(none, std::int64_t{1}, none);
        return;
    }
    std::int64_t rows = 1;
    for (int k = 0; k < rank; ++k) {
        if (shape[k] == 0) return;
        if (k + 1 < rank) rows *= shape[k];
    }
    if constexpr (Parallel) {
        thread_pool& pool = thread_pool::shared();
        if (rows > 1 && pool.threads() > 1 && rows * shape[rank - 1] * weight >= parallel_grain) {
            const std::int64_t blocks = std::min<std::int64_t>(rows, pool.threads());
            pool.run(static_cast<int>(blocks), [&](int me) {
                walk_detail::rows<K>(rank, shape, strides, rows * me / blocks, rows * (me + 1) / blocks, row);
            });
            return;
        }
    }
    walk_detail::rows<K>(rank, shape, strides, 0, rows, row);
}

/// dst = src elementwise for views of one shape (no arithmetic; on all cores on the fast path).
template <typename T>
void copy(const view<T>& src, const view<T>& dst) {
    for_each_row<2, parallel_scalar<T>>(dst.rank, dst.shape, {&dst.strides, &src.strides}, [&](auto o, std::int64_t len, auto s) {
        for (std::int64_t j = 0; j < len; ++j) dst.data[o[0] + j * s[0]] = src.data[o[1] + j * s[1]];
    });
}

/// The strides that read `v` broadcast to an output of rank `rank` (trailing axes aligned;
/// extent-1 axes repeat).
template <typename T>
extents broadcast_strides(const view<T>& v, int rank) {
    extents s{};
    for (int k = 0; k < v.rank; ++k) {
        const int out = rank - v.rank + k;
        s[out] = v.shape[k] == 1 ? 0 : v.strides[k];
    }
    return s;
}

}  // namespace ordo::runtime::detail
