#pragma once
// `ordo validate --parallel`: the tensor- and sequence-parallel GPT training layer on a real
// MPI run. It starts `mpirun -np 2` and `mpirun -np 4 --oversubscribe` of ordo-parallel (built
// beside `ordo` when Open MPI is found; tools/parallel/ordo_parallel.cpp) for each layout, one
// process per device, and collects what each rank measured in the forward pass and in a
// training step: bytes passed to MPI (the ring's count and a PMPI wrapper's) against
// communication_bytes, counted FLOPs against flops per convention, and the output against the
// whole layer's.

#include <nlohmann/json.hpp>

#include <string>

namespace ordo_tool {

/// Runs the check with ordo-parallel from `bin_dir` (`quick`: b=2, n=16, d=32, h=4; otherwise
/// b=4, n=64, d=128, h=8). std::runtime_error when mpirun or ordo-parallel cannot be started.
nlohmann::ordered_json parallel_check(bool quick, const std::string& bin_dir);

/// The check as a table (text).
std::string parallel_check_text(const nlohmann::ordered_json& r);

}  // namespace ordo_tool
