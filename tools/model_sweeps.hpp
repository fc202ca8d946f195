#pragma once
// Per-model evidence for `ordo validate`: every catalog model swept along n on the runtime.
//   peak: measured by the tracking allocator against `peak_memory` (exact, counted as checks);
//   time: fast-path wall time against the FLOP polynomial (log-log slopes, reported only).

#include <ordo/ordo.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace ordo_tool {

/// Sizes the time sweeps hold fixed: large enough for BLAS to dominate, small enough for CI.
inline constexpr const char* timing_sizes = "b=1,d=128,h=4,g=2,f=512,L=2,V=256,w=32,M=16384,m=64,k=32,E=4,e=2,r=32,p=16,q=32,s=1";

/// Both sweeps of one model: n doubles from the n of `check_sizes` (peak) and over a range
/// at `timing_sizes` (time); `quick` shortens both.
nlohmann::ordered_json model_sweeps(const std::string& name, const ordo::graph& g, const std::string& check_sizes,
                                    bool quick, const std::function<void(const std::string&)>& progress);

}  // namespace ordo_tool
