#include "calibrate.hpp"

#include "timing.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

extern "C" {  // the reference BLAS interface, which every BLAS (OpenBLAS here) provides
void sgemm_(const char*, const char*, const int*, const int*, const int*, const float*, const float*, const int*,
            const float*, const int*, const float*, float*, const int*);
void dgemm_(const char*, const char*, const int*, const int*, const int*, const double*, const double*, const int*,
            const double*, const int*, const double*, double*, const int*);
}

namespace ordo_tool {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Best FLOP/s of an n×n×n gemm over `runs` runs (after one warm-up).
template <typename T, typename Gemm>
double gemm_peak(Gemm gemm, int n, int runs) {
    std::vector<T> a(static_cast<std::size_t>(n) * n, T(1.0001)), b(a), c(a.size(), T(0));
    const char no = 'N';
    const T one = 1, zero = 0;
    double best = 0;
    for (int r = 0; r <= runs; ++r) {
        const auto start = std::chrono::steady_clock::now();
        gemm(&no, &no, &n, &n, &n, &one, a.data(), &n, b.data(), &n, &zero, c.data(), &n);
        const double t = seconds_since(start);
        if (r > 0) best = std::max(best, 2.0 * n * n * static_cast<double>(n) / t);
    }
    return best;
}

/// Best bandwidth (B/s) of a = b + s·c over `threads` threads, 3 arrays of `elements` doubles.
double triad_bandwidth(std::size_t elements, int runs, unsigned threads) {
    std::vector<double> a(elements, 0.0), b(elements, 1.0), c(elements, 2.0);
    double best = 0;
    for (int r = 0; r <= runs; ++r) {
        const auto start = std::chrono::steady_clock::now();
        std::vector<std::thread> workers;
        for (unsigned w = 0; w < threads; ++w)
            workers.emplace_back([&, w] {
                const std::size_t lo = elements * w / threads, hi = elements * (w + 1) / threads;
                for (std::size_t i = lo; i < hi; ++i) a[i] = b[i] + 3.0 * c[i];
            });
        for (auto& t : workers) t.join();
        const double t = seconds_since(start);
        if (r > 0) best = std::max(best, 3.0 * sizeof(double) * static_cast<double>(elements) / t);
    }
    if (a[elements / 2] != 7.0) throw std::runtime_error("ordo calibrate: the triad computed a wrong value");
    return best;
}

/// Best bandwidth (B/s) of reading the first `bytes` of `data` again and again over `threads`
/// threads, each its own contiguous part, at least 512 MiB read per run (`rounds` runs).
double reread_bandwidth(const std::vector<double>& data, std::size_t bytes, unsigned threads, int rounds) {
    using V __attribute__((vector_size(32))) = double;  // four sums at once, as any compiler vectorises
    const std::size_t vectors = bytes / sizeof(V);
    const std::size_t reps = std::max<std::size_t>(2, (std::size_t{512} << 20) / bytes);
    double best = 0, sink = 0;
    for (int r = 0; r < rounds; ++r) {
        std::vector<double> sums(threads, 0.0);
        const auto start = std::chrono::steady_clock::now();
        std::vector<std::thread> workers;
        for (unsigned w = 0; w < threads; ++w)
            workers.emplace_back([&, w] {
                const std::size_t lo = vectors * w / threads, hi = vectors * (w + 1) / threads;
                V acc[4] = {};
                for (std::size_t k = 0; k < reps; ++k)
                    for (std::size_t i = lo; i + 4 <= hi; i += 4)
                        for (int q = 0; q < 4; ++q) {
                            V v;
                            std::memcpy(&v, data.data() + 4 * (i + static_cast<std::size_t>(q)), sizeof v);
                            acc[q] += v;
                        }
                const V all = acc[0] + acc[1] + acc[2] + acc[3];
                sums[w] = all[0] + all[1] + all[2] + all[3];
            });
        for (auto& t : workers) t.join();
        best = std::max(best, static_cast<double>(reps * vectors * sizeof(V)) / seconds_since(start));
        for (double s : sums) sink += s;
    }
    if (sink < 0) throw std::runtime_error("ordo calibrate: the re-read summed a wrong value");
    return best;
}

/// The on-chip memory a working set can be reused from: the largest power of two of MiB (up to
/// `bytes`) that is read again at 1.25× or more the speed of reading `bytes` again. The cache
/// sizes the OS reports are the socket's (a VM here reports 480 MiB of L3 and reuses 64 MiB
/// of it): a roofline check must size its data past what is reused, not past what is reported.
std::int64_t reused_bytes(std::size_t bytes, unsigned threads, int rounds) {
    const std::vector<double> data(bytes / sizeof(double), 1.0);
    const double memory = reread_bandwidth(data, bytes, threads, rounds);
    std::size_t reused = std::size_t{1} << 20;
    for (std::size_t s = reused; s < bytes; s *= 2)
        if (reread_bandwidth(data, s, threads, rounds) >= 1.25 * memory) reused = s;
    return static_cast<std::int64_t>(reused);
}

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown CPU";
}

}  // namespace

nlohmann::ordered_json calibrate(bool quick) {
    const long cache = cache_bytes(3) > 0 ? cache_bytes(3) : 32l << 20;
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    const int n = quick ? 512 : 2048, runs = quick ? 2 : 5;
    // each triad array 4× the last-level cache and at least 64 MiB (quick: 64 MiB, which may
    // not pass the cache: a test of the mechanism, not a measurement)
    const std::size_t bytes = quick ? std::size_t{64} << 20 : std::max<std::size_t>(4 * static_cast<std::size_t>(cache), std::size_t{64} << 20);
    const double f32 = gemm_peak<float>(sgemm_, n, runs), f64 = gemm_peak<double>(dgemm_, n, runs);
    const double bandwidth = triad_bandwidth(bytes / sizeof(double), quick ? 3 : 10, threads);
    const std::int64_t on_chip = reused_bytes(bytes, threads, quick ? 1 : 3);
    char date[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
    // Three significant digits, rounded down: the runs differ by more than that, and round
    // figures keep the roofline's exact sums small (989.4e12 and 3.35e12 have a common factor
    // of 5e10; two unrounded measurements have none, and their times' sums overflow 64 bits).
    const auto as_int = [](double v) {
        std::int64_t unit = 1;
        while (v / static_cast<double>(unit) >= 1000) unit *= 10;
        return static_cast<std::int64_t>(v / static_cast<double>(unit)) * unit;
    };
    return {{"name", "this_machine"},
            {"source", "measured by ordo calibrate on " + std::string(date) + ", " + cpu_model() + ", " +
                           std::to_string(threads) + " threads: BLAS sgemm/dgemm n = " + std::to_string(n) +
                           ", triad over 3 arrays of " + std::to_string(bytes >> 20) +
                           " MiB; best of " + std::to_string(runs) + "; on-chip: the largest working set re-read at 1.25x the speed of memory (the OS reports " +
                           std::to_string(cache >> 20) + " MiB of last-level cache); no 16-bit units: f16 and bf16 get f32's figure"},
            {"peak_f16", as_int(f32)},
            {"peak_bf16", as_int(f32)},
            {"peak_f32", as_int(f32)},
            {"peak_f64", as_int(f64)},
            {"bandwidth", as_int(bandwidth)},
            {"on_chip_bytes", on_chip}};
}

}  // namespace ordo_tool
