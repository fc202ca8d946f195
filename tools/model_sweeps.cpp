#include "model_sweeps.hpp"

#include "report.hpp"
#include "timing.hpp"

#include <ordo/runtime.hpp>

#include <cmath>
#include <vector>

namespace ordo_tool {

namespace {

nlohmann::ordered_json peak_sweep(const ordo::graph& g, const std::string& check_sizes, bool quick,
                                  const std::function<void(const std::string&)>& progress) {
    const std::int64_t first = parse_sizes(check_sizes, "").size_of(ordo::detail::pack_name("n"));
    nlohmann::ordered_json out = {{"fixed", check_sizes}, {"n", nlohmann::ordered_json::array()},
                                  {"predicted", nlohmann::ordered_json::array()}, {"measured", nlohmann::ordered_json::array()}};
    for (std::int64_t size = first; size <= first * (quick ? 4 : 8); size *= 2) {
        const std::string n = "n=" + std::to_string(size);
        if (progress) progress("peak " + n);
        const ordo::bindings at = parse_sizes(check_sizes, n);
        out["n"].push_back(size);
        out["predicted"].push_back(ordo::eval(ordo::peak_memory(g), at));
        out["measured"].push_back(ordo::runtime::measure(g, at).peak_bytes);
    }
    return out;
}

nlohmann::ordered_json time_sweep(const ordo::graph& g, bool quick, const std::function<void(const std::string&)>& progress) {
    const std::vector<double> sizes = quick ? std::vector<double>{64, 128, 256} : std::vector<double>{128, 256, 512, 1024};
    std::vector<double> seconds, predicted;
    const one_variable cost = restrict_to(ordo::flops(g).polynomial_value(), "n", parse_sizes(timing_sizes, ""));
    for (const double x : sizes) {
        const std::string n = "n=" + std::to_string(static_cast<long>(x));
        if (progress) progress("time " + n);
        seconds.push_back(best_time(g, parse_sizes(timing_sizes, n), quick ? 2 : 3));
        predicted.push_back(cost.at(x));
    }
    const double measured_slope = loglog_slope(sizes, seconds), predicted_slope = loglog_slope(sizes, predicted);
    return {{"fixed", timing_sizes},
            {"n", sizes},
            {"seconds", seconds},
            {"flops", predicted},
            {"measured_slope", measured_slope},
            {"predicted_slope", predicted_slope},
            {"local_exponent_at_middle", cost.local_exponent(std::sqrt(sizes.front() * sizes.back()))},
            {"verdict", std::abs(measured_slope - predicted_slope) <= 0.35 ? "agrees" : "differs"}};
}

}  // namespace

nlohmann::ordered_json model_sweeps(const std::string& name, const ordo::graph& g, const std::string& check_sizes,
                                    bool quick, const std::function<void(const std::string&)>& progress) {
    return {{"model", name}, {"peak", peak_sweep(g, check_sizes, quick, progress)}, {"time", time_sweep(g, quick, progress)}};
}

}  // namespace ordo_tool
