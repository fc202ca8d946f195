#pragma once
/// \file
/// Tracked memory: every tensor buffer the runtime creates is allocated through
/// `tracking_allocator`, which records live and peak bytes in a `memory_tracker`. The
/// measured peak is what the allocator saw, not a formula.

#include <cstddef>
#include <cstdlib>
#include <cstdint>
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
/// takes memory from malloc, not global operator new, so a test that watches operator new
/// sees exactly the allocations that escape tracking.
template <typename T>
struct tracking_allocator {
    using value_type = T;
    tracking_allocator() = default;
    template <typename U>
    tracking_allocator(const tracking_allocator<U>&) noexcept {}  // NOLINT: rebinding

    T* allocate(std::size_t n) {
        void* p = std::malloc(n * sizeof(T) == 0 ? 1 : n * sizeof(T));
        if (p == nullptr) throw std::bad_alloc();
        memory_tracker::current().allocate(static_cast<std::int64_t>(n * sizeof(T)));
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t n) noexcept {
        memory_tracker::current().release(static_cast<std::int64_t>(n * sizeof(T)));
        std::free(p);
    }
    template <typename U>
    friend bool operator==(const tracking_allocator&, const tracking_allocator<U>&) noexcept { return true; }
};

}  // namespace ordo::runtime
