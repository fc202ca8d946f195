// ordo-parallel: one device of a tensor-parallel GPT training layer per MPI process. Each rank
// runs its part, tensor_parallel(layer, t) with t the number of ranks (`--layout sequence`:
// sequence_parallel(layer, t), x and the output cut along n), on the runtime, its collectives
// through MPI (rings of MPI_Sendrecv: an all-reduce is a reduce-scatter, then an all-gather),
// and checks against measurement:
//   - the bytes it passed to MPI, counted by the ring and, independently, by a PMPI wrapper of
//     MPI_Sendrecv, equal communication_bytes(sharded) at the sizes;
//   - its counted FLOPs (counting scalars) equal flops(sharded) under every convention;
//   - its output equals the whole layer's on the whole weights (float; dropout keeping all;
//     with sequence parallelism, its n/t positions of it);
// for the forward pass and for a training step (the forward replayed, then the backward pass,
// whose collectives are Megatron's: f's all-reduce, g's reduce-scatter, ḡ's all-gather).
// Rank 0 prints every rank's figures as JSON. Run by `ordo validate --parallel`:
//
//     mpirun -np 2 build/gcc/bin/ordo-parallel --sizes b=2,n=16,d=32,h=4 [--layout sequence]
#include "../report.hpp"
#include "shards.hpp"

#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include <mpi.h>
#include <nlohmann/json.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include <array>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace {

constexpr auto b = ordo::dim<"b">;
constexpr auto n = ordo::dim<"n">;
constexpr auto d = ordo::dim<"d">;
constexpr auto h = ordo::dim<"h">;
constexpr auto t = ordo::dim<"t">;
constexpr auto layer = ordo::models::gpt_training_layer<float>(b, n, d, h);
constexpr auto sharded = ordo::tensor_parallel(layer, t);
constexpr auto sequence_sharded = ordo::sequence_parallel(layer, t);

/// The graph of one device under `layout` ("tensor" or "sequence").
const ordo::graph& device_graph(bool sequence) { return sequence ? sequence_sharded : sharded; }

constexpr std::array<const ordo::convention*, 4> conventions{&ordo::conventions::standard, &ordo::conventions::gemm_only,
                                                             &ordo::conventions::macs, &ordo::conventions::chinchilla};

std::int64_t pmpi_bytes = 0;  // bytes sent through MPI_Sendrecv, counted at MPI's boundary

/// The collectives of the sharded layer as rings over the ranks (Patarasuk & Yuan 2009), each
/// rank sending t − 1 chunks in each half: a reduce-scatter, an all-gather, or both (an
/// all-reduce); it counts the bytes it hands to MPI.
class mpi_ring final : public ordo::runtime::collectives {
public:
    explicit mpi_ring(MPI_Comm comm) : comm_(comm) {
        MPI_Comm_rank(comm, &rank_);
        MPI_Comm_size(comm, &size_);
    }
    [[nodiscard]] std::int64_t size() const override { return size_; }
    void all_reduce(float* data, std::int64_t count) override { ring(data, count, MPI_FLOAT); }
    void all_reduce(double* data, std::int64_t count) override { ring(data, count, MPI_DOUBLE); }
    void all_gather(const float* part, std::int64_t count, float* all) override { gather(part, count, all, MPI_FLOAT); }
    void all_gather(const double* part, std::int64_t count, double* all) override { gather(part, count, all, MPI_DOUBLE); }
    void reduce_scatter(const float* all, std::int64_t count, float* part) override { scatter(all, count, part, MPI_FLOAT); }
    void reduce_scatter(const double* all, std::int64_t count, double* part) override { scatter(all, count, part, MPI_DOUBLE); }
    std::int64_t bytes_sent = 0;

private:
    template <typename F>
    void gather(const F* part, std::int64_t count, F* all, MPI_Datatype type) {
        std::copy_n(part, count, all + rank_ * count);
        ring(all, count * size_, type, 1, 2, -1);  // the all-gather half, starting from this rank's part
    }
    template <typename F>
    void scatter(const F* all, std::int64_t count, F* part, MPI_Datatype type) {
        std::vector<F> sums(all, all + count * size_);
        ring(sums.data(), count * size_, type, 0, 1, -1);  // the reduce-scatter half, ending with part `rank`
        std::copy_n(sums.data() + rank_ * count, count, part);
    }
    /// Halves [first, last) of the ring over data[0..count) in size_ chunks; after the first
    /// half this rank holds the sum of chunk rank + 1 + shift.
    template <typename F>
    void ring(F* data, std::int64_t count, MPI_Datatype type, int first = 0, int last = 2, int shift = 0) {
        const auto lo = [&](int chunk) { return count * (((chunk + shift) % size_ + size_) % size_) / size_; };
        const auto length = [&](int chunk) {
            const int c = ((chunk + shift) % size_ + size_) % size_;
            return count * (c + 1) / size_ - count * c / size_;
        };
        std::vector<F> incoming(static_cast<std::size_t>(count / size_ + 1));
        const int right = (rank_ + 1) % size_, left = (rank_ + size_ - 1) % size_;
        for (int half = first; half < last; ++half)  // reduce-scatter, then all-gather
            for (int s = 0; s < size_ - 1; ++s) {
                const int send = half == 0 ? rank_ - s : rank_ + 1 - s, receive = half == 0 ? rank_ - s - 1 : rank_ - s;
                MPI_Sendrecv(data + lo(send), static_cast<int>(length(send)), type, right, 0, incoming.data(),
                             static_cast<int>(length(receive)), type, left, 0, comm_, MPI_STATUS_IGNORE);
                bytes_sent += length(send) * static_cast<std::int64_t>(sizeof(F));
                F* target = data + lo(receive);
                for (std::int64_t j = 0; j < length(receive); ++j)
                    target[j] = half == 0 ? target[j] + incoming[static_cast<std::size_t>(j)] : incoming[static_cast<std::size_t>(j)];
            }
    }
    MPI_Comm comm_;
    int rank_ = 0, size_ = 1;
};

/// The two passes each rank runs: the forward pass, and a training step (the forward replayed,
/// then the backward pass: backward(g, {.recompute = true}), on the gradient of the output).
constexpr std::array<const char*, 2> passes{"forward", "training_step"};

/// The graph of pass `p` of one device (or of the whole layer); the training step's result is
/// the gradient of x, the layer's input (every collective of the backward pass is on its way).
ordo::graph pass_graph(const ordo::graph& g, std::size_t p) {
    if (p == 0) return g;
    const auto built = ordo::detail::build_backward(g, {.recompute = true});
    ordo::graph step = built.b.g;
    for (int id = 0; id < g.node_count; ++id)
        if (g.nodes[id].kind == ordo::op_kind::input && ordo::detail::unpack_name(ordo::leaf_name(g.nodes[id])).view() == "x")
            step.output = step.outputs[0] = built.grad[id];
    step.output_count = 1;
    return step;
}

/// What one rank measured in one pass, as int64s to gather: ring bytes, PMPI bytes, counted
/// FLOPs per convention, the output's relative error in units of 1e-12.
constexpr int per_pass = 3 + static_cast<int>(conventions.size());
constexpr int fields = per_pass * static_cast<int>(passes.size());

/// `whole`'s part on this device: all of it where the shapes agree, else (sequence
/// parallelism) its slice of positions (axis 1).
xt::xarray<float> this_device(const xt::xarray<float>& whole, const xt::xarray<float>& got, int rank) {
    if (whole.shape() == got.shape()) return whole;
    const auto positions = static_cast<std::ptrdiff_t>(got.shape()[1]);
    return xt::view(whole, xt::all(), xt::range(positions * rank, positions * (rank + 1)));
}

std::array<std::int64_t, fields> run_rank(const std::string& sizes, bool sequence, int rank, int devices, mpi_ring& ring) {
    const ordo::bindings whole_at = ordo_tool::parse_sizes(sizes, "");
    const ordo::bindings at = ordo_tool::parse_sizes(sizes + ",t=" + std::to_string(devices), "");
    std::array<std::int64_t, fields> out{};
    for (std::size_t p = 0; p < passes.size(); ++p) {
        const ordo::graph whole_graph = pass_graph(layer, p), mine = pass_graph(device_graph(sequence), p);
        const ordo::runtime::named_arrays whole = ordo::runtime::random_inputs(whole_graph, whole_at);
        const ordo::runtime::named_arrays part = ordo_tool::shard_of(whole, rank, devices, sequence);
        ordo::runtime::run_options options;
        options.dropout_keeps_all = true;
        const xt::xarray<float> expected_whole = ordo::runtime::execute<float>(whole_graph, whole_at, whole, options);
        options.group = &ring;
        ring.bytes_sent = pmpi_bytes = 0;
        const xt::xarray<float> got = ordo::runtime::execute<float>(mine, at, part, options);
        std::int64_t* f = out.data() + p * per_pass;
        f[0] = ring.bytes_sent;
        f[1] = pmpi_bytes;
        const ordo::runtime::op_counts counts = ordo::runtime::count_operations(mine, at, ordo::conventions::standard, part, options);
        for (std::size_t c = 0; c < conventions.size(); ++c) f[2 + c] = ordo::runtime::counted_flops(counts, *conventions[c]);
        const xt::xarray<float> expected = this_device(expected_whole, got, rank);
        const double scale = std::max(1.0, static_cast<double>(xt::amax(xt::abs(expected))()));
        f[per_pass - 1] = static_cast<std::int64_t>(static_cast<double>(xt::amax(xt::abs(got - expected))()) / scale * 1e12);
    }
    return out;
}

nlohmann::ordered_json report(const std::string& sizes, bool sequence, int devices, const std::vector<std::int64_t>& all) {
    const ordo::bindings at = ordo_tool::parse_sizes(sizes + ",t=" + std::to_string(devices), "");
    constexpr double tolerance = 1e-4;  // float, sums of d and 4d/t terms in another order
    nlohmann::ordered_json out = {{"devices", devices}, {"layout", sequence ? "sequence" : "tensor"}, {"sizes", sizes},
                                  {"tolerance", tolerance}, {"passes", nlohmann::ordered_json::array()}};
    int failed = 0;
    for (std::size_t p = 0; p < passes.size(); ++p) {
        const ordo::graph mine = pass_graph(device_graph(sequence), p);
        const std::int64_t bytes = ordo::eval(ordo::communication_bytes(mine), at);
        nlohmann::ordered_json pass = {{"pass", passes[p]}, {"symbolic_bytes", bytes},
                                       {"symbolic_flops", nlohmann::ordered_json::object()}, {"ranks", nlohmann::ordered_json::array()}};
        for (const auto* c : conventions) pass["symbolic_flops"][std::string(c->name)] = ordo::eval(ordo::flops(mine, *c), at);
        for (int r = 0; r < devices; ++r) {
            const std::int64_t* f = all.data() + static_cast<std::ptrdiff_t>(r) * fields + static_cast<std::ptrdiff_t>(p) * per_pass;
            nlohmann::ordered_json rank = {{"rank", r}, {"ring_bytes", f[0]}, {"pmpi_bytes", f[1]},
                                           {"flops", nlohmann::ordered_json::object()},
                                           {"relative_error", static_cast<double>(f[per_pass - 1]) * 1e-12}};
            bool ok = f[0] == bytes && f[1] == bytes && rank["relative_error"].get<double>() <= tolerance;
            for (std::size_t c = 0; c < conventions.size(); ++c) {
                rank["flops"][std::string(conventions[c]->name)] = f[2 + c];
                ok = ok && f[2 + c] == pass["symbolic_flops"][std::string(conventions[c]->name)].get<std::int64_t>();
            }
            rank["agrees"] = ok;
            failed += ok ? 0 : 1;
            pass["ranks"].push_back(rank);
        }
        out["passes"].push_back(pass);
    }
    out["failed"] = failed;
    return out;
}

}  // namespace

/// PMPI: every MPI_Sendrecv of this process passes here, so its bytes are counted by MPI's
/// own datatype sizes, apart from the ring's count.
extern "C" int MPI_Sendrecv(const void* sendbuf, int sendcount, MPI_Datatype sendtype, int dest, int sendtag,
                            void* recvbuf, int recvcount, MPI_Datatype recvtype, int source, int recvtag, MPI_Comm comm,
                            MPI_Status* status) {
    int element = 0;
    PMPI_Type_size(sendtype, &element);
    pmpi_bytes += static_cast<std::int64_t>(sendcount) * element;
    return PMPI_Sendrecv(sendbuf, sendcount, sendtype, dest, sendtag, recvbuf, recvcount, recvtype, source, recvtag,
                         comm, status);
}

/// Under AddressSanitizer (the sanitize build), no leak check at exit: Open MPI keeps what its
/// plugins allocate until the process ends, and LeakSanitizer reports those (from unloaded
/// plugins it cannot name, so no suppression matches them). The rest of ASan stays on; the
/// runtime's own allocations are leak-checked by the other tests. Unused without ASan.
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }

int main(int argc, char** argv) {
    MPI_Init(&argc, &argv);
    int rank = 0, devices = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &devices);
    std::string sizes = "b=2,n=16,d=32,h=4";
    bool sequence = false;
    for (int k = 1; k + 1 < argc; ++k) {
        if (std::string(argv[k]) == "--sizes") sizes = argv[k + 1];
        if (std::string(argv[k]) == "--layout") sequence = std::string(argv[k + 1]) == "sequence";
    }
    std::array<std::int64_t, fields> mine{};
    try {
        mpi_ring ring(MPI_COMM_WORLD);
        mine = run_rank(sizes, sequence, rank, devices, ring);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ordo-parallel, rank %d: %s\n", rank, e.what());
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    std::vector<std::int64_t> all(static_cast<std::size_t>(fields * devices));
    MPI_Gather(mine.data(), fields, MPI_INT64_T, all.data(), fields, MPI_INT64_T, 0, MPI_COMM_WORLD);
    int status = 0;
    if (rank == 0) {
        const nlohmann::ordered_json r = report(sizes, sequence, devices, all);
        std::cout << r.dump(2) << '\n';
        status = r["failed"].get<int>() == 0 ? 0 : 1;
    }
    MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Finalize();
    return status;
}
