#include "roofline_check.hpp"

#include "report.hpp"

#include <ordo/runtime.hpp>

#include <algorithm>
#include <numeric>
#include <sstream>
#include <vector>

namespace ordo_tool {

namespace {

double as_double(const ordo::rational& r) { return static_cast<double>(r.num) / static_cast<double>(r.den); }

/// Wall seconds per node of one fast-path run (after a warm-up), inputs drawn beforehand.
std::vector<double> timed_run(const ordo::graph& g, const ordo::bindings& at) {
    const auto inputs = ordo::runtime::random_inputs(g, at);
    std::vector<double> seconds;
    ordo::runtime::run_options o;
    o.seconds_per_node = &seconds;
    static_cast<void>(ordo::runtime::execute<float>(g, at, inputs, o));  // warm-up
    std::fill(seconds.begin(), seconds.end(), 0.0);
    static_cast<void>(ordo::runtime::execute<float>(g, at, inputs, o));
    seconds.resize(static_cast<std::size_t>(g.node_count), 0.0);
    return seconds;
}

/// The model's sizes: its first validation sizes with the sweep doubled while a run takes
/// less than `target` seconds (at most `doublings` times, and while the sizes stay valid).
std::string sized(const ordo::graph& g, const std::string& checks, const std::string& sweep, double target, int doublings) {
    std::string sizes = checks;
    for (int k = 0; k < doublings; ++k) {
        const ordo::bindings at = parse_sizes(sizes, "");
        const std::vector<double> s = timed_run(g, at);
        if (std::accumulate(s.begin(), s.end(), 0.0) >= target) break;
        const std::string next =
            sizes + "," + sweep + "=" + std::to_string(2 * at.size_of(ordo::detail::pack_name(sweep)));
        try {
            ordo::check_sizes(g, parse_sizes(next, ""));
        } catch (const ordo::error&) {
            break;
        }
        sizes = next;
    }
    return ordo::pages::sizes_text(parse_sizes(sizes, ""));
}

}  // namespace

nlohmann::ordered_json roofline_check(const ordo::hardware& hw, bool quick, const std::string& filter) {
    nlohmann::ordered_json out = {{"hardware", hw.name}, {"source", hw.source}, {"models", nlohmann::ordered_json::array()}};
    int failed = 0;
    ordo::models::for_each_entry([&](const auto& entry) {
        if (!filter.empty() && std::string(entry.name).find(filter) == std::string::npos) return;
        const ordo::graph g = entry.make();
        const std::string sizes = sized(g, std::string(entry.checks[0]), std::string(entry.sweep), quick ? 0.005 : 0.05,
                                        quick ? 3 : 12);
        const ordo::bindings at = parse_sizes(sizes, "");
        const std::vector<double> measured = timed_run(g, at);
        const ordo::roofline_result r = ordo::roofline(g, hw, at);
        const double total = std::accumulate(measured.begin(), measured.end(), 0.0);
        nlohmann::ordered_json m = {{"model", entry.name}, {"sizes", sizes}, {"measured_seconds", total},
                                    {"roofline_seconds", as_double(r.seconds)}};
        m["ratio"] = total > 0 ? as_double(r.seconds) / total : 0.0;
        m["ops"] = nlohmann::ordered_json::array();
        for (int k = 0; k < r.count; ++k) {
            const ordo::op_roofline& op = r.ops[k];
            const double t = measured[static_cast<std::size_t>(op.id)];
            m["ops"].push_back({{"id", op.id}, {"name", ordo::name_of(g.nodes[op.id].kind)},
                                {"bound", op.memory_bound ? "memory" : "compute"}, {"measured_seconds", t},
                                {"roofline_seconds", as_double(op.seconds)},
                                {"share", total > 0 ? t / total : 0.0},
                                {"efficiency", t > 0 ? as_double(op.seconds) / t : 0.0}});
        }
        // the roofline is a bound: measured faster than it by more than noise (10 %) is wrong
        const bool below = total > 0 && m["ratio"].get<double>() > 1.1;
        m["verdict"] = below ? "FASTER THAN THE ROOFLINE" : "bounded";
        failed += below ? 1 : 0;
        out["models"].push_back(m);
    });
    out["failed"] = failed;
    return out;
}

std::string roofline_check_text(const nlohmann::ordered_json& r) {
    std::ostringstream s;
    s << "roofline on " << r["hardware"].get<std::string>() << " (" << r["source"].get<std::string>() << ")\n";
    s << "model                 measured s   roofline s   ratio   top op (share, efficiency)         verdict\n";
    for (const auto& m : r["models"]) {
        const nlohmann::ordered_json* top = nullptr;
        for (const auto& op : m["ops"])
            if (!top || op["share"].get<double>() > (*top)["share"].get<double>()) top = &op;
        char line[256];
        std::snprintf(line, sizeof line, "%-20s %11.4g %12.4g %7.3f   %-10s %5.1f%% %6.3f (%s)   %s\n",
                      m["model"].get<std::string>().c_str(), m["measured_seconds"].get<double>(),
                      m["roofline_seconds"].get<double>(), m["ratio"].get<double>(),
                      top ? (*top)["name"].get<std::string>().c_str() : "-", top ? 100 * (*top)["share"].get<double>() : 0.0,
                      top ? (*top)["efficiency"].get<double>() : 0.0, top ? (*top)["bound"].get<std::string>().c_str() : "-",
                      m["verdict"].get<std::string>().c_str());
        s << line;
    }
    s << r["failed"].get<int>() << " model(s) measured faster than their roofline\n";
    return s.str();
}

}  // namespace ordo_tool
