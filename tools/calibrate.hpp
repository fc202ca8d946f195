#pragma once
// `ordo calibrate`: measures this machine into a hardware record (JSON) that `ordo report
// --hardware FILE.json` reads: BLAS sgemm and dgemm on all cores at large sizes (peak f32 and
// f64 FLOP/s), and a STREAM-style triad a = b + s·c over arrays far past the last-level cache
// (bandwidth, counting the 3 arrays of 8-byte elements, as STREAM does), and the on-chip memory
// a working set is reused from (measured: re-read at rising sizes). Best of several runs:
// a roofline is a bound, so the machine's best is its figure.

#include <ordo/graph/hardware.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace ordo_tool {

/// Measures this machine (`quick`: smaller sizes, fewer runs; for tests).
nlohmann::ordered_json calibrate(bool quick);

}  // namespace ordo_tool
