#pragma once
/// \file
/// ordo::runtime: the xtensor reference runtime. It executes a traced graph with real numbers
/// and measures what happens, independently of the symbolic formulas:
///
///     const auto at = ordo::bind(b = 2, n = 64, d = 128, h = 4);
///     xt::xarray<float> y = ordo::runtime::execute<float>(g, at);     // random inputs, seed 1
///     const auto m = ordo::runtime::measure(g, at);                   // counts as it goes
///     assert(m.flops == ordo::eval(ordo::flops(g), at));
///
/// `execute` runs the fast path (contractions through BLAS gemm). `measure` runs the same
/// interpreter on `counted<float>` scalars through the generic kernels: every operation is
/// counted as performed, every buffer goes through a tracking allocator, and the convention
/// decides which counts are FLOPs (see `counted_flops`).

#include <ordo/graph.hpp>
#include <ordo/runtime/counted.hpp>
#include <ordo/runtime/memory.hpp>

#include <xtensor/xarray.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace ordo::runtime {

/// An input array of any element type the graphs use.
using any_array = std::variant<xt::xarray<float>, xt::xarray<double>, xt::xarray<std::int32_t>, xt::xarray<std::int64_t>>;
/// Inputs and weights by name; those missing are drawn at random from the seed.
using named_arrays = std::map<std::string, any_array>;

struct run_options {
    std::uint64_t seed = 1;           ///< for inputs not given
    bool fast = true;                 ///< contractions through BLAS (execute only)
    bool embedding_as_matmul = false; ///< run embeddings as one-hot matmuls (chinchilla)
    std::vector<double>* seconds_per_node = nullptr;  ///< if set: wall time of each node, summed over loops
    bool copy_inputs = false;  ///< false: read given arrays of type T in place (not tracked as allocations)
};

/// Executes g at sizes `at` on scalar type T (float or double) and returns its output.
/// Throws ordo::error naming the symbol for a bad binding (E007 unbound, E008 not an
/// integer, E009 overflow) and naming the tensor for a bad input (E301 shape, E302 dtype);
/// E303 to E308 for what the runtime cannot execute. Each has a run-fail test
/// (tests/run_fail/) and an example in docs/troubleshooting.md.
template <typename T>
xt::xarray<T> execute(const graph& g, const bindings& at, const named_arrays& inputs = {}, run_options options = {});

/// The inputs and weights `execute` would draw for g at `at` from `seed` (f32 and f64 tensors
/// as float/double arrays, integer token ids as int32/int64 arrays): pass them back to time
/// the model without the cost of drawing them.
named_arrays random_inputs(const graph& g, const bindings& at, std::uint64_t seed = 1);

/// What a counted run measured.
struct measurement {
    std::int64_t flops = 0;        ///< FLOPs under the convention, from the counts
    std::int64_t peak_bytes = 0;   ///< the tracking allocator's high-water mark
    std::int64_t allocations = 0;  ///< tensor buffers allocated
    op_counts counts;              ///< every operation performed, by group
};

/// FLOPs under convention c from operation counts: contractions give c.flops_per_multiply_add
/// per multiplication performed in them (a k-operand product is k − 1 multiply-adds);
/// softmax counts all 5 of its operations (standard), its exp, sum and divide (3:
/// chinchilla) or none; other ops count every operation when c.counts_elementwise.
std::int64_t counted_flops(const op_counts& counts, const convention& c);

/// Executes g with counting scalars and tracked memory. Bytes are real: the counted scalar
/// has the width of the graph's element type (f32 → counted<float>, f64 → counted<double>).
measurement measure(const graph& g, const bindings& at, const convention& c = conventions::standard,
                    const named_arrays& inputs = {}, std::uint64_t seed = 1);

}  // namespace ordo::runtime
