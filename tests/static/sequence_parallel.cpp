// Sequence parallelism (Korthikanti et al. 2022, §4.2.2): tensor parallelism with the norms,
// dropouts and residuals split along the sequence too, derived from the sharded graph.
#include <ordo/ordo.hpp>
using namespace ordo;
using namespace ordo::models::symbols;  // b, n, d, h
constexpr auto t = dim<"t">;

constexpr auto layer = models::gpt_training_layer<bfloat16>(b, n, d, h);
constexpr auto split = sequence_parallel(layer, t);

// Their §4.2.2: with sequence parallelism every activation is split t ways, s·b·h·34/t +
// 5·a·s²·b/t. The gathered inputs of the column-parallel products are gathered again in the
// backward pass, so only each device's n/t positions of them are kept.
constexpr auto saved = saved_activation_bytes(split);
static_assert(saved == 34 * b * n * d / t + 5 * b * h * n * n / t);
static_assert(saved_activation_bytes(split, recompute::selective) == 34 * b * n * d / t);
static_assert(saved_activation_bytes(split, recompute::full) == 2 * b * n * d / t);

// The same bytes as tensor parallelism's two all-reduces: each is now a reduce-scatter (after
// the row-parallel products) and an all-gather (before the column-parallel ones), each half
// of a ring, (t − 1)/t · 2·b·n·d bytes
static_assert(communication_bytes(split) == communication_bytes(tensor_parallel(layer, t)));
static_assert(communication_bytes(split) == 8 * b * n * d - 8 * b * n * d / t);
// Backward: the gradients of the all-gathers are reduce-scatters, those of the
// reduce-scatters all-gathers, and the two gathers done again: six halves; and the six weight
// vectors used on n/t positions (two norms' gains and biases, b_o, b_2) all-reduce their parts
// of the gradient, 2·(t − 1)/t · 2·d bytes each
static_assert(communication_bytes(backward(split)) == 12 * b * n * d - 12 * b * n * d / t + 24 * d - 24 * d / t);

// The FLOPs per device: the products as with tensor parallelism, the rest split t ways too
static_assert(coefficient(flops(split), b * n * d * d / t) == 24);
static_assert(coefficient(flops(split), b * n * n * d / t) == 4);
static_assert(coefficient(flops(split), b * n * d) == 0);
// the same weights on each device as with tensor parallelism
static_assert(params(split) == params(tensor_parallel(layer, t)));
