// MHA at b=4, n=1024, d=1024, h=16: ordo's runtime (fast path) against attention written by
// hand on BLAS, and sgemm alone for the machine's peak. Same algorithm, same FLOPs:
// Q, K, V = X·W (three bn×d×d gemms), per (batch, head) S = Q·Kᵀ, a stable softmax, P·V,
// then the output projection.
#include "steady_main.hpp"

#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include <benchmark/benchmark.h>
#include <xtensor-blas/xblas.hpp>

#include <cmath>
#include <vector>

namespace {
constexpr auto b = ordo::dim<"b">;
constexpr auto n = ordo::dim<"n">;
constexpr auto d = ordo::dim<"d">;
constexpr auto h = ordo::dim<"h">;
constexpr long B = 4, N = 1024, D = 1024, H = 16, K = D / H;

void gemm(bool tb, long m, long n_, long k, const float* a, long lda, const float* b_, long ldb, float* c, long ldc) {
    cxxblas::gemm(cxxblas::RowMajor, cxxblas::NoTrans, tb ? cxxblas::Trans : cxxblas::NoTrans, static_cast<int>(m),
                  static_cast<int>(n_), static_cast<int>(k), 1.0f, a, static_cast<int>(lda), b_, static_cast<int>(ldb), 0.0f, c,
                  static_cast<int>(ldc));
}

double mha_flops() {
    const ordo::graph g = ordo::models::mha(b, n, d, h);
    return static_cast<double>(ordo::eval(ordo::flops(g, ordo::conventions::gemm_only), ordo::bind(b = B, n = N, d = D, h = H)));
}

void ordo_runtime(benchmark::State& state) {
    const ordo::graph g = ordo::models::mha(b, n, d, h);
    const auto at = ordo::bind(b = B, n = N, d = D, h = H);
    const auto inputs = ordo::runtime::random_inputs(g, at);
    for (auto _ : state) benchmark::DoNotOptimize(ordo::runtime::execute<float>(g, at, inputs));
    state.counters["GFLOP/s"] = benchmark::Counter(mha_flops() * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

void hand_written_blas(benchmark::State& state) {
    std::vector<float> x(B * N * D, 0.5f), wq(D * D, 0.01f), wk(D * D, 0.02f), wv(D * D, 0.03f), wo(D * D, 0.01f);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(std::sin(static_cast<double>(i)));
    for (auto _ : state) {
        std::vector<float> q(B * N * D), k(B * N * D), v(B * N * D), s(N * N), o(B * N * D), y(B * N * D);
        gemm(false, B * N, D, D, x.data(), D, wq.data(), D, q.data(), D);
        gemm(false, B * N, D, D, x.data(), D, wk.data(), D, k.data(), D);
        gemm(false, B * N, D, D, x.data(), D, wv.data(), D, v.data(), D);
        for (long i = 0; i < B; ++i)
            for (long j = 0; j < H; ++j) {
                const long offset = i * N * D + j * K;
                gemm(true, N, N, K, q.data() + offset, D, k.data() + offset, D, s.data(), N);
                for (long r = 0; r < N; ++r) {
                    float* row = s.data() + r * N;
                    float top = row[0], total = 0;
                    for (long c = 1; c < N; ++c) top = std::max(top, row[c]);
                    for (long c = 0; c < N; ++c) total += row[c] = std::exp(row[c] - top);
                    for (long c = 0; c < N; ++c) row[c] /= total;
                }
                gemm(false, N, K, N, s.data(), N, v.data() + offset, D, o.data() + offset, D);
            }
        gemm(false, B * N, D, D, o.data(), D, wo.data(), D, y.data(), D);
        benchmark::DoNotOptimize(y.data());
    }
    state.counters["GFLOP/s"] = benchmark::Counter(mha_flops() * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

void sgemm_peak(benchmark::State& state) {
    const long m = state.range(0);
    std::vector<float> a(m * m, 1.0f), c(m * m);
    for (auto _ : state) {
        gemm(false, m, m, m, a.data(), m, a.data(), m, c.data(), m);
        benchmark::DoNotOptimize(c.data());
    }
    state.counters["GFLOP/s"] = benchmark::Counter(2.0 * m * m * m * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}
}  // namespace

// UseRealTime: rates (GFLOP/s) and iteration counts go by wall time. By default Google
// Benchmark divides by the main thread's CPU time, which leaves out BLAS's worker threads and
// overstated the rate of every multi-threaded case.
BENCHMARK(ordo_runtime)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();
BENCHMARK(hand_written_blas)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();
BENCHMARK(sgemm_peak)->Arg(2048)->Unit(benchmark::kMillisecond)->MinTime(1.0)->UseRealTime();
int main(int argc, char** argv) { return steady_state_main(argc, argv); }
