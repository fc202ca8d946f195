#pragma once
// The fast path's threads: one worker per core beside the caller, asleep between jobs. Not
// OpenMP: its idle threads spin, and spinning beside OpenBLAS's own worker threads (which
// yield while they wait) made every gemm that followed a parallel loop 5–40× slower on two
// cores. A job is a count of tasks; each task runs exactly once, the caller taking its share.

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ordo::runtime::detail {

class thread_pool {
public:
    /// The process's pool: as many threads in all as the machine has cores.
    static thread_pool& shared() {
        static thread_pool pool(std::max(1u, std::thread::hardware_concurrency()));
        return pool;
    }
    [[nodiscard]] int threads() const { return static_cast<int>(workers_.size()) + 1; }

    /// Runs task(0..count) across the threads and returns when all are done. Tasks must not
    /// throw (kernels that can fail run on one thread).
    void run(int count, const std::function<void(int)>& task) {
        std::unique_lock lock(mutex_);
        task_ = &task;
        count_ = count;
        next_ = 0;
        pending_ = count;
        ++generation_;
        wake_.notify_all();
        work(lock);
        done_.wait(lock, [&] { return pending_ == 0; });
        task_ = nullptr;
    }

    thread_pool(const thread_pool&) = delete;
    thread_pool& operator=(const thread_pool&) = delete;
    ~thread_pool() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        for (std::thread& t : workers_) t.join();
    }

private:
    explicit thread_pool(unsigned threads) {
        for (unsigned k = 1; k < threads; ++k) workers_.emplace_back([this] { serve(); });
    }
    /// Takes tasks until none is left (the lock is held except while a task runs).
    void work(std::unique_lock<std::mutex>& lock) {
        while (task_ && next_ < count_) {
            const int mine = next_++;
            const std::function<void(int)>& task = *task_;
            lock.unlock();
            task(mine);
            lock.lock();
            if (--pending_ == 0) done_.notify_all();
        }
    }
    void serve() {
        std::unique_lock lock(mutex_);
        for (std::uint64_t seen = 0;;) {
            wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
            if (stopping_) return;
            seen = generation_;
            work(lock);
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_, done_;
    std::vector<std::thread> workers_;
    const std::function<void(int)>* task_ = nullptr;
    int count_ = 0, next_ = 0, pending_ = 0;
    std::uint64_t generation_ = 0;
    bool stopping_ = false;
};

}  // namespace ordo::runtime::detail
