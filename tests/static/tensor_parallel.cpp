// Tensor parallelism (Megatron-LM): one device's part of a GPT training layer split t ways,
// its costs polynomials in t, derived from the sharded graph.
#include <ordo/ordo.hpp>
using namespace ordo;
using namespace ordo::models::symbols;  // b, n, d, h
constexpr auto t = dim<"t">;

constexpr auto layer = models::gpt_training_layer<bfloat16>(b, n, d, h);
constexpr auto sharded = tensor_parallel(layer, t);

// Korthikanti et al. 2022 §4.2: s·b·h·(10 + 24/t + 5·a·s/(h·t)) bytes saved per device: the
// norms' inputs and outputs and two dropout masks whole on every device (10), the projections'
// results and the MLP's split t ways (24), the attention core's heads split t ways.
constexpr auto saved = saved_activation_bytes(sharded);
static_assert(saved == 10 * b * n * d + 24 * b * n * d / t + 5 * b * h * n * n / t);
static_assert(coefficient(saved, b * n * d) == 10);
static_assert(coefficient(saved, b * n * d / t) == 24);
static_assert(coefficient(saved, b * h * n * n / t) == 5);
// with selective recomputation the core goes, as in their Table 2
static_assert(saved_activation_bytes(sharded, recompute::selective) == 10 * b * n * d + 24 * b * n * d / t);

// Two ring all-reduces of b·n·d bf16 values in the forward pass (Shoeybi et al. 2019 §3):
// 2·(t − 1)/t · 2·b·n·d bytes each
static_assert(communication_bytes(sharded) == 8 * b * n * d - 8 * b * n * d / t);
static_assert(communication_bytes(layer) == 0);
// and two in the backward pass: the gradients of the column-parallel products' inputs (each
// device's share, over its heads or its part of the MLP's width), all-reduced by Megatron's f;
// the all-reduces of the forward pass (g) pass their gradient through
static_assert(communication_bytes(backward(sharded)) == 8 * b * n * d - 8 * b * n * d / t);
static_assert(communication_bytes(backward(layer)) == 0);
static_assert(communication_bytes(sharded) + communication_bytes(backward(sharded)) == 16 * b * n * d - 16 * b * n * d / t);

// The products split t ways: 24·b·n·d² of the weights' FLOPs and the 4·b·n²·d of the core
static_assert(coefficient(flops(sharded), b * n * d * d / t) == 24);
static_assert(coefficient(flops(sharded), b * n * n * d / t) == 4);
static_assert(coefficient(flops(layer), b * n * d * d) == 24);
// the weights split t ways, the norms' gains and biases and the row-parallel biases whole
static_assert(params(sharded) == 12 * d * d / t + 7 * d / t + 6 * d);
static_assert(params(layer) == 12 * d * d + 13 * d);
