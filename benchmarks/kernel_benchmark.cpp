// The fast path's kernels one op at a time, on tensors far past the last-level cache (256 MiB
// of floats) or, for contractions, at 2048 on a side: each case reports the bytes and FLOPs
// ordo's costs give the op, per second of wall time. Against `ordo calibrate`'s bandwidth and
// sgemm peak on the same machine they are the kernels' efficiencies (the roofline's share):
//
//     cmake --build build/gcc --target kernel_benchmark && build/gcc/benchmarks/kernel_benchmark
//     build/gcc/bin/ordo calibrate    # bandwidth and peak_f32 to divide by
#include "steady_main.hpp"

#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <numeric>
#include <vector>

namespace {
constexpr auto r = ordo::dim<"r">;  // rows
constexpr auto c = ordo::dim<"c">;  // columns
constexpr auto b = ordo::dim<"b">;
constexpr auto n = ordo::dim<"n">;
constexpr auto d = ordo::dim<"d">;
constexpr auto h = ordo::dim<"h">;
constexpr auto k = ordo::dim<"k">;
constexpr auto m = ordo::dim<"m">;  // cached positions

/// Times the nodes `ids` of g at `at` on the fast path (the runtime's own per-node clock: not
/// the copy of the result into the returned xarray, which for one op over 256 MiB costs as much
/// as the op), inputs drawn once; counters from ordo's own costs of those nodes, summed over
/// every iteration of their loops.
void time_nodes(benchmark::State& state, const ordo::graph& g, const ordo::bindings& at, const std::vector<int>& ids) {
    const auto inputs = ordo::runtime::random_inputs(g, at);
    std::vector<double> seconds;
    ordo::runtime::run_options options;
    options.seconds_per_node = &seconds;
    for (auto _ : state) {
        seconds.assign(static_cast<std::size_t>(g.node_count), 0.0);
        benchmark::DoNotOptimize(ordo::runtime::execute<float>(g, at, inputs, options));
        double took = 0;
        for (const int id : ids) took += seconds[static_cast<std::size_t>(id)];
        state.SetIterationTime(took);
    }
    double bytes = 0, flops = 0;
    const auto costs = ordo::roofline(g, ordo::hardware::h100_sxm, at);  // the machine is irrelevant here
    for (int q = 0; q < costs.count; ++q)
        if (std::find(ids.begin(), ids.end(), costs.ops[q].id) != ids.end()) {
            bytes += static_cast<double>(costs.ops[q].bytes);
            flops += static_cast<double>(costs.ops[q].flops);
        }
    state.counters["GB/s"] = benchmark::Counter(bytes * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["GFLOP/s"] = benchmark::Counter(flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

/// Times every op of g at `at` (time_nodes).
void time_graph(benchmark::State& state, const ordo::graph& g, const ordo::bindings& at) {
    std::vector<int> all(static_cast<std::size_t>(g.node_count));
    std::iota(all.begin(), all.end(), 0);
    time_nodes(state, g, at, all);
}

const auto rows = ordo::bind(r = 64 * 1024, c = 1024);  // 64 Mi floats: 256 MiB per tensor

void softmax(benchmark::State& state) {
    time_graph(state, ordo::trace([](auto x) { return ordo::softmax(x); }, ordo::input<"x", float>(r, c)), rows);
}
/// The causal mask over 64 × 1,024 × 1,024 scores (256 MiB): a row's seen keys plus 0, the rest
/// plus −∞.
void causal_mask(benchmark::State& state) {
    time_graph(state, ordo::trace([](auto x) { return ordo::causal_mask(x); }, ordo::input<"x", float>(b, n, m)),
               ordo::bind(b = 64, n = 1024, m = 1024));
}
void layer_norm(benchmark::State& state) {
    time_graph(state,
               ordo::trace([](auto x, auto g, auto s) { return ordo::layer_norm(x, g, s); }, ordo::input<"x", float>(r, c),
                           ordo::param<"g", float>(c), ordo::param<"s", float>(c)),
               rows);
}
void rms_norm(benchmark::State& state) {
    time_graph(state, ordo::trace([](auto x, auto g) { return ordo::rms_norm(x, g); }, ordo::input<"x", float>(r, c), ordo::param<"g", float>(c)),
               rows);
}
void gelu(benchmark::State& state) {
    time_graph(state, ordo::trace([](auto x) { return ordo::gelu(x); }, ordo::input<"x", float>(r, c)), rows);
}
void add_bias(benchmark::State& state) {
    time_graph(state, ordo::trace([](auto x, auto s) { return x + s; }, ordo::input<"x", float>(r, c), ordo::param<"s", float>(c)), rows);
}
void matmul(benchmark::State& state) {
    time_graph(state,
               ordo::trace([](auto x, auto w) { return ordo::matmul(x, w); }, ordo::input<"x", float>(r, c), ordo::param<"w", float>(c, k)),
               ordo::bind(r = 2048, c = 2048, k = 2048));
}
/// MHA's projection into per-head layout [b, g, p, n, k]: one gemm between layout copies.
void head_projection(benchmark::State& state) {
    time_graph(state,
               ordo::trace([](auto x, auto w) { return ordo::einsum<"bnd,gpdk->bgpnk">(x, w); }, ordo::input<"x", float>(b, n, d),
                           ordo::param<"w", float>(h, ordo::c<1>, d, d / h)),
               ordo::bind(b = 4, n = 1024, d = 1024, h = 16));
}
/// One decoding step of MQA: 16 query heads against a KV cache shared by the heads, 64 MiB of
/// keys (or values) of width 64, past the last-level cache: scores (keys by rows, each dotted
/// with every head) and mixing (values by rows, weighted by every head).
const auto cache = ordo::bind(b = 64, h = 16, m = 4096, k = 64);
void mqa_scores(benchmark::State& state) {
    time_graph(state,
               ordo::trace([](auto q, auto keys) { return ordo::einsum<"bhk,bmk->bhm">(q, keys); }, ordo::input<"q", float>(b, h, k),
                           ordo::input<"keys", float>(b, m, k)),
               cache);
}
void mqa_mix(benchmark::State& state) {
    time_graph(state,
               ordo::trace([](auto p, auto values) { return ordo::einsum<"bhm,bmk->bhk">(p, values); },
                           ordo::input<"p", float>(b, h, m), ordo::input<"values", float>(b, m, k)),
               cache);
}
/// One decoding step of MHA: each of 4 × 16 heads' one query against its own cache of 4,096
/// keys (or values) of width 64, 64 MiB of them: scores a dot product per key, mixing one row
/// of weights against the values (the thin kernels, reading each cache as two streams).
const auto own_cache = ordo::bind(b = 4, h = 16, m = 4096, k = 64);
void mha_decode_scores(benchmark::State& state) {
    time_graph(state,
               ordo::trace([](auto q, auto keys) { return ordo::einsum<"bhk,bhmk->bhm">(q, keys); }, ordo::input<"q", float>(b, h, k),
                           ordo::input<"keys", float>(b, h, m, k)),
               own_cache);
}
void mha_decode_mix(benchmark::State& state) {
    time_graph(state,
               ordo::trace([](auto p, auto values) { return ordo::einsum<"bhm,bhmk->bhk">(p, values); },
                           ordo::input<"p", float>(b, h, m), ordo::input<"values", float>(b, h, m, k)),
               own_cache);
}
/// One decoding step of GQA as llama_decode_step's evidence has it: 4 query heads per group
/// (the thin kernels' 4 rows of C) against each group's cache of 4,096 keys (or values) of
/// width 64, 4 × 16 groups' caches, 64 MiB.
constexpr auto g = ordo::dim<"g">;
constexpr auto p = ordo::dim<"p">;
const auto group_cache = ordo::bind(b = 4, g = 16, p = 4, m = 4096, k = 64);
void gqa_decode_scores(benchmark::State& state) {
    time_graph(state,
               ordo::trace([](auto q, auto keys) { return ordo::einsum<"bgpk,bgmk->bgpm">(q, keys); },
                           ordo::input<"q", float>(b, g, p, k), ordo::input<"keys", float>(b, g, m, k)),
               group_cache);
}
void gqa_decode_mix(benchmark::State& state) {
    time_graph(state,
               ordo::trace([](auto w, auto values) { return ordo::einsum<"bgpm,bgmk->bgpk">(w, values); },
                           ordo::input<"w", float>(b, g, p, m), ordo::input<"values", float>(b, g, m, k)),
               group_cache);
}
/// MHA's attention core at the MHA benchmark's shape (b=4, n=1024, 16 heads of width 64): the
/// scores, 64 gemms of depth 64 whose 256 MiB of C go to memory, and the mixing, 64 gemms of
/// 64 columns over the 1,024 positions (panel_gemm, where BLAS spends as long packing as
/// multiplying).
const auto heads = ordo::bind(b = 4, h = 16, n = 1024, m = 1024, k = 64);
void attention_scores(benchmark::State& state) {
    time_graph(state,
               ordo::trace([](auto q, auto keys) { return ordo::einsum<"bhnk,bhmk->bhnm">(q, keys); },
                           ordo::input<"q", float>(b, h, n, k), ordo::input<"keys", float>(b, h, m, k)),
               heads);
}
void attention_mix(benchmark::State& state) {
    time_graph(state,
               ordo::trace([](auto p, auto values) { return ordo::einsum<"bhnm,bhmk->bhnk">(p, values); },
                           ordo::input<"p", float>(b, h, n, m), ordo::input<"values", float>(b, h, m, k)),
               heads);
}
/// The einsums of g that read a KV cache: a decoding step's attention core.
std::vector<int> reading_the_cache(const ordo::graph& g) {
    std::vector<int> ids;
    for (int id = 0; id < g.node_count; ++id) {
        const auto& x = g.nodes[id];
        for (int q = 0; q < x.operand_count; ++q)
            if (x.kind == ordo::op_kind::einsum && g.nodes[x.operands[q]].kind == ordo::op_kind::kv_cache) {
                ids.push_back(id);  // once, whichever operands are caches
                break;
            }
    }
    return ids;
}
/// Incremental decoding as the evidence times it (mha_incremental, b=256, n=128, 16 heads of
/// width 64): the scores and the mixing of every step, each head against the first i rows of its
/// cache of n, so a step reads 4,096 runs of i·256 bytes, n·256 bytes apart (the other ops
/// run untimed).
void mha_incremental_attention(benchmark::State& state) {
    const auto g = ordo::models::mha_incremental(b, n, d, h);
    time_nodes(state, g, ordo::bind(b = 256, n = 128, d = 1024, h = 16), reading_the_cache(g));
}
/// MLA's rotary scores at the evidence's shape: every head's rotary query against the one rotary
/// key per position the heads share, depth p = 32, the C of 256 MiB written once.
void latent_rotary_scores(benchmark::State& state) {
    time_graph(state,
               ordo::trace([](auto q, auto keys) { return ordo::einsum<"bhnp,bmp->bhnm">(q, keys); },
                           ordo::input<"q", float>(b, h, n, p), ordo::input<"keys", float>(b, m, p)),
               ordo::bind(b = 4, h = 16, n = 1024, m = 1024, p = 32));
}
/// Sliding-window attention at the evidence's shape (b=4, 16 heads of width 64, n=1024, w=32):
/// each query against its own window of w keys, and its weights against the window's values
/// (the window op's copies: 512 MiB each, one product of 8 KiB per query).
constexpr auto w = ordo::dim<"w">;
const auto windows = ordo::bind(b = 4, h = 16, n = 1024, w = 32, k = 64);
void window_scores(benchmark::State& state) {
    time_graph(state,
               ordo::trace([](auto q, auto keys) { return ordo::einsum<"bhnk,bhnwk->bhnw">(q, keys); },
                           ordo::input<"q", float>(b, h, n, k), ordo::input<"keys", float>(b, h, n, w, k)),
               windows);
}
void window_mix(benchmark::State& state) {
    time_graph(state,
               ordo::trace([](auto p, auto values) { return ordo::einsum<"bhnw,bhnwk->bhnk">(p, values); },
                           ordo::input<"p", float>(b, h, n, w), ordo::input<"values", float>(b, h, n, w, k)),
               windows);
}
/// One tile of tiled attention at the evidence's shape (d = 128, M = 131,072, so blocks of 256):
/// a block of queries against a block of keys, and the block's weights against its values.
const auto tile = ordo::bind(r = 256, c = 256, k = 128);
void flash_tile_scores(benchmark::State& state) {
    time_graph(state,
               ordo::trace([](auto q, auto keys) { return ordo::einsum<"rk,ck->rc">(q, keys); }, ordo::input<"q", float>(r, k),
                           ordo::input<"keys", float>(c, k)),
               tile);
}
void flash_tile_mix(benchmark::State& state) {
    time_graph(state,
               ordo::trace([](auto p, auto values) { return ordo::einsum<"rc,ck->rk">(p, values); }, ordo::input<"p", float>(r, c),
                           ordo::input<"values", float>(c, k)),
               tile);
}
}  // namespace

BENCHMARK(softmax)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(causal_mask)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(layer_norm)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(rms_norm)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(gelu)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(add_bias)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(matmul)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(head_projection)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(mqa_scores)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(mqa_mix)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(mha_decode_scores)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(mha_decode_mix)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(gqa_decode_scores)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(gqa_decode_mix)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(attention_scores)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(attention_mix)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(mha_incremental_attention)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(latent_rotary_scores)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(window_scores)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(window_mix)->Unit(benchmark::kMillisecond)->UseManualTime();
BENCHMARK(flash_tile_scores)->Unit(benchmark::kMicrosecond)->UseManualTime();
BENCHMARK(flash_tile_mix)->Unit(benchmark::kMicrosecond)->UseManualTime();

int main(int argc, char** argv) { return steady_state_main(argc, argv); }
