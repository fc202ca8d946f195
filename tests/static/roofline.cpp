// The roofline, symbolically and exactly (issue "Time on real hardware"): the acceptance
// snippet verbatim, then figures derived here by hand from the op's definition.
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto h = dim<"h">;
constexpr auto g = dim<"g">;
constexpr auto f = dim<"f">;
constexpr auto L = dim<"L">;
constexpr auto V = dim<"V">;

constexpr auto step = models::llama_decode_step<bfloat16>(b, n, d, h, g, f, L, V);
constexpr auto gpu = hardware::h100_sxm;
constexpr auto one = bind(b = 1, n = 4096, d = 4096, h = 32, g = 8, f = 14336, L = 32, V = 128256);
constexpr auto many = bind(b = 4096, n = 512, d = 4096, h = 32, g = 8, f = 14336, L = 32, V = 128256);
static_assert(memory_bound_share(step, gpu, one) == 1);  // every op waits on memory at batch 1
static_assert(memory_bound_share(step, gpu, many) < 1);  // the projections have turned compute-bound
static_assert(bytes_moved(models::mha(b, n, d, h)) == 2 * bytes_moved(models::mha<bfloat16>(b, n, d, h)));

// All memory-bound: the step's time is its bytes over the bandwidth, exactly.
constexpr auto at_one = roofline(step, gpu, one);
static_assert(at_one.seconds == at_one.memory_seconds);
static_assert(at_one.seconds == rational(eval(bytes_moved(step), one), gpu.bandwidth));
static_assert(at_one.compute_seconds < at_one.seconds);
// The dtype: bf16 halves the bytes of the float step but for the int32 token ids (4 bytes
// each, read once by the embedding), FLOPs unchanged.
constexpr auto float_step = models::llama_decode_step(b, n, d, h, g, f, L, V);
static_assert(bytes_moved(float_step) == 2 * bytes_moved(step).polynomial_value() - 4 * b);
static_assert(flops(float_step) == flops(step));
// KV cache read per step: 2 (keys, values) · L · b · g · n · (d/h) elements of 2 bytes, at least.
static_assert(eval(bytes_moved(step), one) > 2 * 32 * 1 * 8 * 4096 * (4096 / 32) * 2);

// One projection y = x·w, x [n, d], w [d, d] in bf16: FLOPs 2nd², bytes 2(nd + d² + nd).
constexpr auto proj = trace([](auto x, auto w) { return matmul(x, w); }, input<"x", bfloat16>(n, d),
                            param<"w", bfloat16>(d, d));
constexpr auto at_small = bind(n = 16, d = 4096);
constexpr auto r_small = roofline(proj, gpu, at_small);
static_assert(r_small.count == 1 && r_small.ops[0].memory_bound);
static_assert(r_small.seconds == rational(2 * (2 * 16 * 4096 + 4096ll * 4096), gpu.bandwidth));
// It turns compute-bound where 2nd²·W > 2(2nd + d²)·P, i.e. n > d·P / (d·W − 2P).
constexpr std::int64_t P = gpu.peak_bf16, W = gpu.bandwidth;
constexpr auto turn = balance_point(proj, 2, gpu, n, bind(d = 4096));
static_assert(turn.found);
static_assert(turn.lower == 4096 * P / (4096 * W - 2 * P));
static_assert(turn.upper == turn.lower + 1);
static_assert(!roofline(proj, gpu, bind(n = turn.upper, d = 4096)).ops[0].memory_bound);
static_assert(roofline(proj, gpu, bind(n = turn.lower, d = 4096)).ops[0].memory_bound);

// Long-context GQA decoding: the attention core over a cache never turns compute-bound,
// along the batch or the context: per position it reads k values of the cache for 2·(h/g)·k
// FLOPs of each of the h/g query heads that share them.
constexpr auto core = trace(
    [](auto q, auto keys) { return softmax(einsum<"bgpqk,bgmk->bgpqm">(q, keys)); },
    input<"q", bfloat16>(b, g, h / g, c<1>, d / h), input<"keys", bfloat16>(b, g, n, d / h));
static_assert(!balance_point(flops(core).polynomial_value(), bytes_moved(core).polynomial_value(), P, W,
                             detail::pack_name("n"), bind(b = 1, d = 4096, h = 32, g = 8))
                   .found);
static_assert(!balance_point(flops(core).polynomial_value(), bytes_moved(core).polynomial_value(), P, W,
                             detail::pack_name("b"), bind(n = 4096, d = 4096, h = 32, g = 8))
                   .found);

