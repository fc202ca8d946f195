#pragma once
// Memory traffic measured by simulation: valgrind's callgrind with a small last-level cache
// (the model of a small on-chip memory) runs `ordo run` and counts the lines that miss it,
// only inside the interpreter's run (--toggle-collect), so input generation is excluded.
// Independent of bytes_moved: the simulator sees the addresses the kernels touch.

#include <cstdint>
#include <string>

namespace ordo_tool {

struct simulated_cache {
    std::int64_t bytes = 65536;  ///< last-level cache size
    int associativity = 8;
    int line = 64;
};

/// Bytes that crossed the simulated last-level cache (read and write misses × line size)
/// during one run of catalog model `model` at `sizes`; -1 when valgrind is not installed.
std::int64_t simulated_traffic(const std::string& ordo_executable, const std::string& model, const std::string& sizes,
                               const simulated_cache& cache = {});

}  // namespace ordo_tool
