// The memory model of costs.hpp on small graphs whose peak is worked out by hand, and the
// loop constructs the runtime replays (KV caches per layer, a repeat loop's carried state).
#include <ordo/ordo.hpp>
using namespace ordo;

constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto i = dim<"i">;
constexpr auto l = dim<"l">;
constexpr auto L = dim<"L">;

// repeat with an input as its state: in iteration k >= 2 the previous result (n·d floats)
// is live next to the resident input and the new result: 3 · 4nd bytes at the multiply.
constexpr auto squares = trace([](auto x) { return repeat(l, L, x, [](auto s) { return s * s; }); },
                               input<"x", float>(n, d));
static_assert(eval(peak_memory(squares), bind(n = 2, d = 3, L = 2)) == 3 * 4 * 2 * 3);
static_assert(loop_of(squares[squares.output]).carried == 0);  // the state link the runtime follows

// A body that reads its state late keeps it live to that point: at `t * s` the input, the
// old state, t and the result are live (16nd bytes); the old state is not the input.
constexpr auto late = trace(
    [](auto x) {
        return repeat(l, L, x, [](auto s) {
            const auto t = exp(s);
            return t * s;
        });
    },
    input<"x", float>(n, d));
static_assert(eval(peak_memory(late), bind(n = 2, d = 3, L = 2)) == 16 * 2 * 3);

// Decoding through L layers: each layer keeps its own cache for all n steps (L caches of
// n × d floats), not one short-lived cache.
constexpr auto layered = trace(
    [](auto x) {
        return steps(i, n, x, [](auto token) {
            return repeat(l, L, token, [](auto s) {
                const auto keys = kv_cache(s, i);               // [1, i, d]
                return einsum<"bmd,bid->bmd">(s, keys);          // [1, 1, d]
            });
        });
    },
    input<"x", float>(c<1>, n, d));
static_assert(eval(peak_memory(layered), bind(n = 8, d = 4, L = 3)) -
                  eval(peak_memory(layered), bind(n = 8, d = 4, L = 1)) ==
              2 * 4 * 8 * 4);

// A three-operand contraction's backward: one contraction per operand over the same index
// space (3 operands: dY and the two others), so 3 × the forward under gemm_only.
constexpr auto a = dim<"a">;
constexpr auto k = dim<"k">;
constexpr auto chain3 = trace([](auto x, auto y, auto z) { return einsum<"ab,bc,cd->ad">(x, y, z); },
                              input<"x", float>(a, n), input<"y", float>(n, k), input<"z", float>(k, d));
static_assert(flops(chain3, conventions::gemm_only) == 4 * a * n * k * d);
static_assert(flops(backward(chain3), conventions::gemm_only) == 12 * a * n * k * d);

// One operand: a diagonal moves, a reduction adds once per element of the index space.
constexpr auto diagonal = trace([](auto x) { return einsum<"nn->n">(x); }, input<"x", float>(n, n));
static_assert(flops(diagonal) == 0);
constexpr auto row_sums = trace([](auto x) { return einsum<"nd->n">(x); }, input<"x", float>(n, d));
static_assert(flops(row_sums) == n * d);

// Tiled attention writes its output once: the n·d bytes term is the query blocks loaded
// (4nd) and the output rows written (4nd), nothing else.
constexpr auto M = dim<"M">;
constexpr auto tiled = models::flash_attention(n, d, M);
static_assert(coefficient(bytes_moved(tiled).polynomial_value(), n * d) == 8);
