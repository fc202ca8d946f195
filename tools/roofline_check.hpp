#pragma once
// `ordo validate --roofline`: every catalog model on the fast path, each op's measured wall
// time against its roofline time on a calibrated machine (this one). Per op the efficiency
// roofline / measured, per model the whole-graph ratio. A roofline is a lower bound: a model
// measured faster than its roofline (beyond noise) is a bug in the model or the calibration,
// and fails the check.

#include <ordo/ordo.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace ordo_tool {

/// The machine to check a model against, asked before and after each model's run (each figure
/// the higher of the two): a fixed record, or this machine measured afresh (on a shared machine
/// the memory's bandwidth changes by up to 2× within minutes: the triad here gave 36 to 72 GB/s
/// on one day).
using machine_now = std::function<const ordo::hardware&()>;

/// Runs the check (`quick`: the models' small validation sizes, a few doublings of the sweep;
/// otherwise sizes that take 0.05 s or more). `filter` as in `ordo validate`. Every model is
/// timed in `rounds` rounds over all the models (0: 1 in quick mode, 3 otherwise), each op at its
/// least time over them, the machine measured before and after each model's every round.
nlohmann::ordered_json roofline_check(const machine_now& machine, bool quick, const std::string& filter, int rounds = 0);

/// The check as a table (text).
std::string roofline_check_text(const nlohmann::ordered_json& r);

}  // namespace ordo_tool
