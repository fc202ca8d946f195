// ordo-parallel: one device of a tensor-parallel GPT training layer per MPI process. Each rank
// runs its part, tensor_parallel(layer, t) with t the number of ranks, on the runtime, its
// all-reduces through MPI (a ring of MPI_Sendrecv: a reduce-scatter, then an all-gather), and
// checks against measurement:
//   - the bytes it passed to MPI, counted by the ring and, independently, by a PMPI wrapper of
//     MPI_Sendrecv, equal communication_bytes(sharded) at the sizes;
//   - its counted FLOPs (counting scalars) equal flops(sharded) under every convention;
//   - its output equals the whole layer's on the whole weights (float; dropout keeping all).
// Rank 0 prints every rank's figures as JSON. Run by `ordo validate --parallel`:
//
//     mpirun -np 2 build/gcc/bin/ordo-parallel --sizes b=2,n=16,d=32,h=4
#include "../report.hpp"
#include "shards.hpp"

#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include <mpi.h>
#include <nlohmann/json.hpp>
#include <xtensor/xmath.hpp>

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

constexpr std::array<const ordo::convention*, 4> conventions{&ordo::conventions::standard, &ordo::conventions::gemm_only,
                                                             &ordo::conventions::macs, &ordo::conventions::chinchilla};

std::int64_t pmpi_bytes = 0;  // bytes sent through MPI_Sendrecv, counted at MPI's boundary

/// The all-reduce of the sharded layer as a ring over the ranks (Patarasuk & Yuan 2009), each
/// rank sending t − 1 chunks in each half; it counts the bytes it hands to MPI.
class mpi_ring final : public ordo::runtime::collectives {
public:
    explicit mpi_ring(MPI_Comm comm) : comm_(comm) {
        MPI_Comm_rank(comm, &rank_);
        MPI_Comm_size(comm, &size_);
    }
    [[nodiscard]] std::int64_t size() const override { return size_; }
    void all_reduce(float* data, std::int64_t count) override { ring(data, count, MPI_FLOAT); }
    void all_reduce(double* data, std::int64_t count) override { ring(data, count, MPI_DOUBLE); }
    std::int64_t bytes_sent = 0;

private:
    template <typename F>
    void ring(F* data, std::int64_t count, MPI_Datatype type) {
        const auto lo = [&](int chunk) { return count * ((chunk % size_ + size_) % size_) / size_; };
        const auto length = [&](int chunk) {
            const int c = (chunk % size_ + size_) % size_;
            return count * (c + 1) / size_ - count * c / size_;
        };
        std::vector<F> incoming(static_cast<std::size_t>(count / size_ + 1));
        const int right = (rank_ + 1) % size_, left = (rank_ + size_ - 1) % size_;
        for (int half = 0; half < 2; ++half)  // reduce-scatter, then all-gather
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

/// What one rank measured, as int64s to gather: ring bytes, PMPI bytes, counted FLOPs per
/// convention, the output's relative error in units of 1e-12.
constexpr int fields = 3 + static_cast<int>(conventions.size());

std::array<std::int64_t, fields> run_rank(const std::string& sizes, int rank, int devices, mpi_ring& ring) {
    const ordo::bindings whole_at = ordo_tool::parse_sizes(sizes, "");
    const ordo::bindings at = ordo_tool::parse_sizes(sizes + ",t=" + std::to_string(devices), "");
    const ordo::runtime::named_arrays whole = ordo::runtime::random_inputs(layer, whole_at);
    const ordo::runtime::named_arrays part = ordo_tool::shard_of(whole, rank, devices);
    ordo::runtime::run_options options;
    options.dropout_keeps_all = true;
    const xt::xarray<float> expected = ordo::runtime::execute<float>(layer, whole_at, whole, options);
    options.group = &ring;
    ring.bytes_sent = pmpi_bytes = 0;
    const xt::xarray<float> got = ordo::runtime::execute<float>(sharded, at, part, options);
    std::array<std::int64_t, fields> out{ring.bytes_sent, pmpi_bytes};
    const ordo::runtime::op_counts counts = ordo::runtime::count_operations(sharded, at, ordo::conventions::standard, part, options);
    for (std::size_t c = 0; c < conventions.size(); ++c) out[2 + c] = ordo::runtime::counted_flops(counts, *conventions[c]);
    const double scale = std::max(1.0, static_cast<double>(xt::amax(xt::abs(expected))()));
    out[fields - 1] = static_cast<std::int64_t>(static_cast<double>(xt::amax(xt::abs(got - expected))()) / scale * 1e12);
    return out;
}

nlohmann::ordered_json report(const std::string& sizes, int devices, const std::vector<std::int64_t>& all) {
    const ordo::bindings at = ordo_tool::parse_sizes(sizes + ",t=" + std::to_string(devices), "");
    const std::int64_t bytes = ordo::eval(ordo::communication_bytes(sharded), at);
    constexpr double tolerance = 1e-4;  // float, sums of d and 4d/t terms in another order
    nlohmann::ordered_json out = {{"devices", devices}, {"sizes", sizes}, {"symbolic_bytes", bytes},
                                  {"symbolic_flops", nlohmann::ordered_json::object()}, {"tolerance", tolerance},
                                  {"ranks", nlohmann::ordered_json::array()}};
    for (const auto* c : conventions) out["symbolic_flops"][std::string(c->name)] = ordo::eval(ordo::flops(sharded, *c), at);
    int failed = 0;
    for (int r = 0; r < devices; ++r) {
        const std::int64_t* f = all.data() + static_cast<std::ptrdiff_t>(r) * fields;
        nlohmann::ordered_json rank = {{"rank", r}, {"ring_bytes", f[0]}, {"pmpi_bytes", f[1]},
                                       {"flops", nlohmann::ordered_json::object()}, {"relative_error", static_cast<double>(f[fields - 1]) * 1e-12}};
        bool ok = f[0] == bytes && f[1] == bytes && rank["relative_error"].get<double>() <= tolerance;
        for (std::size_t c = 0; c < conventions.size(); ++c) {
            rank["flops"][std::string(conventions[c]->name)] = f[2 + c];
            ok = ok && f[2 + c] == out["symbolic_flops"][std::string(conventions[c]->name)].get<std::int64_t>();
        }
        rank["agrees"] = ok;
        failed += ok ? 0 : 1;
        out["ranks"].push_back(rank);
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
    for (int k = 1; k + 1 < argc; ++k)
        if (std::string(argv[k]) == "--sizes") sizes = argv[k + 1];
    std::array<std::int64_t, fields> mine{};
    try {
        mpi_ring ring(MPI_COMM_WORLD);
        mine = run_rank(sizes, rank, devices, ring);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ordo-parallel, rank %d: %s\n", rank, e.what());
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    std::vector<std::int64_t> all(static_cast<std::size_t>(fields * devices));
    MPI_Gather(mine.data(), fields, MPI_INT64_T, all.data(), fields, MPI_INT64_T, 0, MPI_COMM_WORLD);
    int status = 0;
    if (rank == 0) {
        const nlohmann::ordered_json r = report(sizes, devices, all);
        std::cout << r.dump(2) << '\n';
        status = r["failed"].get<int>() == 0 ? 0 : 1;
    }
    MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Finalize();
    return status;
}
