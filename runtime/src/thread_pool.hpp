#pragma once
// The fast path's threads: one worker per core beside the caller. The pool owns the cores while
// a graph runs (BLAS runs on one thread meanwhile, gemm_batch.hpp), so an idle worker spins for
// a short while before it sleeps: a decoding step or a tile of tiled attention is a chain of
// products of some microseconds each, and waking a sleeping thread for each would cost as much
// as the product. Not OpenMP: its idle threads spin without end, and spinning beside OpenBLAS's
// own workers made every gemm that followed a parallel loop 5–40× slower on two cores.
// A job is a count of tasks; each task runs exactly once, the caller taking its share.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "kernels/stream_store.hpp"

namespace ordo::runtime::detail {

class thread_pool {
public:
    /// The process's pool: as many threads in all as the machine has cores, or as many as the
    /// environment's ORDO_THREADS says (1: everything on the calling thread).
    static thread_pool& shared() {
        static thread_pool pool(threads_wanted());
        return pool;
    }
    [[nodiscard]] int threads() const { return static_cast<int>(workers_.size()) + 1; }

    /// Runs task(0..count) across the threads and returns when all are done. Tasks must not
    /// throw (kernels that can fail run on one thread).
    void run(int count, const std::function<void(int)>& task) {
        const std::lock_guard one_job(running_);  // jobs from several callers take turns
        job j{&task, count};
        current_.store(&j);
        generation_.fetch_add(1);
        if (sleeping_.load() > 0) {
            const std::lock_guard lock(mutex_);
            wake_.notify_all();
        }
        j.work();
        wait_until([&] { return j.pending.load(std::memory_order_acquire) == 0; });
        // a worker may still hold j (it found no task left): wait until every one has let go
        current_.store(nullptr);
        wait_until([&] { return inside_.load() == 0; });
    }

    thread_pool(const thread_pool&) = delete;
    thread_pool& operator=(const thread_pool&) = delete;
    ~thread_pool() {
        {
            const std::lock_guard lock(mutex_);
            stopping_.store(true);
            generation_.fetch_add(1);
        }
        wake_.notify_all();
        for (std::thread& t : workers_) t.join();
    }

private:
    struct job {
        const std::function<void(int)>* task;
        int count;
        std::atomic<int> next{0};
        std::atomic<int> pending{count};
        void work() {
            for (int t; (t = next.fetch_add(1, std::memory_order_relaxed)) < count;) {
                (*task)(t);
                stream_fence();  // the task's non-temporal stores, seen by whoever reads them next
                pending.fetch_sub(1, std::memory_order_acq_rel);
            }
        }
    };

    /// How long an idle worker spins before it sleeps.
    static constexpr std::chrono::microseconds spin_for{200};

    static void pause() {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    }
    template <typename Done>
    static void wait_until(Done&& done) {
        for (int spins = 0; !done(); ++spins)
            if (spins < 4096) pause();
            else std::this_thread::yield();  // the thread it waits on may have lost its core
    }

    static unsigned threads_wanted() {
        if (const char* asked = std::getenv("ORDO_THREADS")) {
            const long n = std::strtol(asked, nullptr, 10);
            if (n >= 1 && n <= 1024) return static_cast<unsigned>(n);
        }
        return std::max(1u, std::thread::hardware_concurrency());
    }
    explicit thread_pool(unsigned threads) {
        for (unsigned k = 1; k < threads; ++k) workers_.emplace_back([this] { serve(); });
    }
    /// Waits for a generation after `seen`: spinning, then asleep.
    std::uint64_t next_generation(std::uint64_t seen) {
        const auto until = std::chrono::steady_clock::now() + spin_for;
        for (int spins = 0; generation_.load(std::memory_order_acquire) == seen; ++spins) {
            pause();
            if (spins % 256 == 255 && std::chrono::steady_clock::now() > until) {
                std::unique_lock lock(mutex_);
                sleeping_.fetch_add(1);  // seen by run() before or after its generation: never lost
                wake_.wait(lock, [&] { return generation_.load() != seen; });
                sleeping_.fetch_sub(1);
                break;
            }
        }
        return generation_.load(std::memory_order_acquire);
    }
    void serve() {
        for (std::uint64_t seen = 0;;) {
            seen = next_generation(seen);
            if (stopping_.load()) return;
            inside_.fetch_add(1);
            if (job* j = current_.load()) j->work();
            inside_.fetch_sub(1);
        }
    }

    std::mutex running_, mutex_;
    std::condition_variable wake_;
    std::vector<std::thread> workers_;
    std::atomic<job*> current_{nullptr};
    std::atomic<std::uint64_t> generation_{0};
    std::atomic<int> sleeping_{0}, inside_{0};
    std::atomic<bool> stopping_{false};
};

}  // namespace ordo::runtime::detail
