#pragma once
// Memory traffic measured by simulation: valgrind's callgrind with a small data cache (the
// model of a small on-chip memory) runs `ordo run` and counts the lines that miss it, only
// inside the interpreter's run (--toggle-collect), so input generation is excluded.
// Independent of bytes_moved: the simulator sees the addresses the kernels touch.
//
// Every cache is given explicitly: callgrind otherwise copies the host's L1 geometry, and the
// count would change from machine to machine. The on-chip memory is the simulated L1 *data*
// cache, behind a large last-level cache: a small unified LL would also hold instructions,
// and BLAS code evicting tiles is an artefact of the simulation, not of the algorithm.

#include <cstdint>
#include <string>

namespace ordo_tool {

struct simulated_cache {
    std::int64_t bytes = 65536;  ///< data cache size: the on-chip memory
    int associativity = 8;
    int line = 64;
};

/// Bytes that crossed the simulated data cache (read and write misses × line size)
/// during one run of catalog model `model` at `sizes`; -1 when valgrind is not installed.
std::int64_t simulated_traffic(const std::string& ordo_executable, const std::string& model, const std::string& sizes,
                               const simulated_cache& cache = {});

}  // namespace ordo_tool
