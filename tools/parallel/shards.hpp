#pragma once
// One device's weights of a GPT training layer split t ways, cut from the whole layer's, in
// Megatron's layout (models/training.hpp): the heads of the query, key, value and output
// projections (and their biases) and the MLP's width (w_1's columns, b_1, w_2's rows) in t
// equal parts; the norms' gains and biases, b_o, b_2 and the input x whole on every device.
// The MPI check (ordo-parallel) runs device r's part on these and compares its output with the
// whole layer's on the whole weights.

#include <ordo/runtime.hpp>

namespace ordo_tool {

/// Device `rank`'s part (of `devices`) of the layer's inputs and weights `whole` (float arrays);
/// `sequence`: with sequence parallelism, x and the output's gradient cut along n too (its
/// positions in device order).
/// std::invalid_argument when a split axis does not divide by `devices`.
ordo::runtime::named_arrays shard_of(const ordo::runtime::named_arrays& whole, int rank, int devices, bool sequence = false);

}  // namespace ordo_tool
