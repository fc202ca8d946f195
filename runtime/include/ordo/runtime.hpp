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

/// The other devices of a tensor- or sequence-parallel group, for the collectives: each
/// device's part of a sharded graph runs in a process of its own, and this combines buffers
/// over them (the MPI check's ring, tools/parallel/). Without one, a run is a group of one
/// device.
class collectives {
public:
    virtual ~collectives() = default;
    /// Devices in the group.
    [[nodiscard]] virtual std::int64_t size() const = 0;
    /// Sums data[0..count) over the group, in place on every device.
    virtual void all_reduce(float* data, std::int64_t count) = 0;
    virtual void all_reduce(double* data, std::int64_t count) = 0;
    /// all[r·count .. (r + 1)·count) = device r's part[0..count), on every device.
    virtual void all_gather(const float* part, std::int64_t count, float* all) = 0;
    virtual void all_gather(const double* part, std::int64_t count, double* all) = 0;
    /// part[0..count) = the sum over the devices of their all[r·count .. (r + 1)·count), r this
    /// device's rank.
    virtual void reduce_scatter(const float* all, std::int64_t count, float* part) = 0;
    virtual void reduce_scatter(const double* all, std::int64_t count, double* part) = 0;
};

struct run_options {
    std::uint64_t seed = 1;           ///< for inputs not given, and dropout masks
    bool fast = true;                 ///< contractions through BLAS (execute only)
    bool embedding_as_matmul = false; ///< run gathers (embeddings) as one-hot matmuls; `measure` sets it
                                      ///< when the convention counts op_group::one_hot (chinchilla)
    std::vector<double>* seconds_per_node = nullptr;  ///< if set: wall time of each node, summed over loops
    bool copy_inputs = false;  ///< false: read given arrays of type T in place (not tracked as allocations)
    /// Bytes the run may hold at its peak; 0: the memory available when it starts. The symbolic
    /// peak (ordo::peak_memory, scaled to T) is checked against it before anything is
    /// allocated: E312 rather than minutes of work ending in std::bad_alloc.
    std::int64_t memory_budget = 0;
    collectives* group = nullptr;  ///< the devices all_reduce sums over (none: one device)
    /// Dropout masks keep every element (still drawn and applied, so the counts are unchanged):
    /// runs of graphs whose masks would be drawn differently, such as one device's part of a
    /// sharded layer and the whole layer, give comparable outputs.
    bool dropout_keeps_all = false;
};

/// The memory available to a new run, in bytes (MemAvailable of /proc/meminfo where there is
/// one, else the free physical pages).
std::int64_t available_memory();

/// Executes g at sizes `at` on scalar type T (float or double) and returns its output (the
/// first, for a graph of several). Integer tensors (token ids, top_k's indices) are held as T
/// inside; random ids are drawn valid for what they index. Throws ordo::error naming the
/// symbol for a bad binding (E007 unbound, E008 not an integer, E009 overflow) and naming the
/// tensor for a bad input (E301 shape, E302 dtype, E310 a name the graph does not have); E303
/// to E306 and E309 for what the runtime cannot execute (E306: an id outside the axis it
/// indexes; E309: top_k's k above its axis); E312 when the peak would pass
/// run_options::memory_budget. Each has a run-fail test (tests/run_fail/) and an
/// example in docs/troubleshooting.md.
template <typename T>
xt::xarray<T> execute(const graph& g, const bindings& at, const named_arrays& inputs = {}, run_options options = {});

/// Executes g like `execute` and returns every output, in the order the traced function
/// returned them (`trace` of a function returning a tuple or a struct of tensors: one each).
template <typename T>
std::vector<xt::xarray<T>> execute_all(const graph& g, const bindings& at, const named_arrays& inputs = {},
                                       run_options options = {});

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

/// FLOPs under convention c from operation counts: Σ over op groups and operations of the
/// count × c.flops_per(group, operation) — the weighing the symbolic costs apply to each op's
/// stated operations (a k-operand product is k − 1 multiplications in a contraction).
std::int64_t counted_flops(const op_counts& counts, const convention& c);

/// Executes g with counting scalars, like `measure` but without tracking bytes, with the
/// options of `execute` (its seed, its group of devices): the operations performed.
op_counts count_operations(const graph& g, const bindings& at, const convention& c = conventions::standard,
                           const named_arrays& inputs = {}, run_options options = {});

/// Executes g with counting scalars and tracked memory: counted<double> where g's output is
/// 8 bytes wide, counted<float> otherwise. The peak is the tracking allocator's high-water mark
/// with each tensor counted at its declared element type's width, whatever the scalar computes
/// in: a bf16 graph's 2 bytes, dropout's one-byte masks, i64 token ids' 8 (the allocation and
/// release of each tensor are the run's; only its width is the graph's).
measurement measure(const graph& g, const bindings& at, const convention& c = conventions::standard,
                    const named_arrays& inputs = {}, std::uint64_t seed = 1);

}  // namespace ordo::runtime
