#pragma once
// Timing the fast path and reading the times against a cost polynomial: log-log slopes,
// local exponents and a non-negative fit of the times to the polynomial's terms.

#include <ordo/ordo.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace ordo_tool {

/// Steady state for timing, as the benchmarks have it: glibc keeps freed memory in the heap
/// instead of returning large blocks to the kernel, so a repeated run does not page-fault its
/// tensors in again (that costs as much as a memory-bound op itself).
void keep_freed_memory();

/// The bytes of one core's cache at `level` (1: data, 2, 3: the last level), as Linux's sysfs
/// lists it for cpu0; sysconf's figure where sysfs has none. sysfs first: in a VM glibc's
/// sysconf can report the host's whole L3 (384 MiB where this VM has 32 MiB).
long cache_bytes(int level);

/// Seconds of the fastest of `repeats` runs of the fast path (inputs drawn once).
double best_time(const ordo::graph& g, const ordo::bindings& at, int repeats);

/// A polynomial in one dimension x, as (coefficient, exponent) pairs of doubles.
struct one_variable {
    std::vector<std::pair<double, int>> terms;
    [[nodiscard]] double at(double x) const;
    /// ∂log p / ∂log x at x: Σ e·t(x) / Σ t(x).
    [[nodiscard]] double local_exponent(double x) const;
};

/// `p` with every dimension but `x` bound by `others`.
one_variable restrict_to(const ordo::polynomial& p, const std::string& x, const ordo::bindings& others);

/// Least-squares slope of log y against log x.
double loglog_slope(const std::vector<double>& x, const std::vector<double>& y);

/// Measured time as a non-negative combination of the cost's terms, fitted in relative
/// error (every subset of terms, least squares, the best feasible one).
nlohmann::ordered_json fit_terms(const one_variable& f, const std::string& x, const std::vector<double>& sizes,
                                 const std::vector<double>& seconds);

}  // namespace ordo_tool
