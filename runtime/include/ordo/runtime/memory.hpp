#pragma once
/// \file
/// Tracked memory: every tensor buffer the runtime creates is allocated through
/// `tracking_allocator`, which records live and peak bytes in a `memory_tracker`. The
/// measured peak is what the allocator saw, not a formula.

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>

namespace ordo::runtime {

/// Live and peak bytes of the buffers allocated through tracking_allocator (this thread).
struct memory_tracker {
    std::int64_t live = 0;
    std::int64_t peak = 0;
    std::int64_t allocations = 0;

    void allocate(std::int64_t bytes) {
        live += bytes;
        ++allocations;
        if (live > peak) peak = live;
    }
    void release(std::int64_t bytes) { live -= bytes; }
    void reset() { live = peak = allocations = 0; }

    /// The tracker of the calling thread.
    static memory_tracker& current() {
        thread_local memory_tracker tracker;
        return tracker;
    }
};

/// An allocator that reports every allocation and release to memory_tracker::current(). It
/// takes memory from the C heap (malloc), not global operator new, so a test that watches
/// operator new sees exactly the allocations that escape tracking. Buffers of 1 MiB or more
/// start on a cache line (64 bytes), so that the kernels' non-temporal stores (which need
/// 32-byte alignment) apply to every row of a large contiguous output: malloc'd a line larger
/// and moved up to the line, not aligned_alloc'd, whose split blocks the heap did not reuse
/// for the same size (a benchmark whose run frees and allocates 256 MiB grew the heap to
/// 2,304 MiB and faulted its pages in afresh for 7 runs, measured); smaller ones, which
/// live in the cache, keep malloc's placement (aligned tiles of a power-of-two size fall into
/// the same cache sets: with every buffer aligned, the traffic simulation's FlashAttention M
/// sweep fell with slope −2.67 instead of −0.92). The tracker counts `counted_width` bytes per
/// element asked for: sizeof(T) unless the buffer holds a tensor of another declared element
/// type (the runtime computes a bf16 graph, or its one-byte dropout masks, in one scalar type;
/// its peak is counted at the widths the graph declares, as a device would store them).
template <typename T>
struct tracking_allocator {
    using value_type = T;
    /// Buffers of `large` bytes or more start on a `line`.
    static constexpr std::size_t line = 64, large = std::size_t{1} << 20;
    std::size_t counted_width = sizeof(T);
    tracking_allocator() = default;
    explicit tracking_allocator(std::size_t width) noexcept : counted_width(width) {}
    template <typename U>
    tracking_allocator(const tracking_allocator<U>& other) noexcept : counted_width(other.counted_width) {}  // NOLINT: rebinding

    T* allocate(std::size_t n) {
        const std::size_t bytes = std::max<std::size_t>(1, n * sizeof(T));
        void* p = std::malloc(bytes >= large ? bytes + line : bytes);
        if (p == nullptr) throw std::bad_alloc();
        memory_tracker::current().allocate(static_cast<std::int64_t>(n * counted_width));
        if (bytes < large) return static_cast<T*>(p);
        // the next line past malloc's pointer (at least 16 bytes on: room to note where it was)
        const auto start = reinterpret_cast<std::uintptr_t>(p);
        const std::uintptr_t aligned = (start + line) / line * line;
        std::memcpy(reinterpret_cast<void*>(aligned - sizeof(void*)), &p, sizeof p);
        return reinterpret_cast<T*>(aligned);
    }
    void deallocate(T* p, std::size_t n) noexcept {
        memory_tracker::current().release(static_cast<std::int64_t>(n * counted_width));
        if (std::max<std::size_t>(1, n * sizeof(T)) < large) return std::free(p);
        void* start = nullptr;
        std::memcpy(&start, reinterpret_cast<const char*>(p) - sizeof(void*), sizeof start);
        std::free(start);
    }
    template <typename U>
    friend bool operator==(const tracking_allocator& a, const tracking_allocator<U>& b) noexcept {
        return a.counted_width == b.counted_width;
    }
};

}  // namespace ordo::runtime
