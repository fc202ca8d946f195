#pragma once
// `ordo validate`: runs every catalog model on the xtensor runtime and compares what it
// measured with what ordo derived — counted FLOPs under each convention and the measured
// peak at several sizes (exact checks that fail the run), and timing sweeps whose log-log
// slopes are compared with the symbolic local exponents (reported, never failing: time is
// noisy; the exact checks are the proof).

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace ordo_tool {

struct validate_options {
    bool quick = false;       ///< small sizes and short sweeps (the test suite's form)
    std::string filter;       ///< only models whose name contains this
    std::function<void(int done, int total, const std::string& what)> progress;  ///< may be empty
    bool traffic = false;               ///< simulate memory traffic with valgrind
    std::string ordo_executable;        ///< the `ordo` binary the simulation runs
    /// The machine the time sweeps are predicted on (its roofline): a record from `ordo
    /// calibrate`; empty: calibrate now (quickly with `quick`).
    std::string machine_record;
};

/// Executes catalog model `name` once on the fast path at its first validation sizes
/// overridden by `sizes`, inputs drawn first; returns the output's element count.
std::size_t run_model(const std::string& name, const std::string& sizes);

/// Runs the checks and returns the results (see the file comment).
nlohmann::ordered_json validate(const validate_options& options);

/// The results as a summary table.
std::string validate_text(const nlohmann::ordered_json& v);

}  // namespace ordo_tool
