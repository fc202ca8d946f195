#include "validate.hpp"

#include "model_sweeps.hpp"
#include "calibrate.hpp"
#include "report.hpp"
#include "roofline_report.hpp"
#include "timing.hpp"
#include "traffic.hpp"

#include <ordo/runtime.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

namespace ordo_tool {

namespace {

constexpr std::array<const ordo::convention*, 4> conventions{&ordo::conventions::standard, &ordo::conventions::gemm_only,
                                                             &ordo::conventions::macs, &ordo::conventions::chinchilla};

/// Where the attention core (ops between activations) overtakes the projections (ops on a
/// weight), in measured time along n and in FLOPs (ordo::crossover), for the fast path.
nlohmann::ordered_json measured_crossover(const ordo::graph& g, const std::string& fixed, const std::vector<double>& sizes) {
    using ordo::models::symbols::n;
    const ordo::flops_groups split = ordo::flops_by_group(g);
    const ordo::crossover_point predicted = ordo::crossover(split.with_weights, split.without_weights, n, parse_sizes(fixed, ""));
    std::vector<double> weights, core;
    for (double x : sizes) {
        const ordo::bindings at = parse_sizes(fixed, "n=" + std::to_string(static_cast<long>(x)));
        const auto inputs = ordo::runtime::random_inputs(g, at);
        std::vector<double> seconds;
        ordo::runtime::run_options o;
        o.seconds_per_node = &seconds;
        static_cast<void>(ordo::runtime::execute<float>(g, at, inputs, o));  // warm-up
        std::fill(seconds.begin(), seconds.end(), 0.0);
        static_cast<void>(ordo::runtime::execute<float>(g, at, inputs, o));
        double w = 0, c = 0;
        for (int id = 0; id < g.node_count; ++id)
            (ordo::detail::touches_weight(g, id) ? w : c) += id < static_cast<int>(seconds.size()) ? seconds[static_cast<std::size_t>(id)] : 0.0;
        weights.push_back(w);
        core.push_back(c);
    }
    double measured = -1;  // log-log interpolation of the first sign change of core − weights
    for (std::size_t i = 0; i + 1 < sizes.size() && measured < 0; ++i) {
        const double r0 = std::log(core[i] / weights[i]), r1 = std::log(core[i + 1] / weights[i + 1]);
        if (i == 0 && r0 >= 0) measured = sizes[0];
        else if (r0 < 0 && r1 >= 0)
            measured = std::exp(std::log(sizes[i]) + (std::log(sizes[i + 1]) - std::log(sizes[i])) * (-r0) / (r1 - r0));
    }
    nlohmann::ordered_json out;
    out["projection_seconds"] = weights;
    out["core_seconds"] = core;
    out["predicted_n_in_flops"] = predicted.found ? nlohmann::ordered_json(predicted.upper) : nlohmann::ordered_json(nullptr);
    out["measured_n_in_time"] = measured < 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(measured);
    return out;
}

/// Traffic along one dimension: simulated (valgrind) against bytes_moved, as log-log slopes.
nlohmann::ordered_json traffic_sweep(const validate_options& options, const ordo::graph& g, const std::string& model,
                                     const std::string& fixed, const std::string& x, const std::vector<double>& sizes) {
    std::vector<double> measured, predicted;
    for (double value : sizes) {
        const std::string point = fixed + "," + x + "=" + std::to_string(static_cast<long>(value));
        if (options.progress) options.progress(0, 1, "traffic " + model + " " + x + "=" + std::to_string(static_cast<long>(value)));
        const std::int64_t bytes = simulated_traffic(options.ordo_executable, model, point);
        if (bytes < 0) return {{"model", model}, {"skipped", "valgrind is not installed"}};
        measured.push_back(static_cast<double>(bytes));
        predicted.push_back(static_cast<double>(ordo::eval(ordo::bytes_moved(g), parse_sizes(point, ""))));
    }
    const double ms = loglog_slope(sizes, measured), ps = loglog_slope(sizes, predicted);
    return {{"model", model}, {"dimension", x}, {"fixed", fixed}, {"sizes", sizes}, {"simulated_bytes", measured},
            {"bytes_moved", predicted}, {"measured_slope", ms}, {"predicted_slope", ps},
            {"verdict", std::abs(ms - ps) <= 0.25 ? "agrees" : "DIFFERS"}};
}


/// A model's backward graph and training step, where the runtime runs them: not through a
/// loop nested three deep, nor past ordo::max_nodes. On the heap: a graph is large.
struct backward_graphs {
    bool run = false;
    std::string why;
    std::unique_ptr<ordo::graph> kept, step;
    explicit backward_graphs(const ordo::graph& g) {
        for (int r = 1; r < g.region_count; ++r)
            if (!ordo::detail::runs_in_reverse(g, r)) {
                why = "a loop nested three deep: its backward is costed, not run";
                return;
            }
        try {
            kept = std::make_unique<ordo::graph>(ordo::backward(g));
            step = std::make_unique<ordo::graph>(ordo::backward(g, {.recompute = true}));
            run = true;
        } catch (const ordo::error& e) {  // past max_nodes: derived symbolically only where it fits
            why = e.what();
            if (why.find("[ordo:E018]") == std::string::npos) throw;
        }
    }
};

}  // namespace

std::size_t run_model(const std::string& name, const std::string& sizes) {
    std::size_t elements = 0;
    bool found = false;
    ordo::models::for_each_entry([&](const auto& entry) {
        if (entry.name != name) return;
        found = true;
        const ordo::graph g = entry.make();
        const ordo::bindings at = parse_sizes(std::string(entry.checks[0]), sizes);
        const auto inputs = ordo::runtime::random_inputs(g, at);
        elements = ordo::runtime::execute<float>(g, at, inputs).size();
    });
    if (!found) throw std::invalid_argument("ordo run: no catalog model is named '" + name + "'");
    return elements;
}

nlohmann::ordered_json validate(const validate_options& options) {
    nlohmann::ordered_json v;
    const std::time_t now = std::time(nullptr);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    v["date"] = date;
    v["machine"] = {{"hardware_threads", std::thread::hardware_concurrency()}};
    v["mode"] = options.quick ? "quick" : "full";
    v["checks"] = nlohmann::ordered_json::array();
    v["models"] = nlohmann::ordered_json::array();
    v["backward_not_run"] = nlohmann::ordered_json::array();
    int passed = 0, failed = 0, done = 0;
    int total = 0;
    ordo::models::for_each_entry([&](const auto& entry) {
        if (std::string(entry.name).find(options.filter) != std::string::npos)
            total += static_cast<int>(entry.checks.size());
    });
    ordo::models::for_each_entry([&](const auto& entry) {
        if (std::string(entry.name).find(options.filter) == std::string::npos) return;
        const ordo::graph g = entry.make();
        const backward_graphs backward(g);
        for (const std::string_view sizes : entry.checks) {
            const ordo::bindings at = parse_sizes(std::string(sizes), "");
            if (options.progress) options.progress(done, total, std::string(entry.name) + " " + std::string(sizes));
            auto record = [&](const std::string& check, std::int64_t predicted, std::int64_t measured) {
                const bool ok = predicted == measured;
                (ok ? passed : failed) += 1;
                v["checks"].push_back({{"model", entry.name}, {"sizes", ordo::pages::sizes_text(at)}, {"check", check},
                                       {"predicted", predicted}, {"measured", measured}, {"verdict", ok ? "equal" : "DIFFERS"}});
            };
            for (const ordo::convention* c : conventions) {
                const auto m = ordo::runtime::measure(g, at, *c);
                record("flops (" + std::string(c->name) + ")", ordo::eval(ordo::flops(g, *c), at), m.flops);
                if (c == conventions[0]) record("peak bytes", ordo::eval(ordo::peak_memory(g), at), m.peak_bytes);
            }
            if (backward.run) {
                // the backward graph's operations, counted as executed; a training step (the
                // forward replayed, then the backward) by the tracking allocator
                const ordo::runtime::op_counts counts = ordo::runtime::count_operations(*backward.kept, at);
                for (const ordo::convention* c : conventions)
                    record("backward flops (" + std::string(c->name) + ")", ordo::eval(ordo::flops(*backward.kept, *c), at),
                           ordo::runtime::counted_flops(counts, *c));
                record("training step peak bytes", ordo::eval(ordo::peak_memory(*backward.step), at),
                       ordo::runtime::measure(*backward.step, at).peak_bytes);
            }
            ++done;
        }
        if (!backward.run) v["backward_not_run"].push_back({{"model", entry.name}, {"why", backward.why}});
        // Per-model sweeps along n: the peak is exact (a check), the time is reported.
        nlohmann::ordered_json sweeps = model_sweeps(std::string(entry.name), g, std::string(entry.checks[0]), options.quick,
                                                     [&](const std::string& what) {
                                                         if (options.progress)
                                                             options.progress(done, total, std::string(entry.name) + " " + what);
                                                     });
        const auto& peak = sweeps["peak"];
        for (std::size_t i = 0; i < peak["n"].size(); ++i) (peak["predicted"][i] == peak["measured"][i] ? passed : failed) += 1;
        v["models"].push_back(std::move(sweeps));
    });
    if (options.progress) options.progress(done, total, "timing");

    // Timing: MHA on the fast path, one dimension at a time.
    v["timing"] = nlohmann::ordered_json::array();
    if (std::string("mha").find(options.filter) != std::string::npos) {
        using namespace ordo::models::symbols;
        const ordo::graph g = ordo::models::mha(b, n, d, h);
        std::string record = options.machine_record;
        if (record.empty()) {  // the time is predicted on this machine's roofline: calibrate it first
            if (options.progress) options.progress(done, total, "calibrating");
            record = (std::filesystem::temp_directory_path() / "ordo-validate-calibration.json").string();
            std::ofstream(record) << calibrate(options.quick).dump(2);
        }
        const ordo::hardware& machine = hardware_named(record);
        v["hardware"] = {{"name", machine.name}, {"source", machine.source}, {"peak_f32", machine.peak(ordo::dtype::f32)},
                         {"bandwidth", machine.bandwidth}};
        const int repeats = options.quick ? 2 : 5;
        struct sweep {
            const char* x;
            const char* fixed;
            std::vector<double> sizes;
        };
        std::vector<sweep> sweeps;
        if (options.quick) {
            sweeps.push_back({"n", "b=1,d=256,h=4", {128, 256, 512, 1024}});
            sweeps.push_back({"d", "b=1,n=512,h=4", {128, 256, 512, 1024}});
        } else {
            sweeps.push_back({"n", "b=4,d=1024,h=16", {256, 512, 1024, 2048, 4096}});
            sweeps.push_back({"d", "b=4,n=1024,h=16", {256, 512, 1024, 2048}});
        }
        for (const sweep& s : sweeps) {
            const ordo::bindings fixed = parse_sizes(s.fixed, "");
            std::vector<double> seconds;
            for (double x : s.sizes) {
                const std::string size = std::string(s.x) + "=" + std::to_string(static_cast<long>(x));
                if (options.progress) options.progress(done, total, "timing mha " + size);
                seconds.push_back(best_time(g, parse_sizes(s.fixed, size), repeats));
            }
            const one_variable cost = restrict_to(ordo::flops(g).polynomial_value(), s.x, fixed);
            std::vector<double> predicted_flops, roofline_seconds;
            for (double x : s.sizes) {
                predicted_flops.push_back(cost.at(x));
                const std::string size = std::string(s.x) + "=" + std::to_string(static_cast<long>(x));
                const ordo::rational t = ordo::roofline(g, machine, parse_sizes(s.fixed, size)).seconds;
                roofline_seconds.push_back(ordo::to_double(t));
            }
            const double middle = std::sqrt(s.sizes.front() * s.sizes.back());
            const double measured = loglog_slope(s.sizes, seconds), predicted = loglog_slope(s.sizes, roofline_seconds);
            const double flop_slope = loglog_slope(s.sizes, predicted_flops);
            nlohmann::ordered_json crossing;
            if (std::string(s.x) == "n") crossing = measured_crossover(g, s.fixed, s.sizes);
            v["timing"].push_back({{"model", "mha"}, {"dimension", s.x}, {"fixed", s.fixed}, {"sizes", s.sizes},
                                   {"crossover", crossing},
                                   {"seconds", seconds}, {"roofline_seconds", roofline_seconds},
                                   {"flops", predicted_flops}, {"measured_slope", measured},
                                   {"predicted_slope", predicted}, {"flop_slope", flop_slope},
                                   {"local_exponent_at_middle", cost.local_exponent(middle)},
                                   {"fit", fit_terms(cost, s.x, s.sizes, seconds)},
                                   {"verdict", std::abs(measured - predicted) <= 0.35 ? "agrees" : "differs"}});
        }
    }
    // Memory traffic: standard attention moves its N×N scores through memory; the tiled form
    // moves Θ(N²d²/M): quadratic in n with a coefficient that falls as 1/M.
    const bool attention_selected = std::string("standard_attention").find(options.filter) != std::string::npos ||
                                    std::string("flash_attention").find(options.filter) != std::string::npos;
    // Peak memory as n grows: measured by the tracking allocator, against peak_memory.
    v["memory_growth"] = nlohmann::ordered_json::array();
    if (attention_selected) {
        using namespace ordo::models::symbols;
        const std::pair<const char*, ordo::graph> models[] = {{"standard_attention", ordo::models::standard_attention(n, d)},
                                                              {"flash_attention", ordo::models::flash_attention(n, d, M)}};
        for (const auto& [name, g] : models) {
            nlohmann::ordered_json row = {{"model", name}, {"fixed", "d=4,M=64"}, {"n", nlohmann::ordered_json::array()},
                                          {"measured", nlohmann::ordered_json::array()}, {"predicted", nlohmann::ordered_json::array()}};
            for (const long size : {32, 64, 128, 256}) {
                const ordo::bindings at = parse_sizes("d=4,M=64", "n=" + std::to_string(size));
                row["n"].push_back(size);
                row["measured"].push_back(ordo::runtime::measure(g, at).peak_bytes);
                row["predicted"].push_back(ordo::eval(ordo::peak_memory(g), at));
            }
            v["memory_growth"].push_back(row);
        }
    }
    v["traffic"] = nlohmann::ordered_json::array();
    if (options.traffic && attention_selected) {
        using namespace ordo::models::symbols;
        const ordo::graph standard = ordo::models::standard_attention(n, d), tiled = ordo::models::flash_attention(n, d, M);
        v["traffic"].push_back(traffic_sweep(options, standard, "standard_attention", "d=16", "n", {512, 1024, 2048}));
        v["traffic"].push_back(traffic_sweep(options, tiled, "flash_attention", "d=16,M=1024", "n", {512, 1024, 2048}));
        // M within the regime flash.hpp models, M ≤ 4d² (blocks of B = M/(4d) ≤ d rows).
        v["traffic"].push_back(traffic_sweep(options, tiled, "flash_attention", "d=16,n=512", "M", {256, 512, 1024}));
        for (const auto& t : v["traffic"])
            if (t.contains("verdict")) (t["verdict"] == "agrees" ? passed : failed) += 1;
    }
    if (options.progress) options.progress(total, total, "done");
    v["summary"] = {{"checks", passed + failed}, {"passed", passed}, {"failed", failed}};
    return v;
}

std::string validate_text(const nlohmann::ordered_json& v) {
    std::ostringstream out;
    out << "ordo validate (" << v["mode"].get<std::string>() << ", " << v["date"].get<std::string>() << ")\n\n";
    out << "model               sizes                                    check                        predicted        measured  verdict\n";
    for (const auto& c : v["checks"]) {
        char line[256];
        std::snprintf(line, sizeof line, "%-19s %-40s %-28s %12lld %15lld  %s\n", c["model"].get<std::string>().c_str(),
                      c["sizes"].get<std::string>().c_str(), c["check"].get<std::string>().c_str(),
                      static_cast<long long>(c["predicted"].get<std::int64_t>()),
                      static_cast<long long>(c["measured"].get<std::int64_t>()), c["verdict"].get<std::string>().c_str());
        out << line;
    }
    if (v.contains("backward_not_run") && !v["backward_not_run"].empty()) {
        out << "\nBackward graphs the runtime does not run (their FLOPs and memory are derived, not measured):\n";
        for (const auto& m : v["backward_not_run"])
            out << "  " << m["model"].get<std::string>() << ": " << m["why"].get<std::string>() << "\n";
    }
    out << "\nEvery model along n: peak bytes measured = predicted at each n; time slope (log-log) measured vs FLOPs"
        << (v["mode"] == "quick" ? " (quick: sizes too small for the slopes to mean much)\n" : "\n");
    for (const auto& m : v["models"]) {
        const auto& p = m["peak"];
        const auto& t = m["time"];
        int equal = 0;
        for (std::size_t i = 0; i < p["n"].size(); ++i) equal += p["predicted"][i] == p["measured"][i];
        char line[256];
        std::snprintf(line, sizeof line, "  %-19s peak %d of %zu equal (n = %lld..%lld); time slope %.2f vs %.2f (n = %.0f..%.0f): %s\n",
                      m["model"].get<std::string>().c_str(), equal, p["n"].size(), static_cast<long long>(p["n"].front().get<std::int64_t>()),
                      static_cast<long long>(p["n"].back().get<std::int64_t>()), t["measured_slope"].get<double>(),
                      t["predicted_slope"].get<double>(), t["n"].front().get<double>(), t["n"].back().get<double>(),
                      t["verdict"].get<std::string>().c_str());
        out << line;
    }
    if (!v["timing"].empty())
        out << "\nTiming (fast path, best of runs) against the roofline on " << v["hardware"]["name"].get<std::string>()
            << ": log-log slopes, and the roofline's share of the measured time (its efficiency) at each end\n";
    for (const auto& t : v["timing"]) {
        char line[320];
        const auto& sec = t["seconds"];
        const auto& roof = t["roofline_seconds"];
        std::snprintf(line, sizeof line, "  %s, %s sweep (%s): measured %.2f, roofline %.2f, FLOPs %.2f; efficiency %.2f to %.2f; "
                      "fit max error %.0f%%: %s\n", t["model"].get<std::string>().c_str(), t["dimension"].get<std::string>().c_str(),
                      t["fixed"].get<std::string>().c_str(), t["measured_slope"].get<double>(), t["predicted_slope"].get<double>(),
                      t["flop_slope"].get<double>(), roof.front().get<double>() / sec.front().get<double>(),
                      roof.back().get<double>() / sec.back().get<double>(), 100 * t["fit"]["max_relative_error"].get<double>(),
                      t["verdict"].get<std::string>().c_str());
        out << line;
        const auto& x = t["crossover"];
        if (x.is_object()) {
            out << "    attention core overtakes projections: predicted (FLOPs) at n = "
                << (x["predicted_n_in_flops"].is_null() ? std::string("none") : x["predicted_n_in_flops"].dump())
                << ", measured (time) at n ≈ "
                << (x["measured_n_in_time"].is_null() ? std::string("beyond the sweep") : std::to_string(static_cast<long>(x["measured_n_in_time"].get<double>())))
                << "\n";
        }
    }
    if (!v["traffic"].empty()) out << "\nMemory traffic (valgrind, 64 KiB data cache) vs bytes_moved, log-log slopes\n";
    for (const auto& t : v["traffic"]) {
        if (t.contains("skipped")) {
            out << "  " << t["model"].get<std::string>() << ": skipped, " << t["skipped"].get<std::string>() << "\n";
            continue;
        }
        char line[256];
        std::snprintf(line, sizeof line, "  %s, %s sweep (%s): simulated %.2f, predicted %.2f; at the largest %s %.0f vs %.0f bytes: %s\n",
                      t["model"].get<std::string>().c_str(), t["dimension"].get<std::string>().c_str(),
                      t["fixed"].get<std::string>().c_str(), t["measured_slope"].get<double>(), t["predicted_slope"].get<double>(),
                      t["dimension"].get<std::string>().c_str(), t["simulated_bytes"].back().get<double>(),
                      t["bytes_moved"].back().get<double>(), t["verdict"].get<std::string>().c_str());
        out << line;
    }
    const auto& s = v["summary"];
    out << "\n" << s["passed"].get<int>() << " of " << s["checks"].get<int>() << " checks agree"
        << (s["failed"].get<int>() ? " — SOME DIFFER" : "") << "\n";
    return out.str();
}

}  // namespace ordo_tool
