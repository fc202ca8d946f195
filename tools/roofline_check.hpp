#pragma once
// `ordo validate --roofline`: every catalog model on the fast path, each op's measured wall
// time against its roofline time on a calibrated machine (this one). Per op the efficiency
// roofline / measured, per model the whole-graph ratio. A roofline is a lower bound: a model
// measured faster than its roofline (beyond noise) is a bug in the model or the calibration,
// and fails the check.

#include <ordo/ordo.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace ordo_tool {

/// The machine to check a model against, asked before and after each model's run (each figure
/// the higher of the two): a fixed record, or this machine measured afresh (on a shared machine
/// the memory's bandwidth changes by up to 2× within minutes: the triad here gave 36 to 72 GB/s
/// on one day).
using machine_now = std::function<const ordo::hardware&()>;

/// How a full run waits for a quiet machine before it times a model: while the bandwidth or the
/// peak measured just before is under `share` of the run's best figures, it pauses and
/// measures again, at most `tries` times per round and `budget` times in all. On a shared
/// machine a neighbour's spell can halve the bandwidth for minutes (here the triad gave 40-49
/// GB/s for minutes on end, then 68-80); a model timed in one, all its rounds, is held to
/// figures the machine had while it ran but the model could not use.
struct quiet_wait {
    double share = 0.8;
    int tries = 3, budget = 30;
    std::function<void()> pause = [] { std::this_thread::sleep_for(std::chrono::seconds(10)); };
};

/// Runs the check (`quick`: the models' small validation sizes, a few doublings of the sweep;
/// otherwise sizes that take 0.05 s or more). `filter` as in `ordo validate`. Every model is
/// timed in `rounds` rounds over all the models (0: 1 in quick mode, 3 otherwise), each op at its
/// least time over them, the machine measured before and after each model's every round.
/// `waiting`: how to wait for a quiet machine (null: quiet_wait's defaults in the full mode, no
/// waiting in the quick one).
nlohmann::ordered_json roofline_check(const machine_now& machine, bool quick, const std::string& filter, int rounds = 0,
                                      const quiet_wait* waiting = nullptr);

/// The check as a table (text).
std::string roofline_check_text(const nlohmann::ordered_json& r);

}  // namespace ordo_tool
