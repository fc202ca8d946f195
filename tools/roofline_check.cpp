#include "roofline_check.hpp"

#include "report.hpp"
#include "timing.hpp"

#include <ordo/runtime.hpp>

#include <algorithm>
#include <array>
#include <numeric>
#include <sstream>
#include <utility>
#include <vector>

namespace ordo_tool {

namespace {

/// Wall seconds per node of a fast-path run (after a warm-up), inputs drawn beforehand: each
/// node's least time over `runs` runs, so that a moment's noise on a shared machine (another
/// process, a page-cache flush) does not count against the op it fell on. The least is also
/// the strict reading for the bound: a run faster than the roofline shows up, never averages away.
std::vector<double> timed_run(const ordo::graph& g, const ordo::bindings& at, int runs = 1) {
    keep_freed_memory();
    const auto inputs = ordo::runtime::random_inputs(g, at);
    std::vector<double> seconds, least;
    ordo::runtime::run_options o;
    o.seconds_per_node = &seconds;
    static_cast<void>(ordo::runtime::execute<float>(g, at, inputs, o));  // warm-up
    for (int r = 0; r < runs; ++r) {
        std::fill(seconds.begin(), seconds.end(), 0.0);
        static_cast<void>(ordo::runtime::execute<float>(g, at, inputs, o));
        seconds.resize(static_cast<std::size_t>(g.node_count), 0.0);
        if (r == 0) least = seconds;
        for (std::size_t k = 0; k < least.size(); ++k) least[k] = std::min(least[k], seconds[k]);
    }
    return least;
}

/// Models of a batch (of sequences or tokens) are timed at the scale of one CPU (the MHA
/// benchmark's shape, two layers of a small vocabulary) rather than at the catalog's 7B
/// defaults, which take minutes here; the single attention heads without a batch (standard
/// and tiled attention) keep their own defaults.
constexpr const char* cpu_sizes =
    "b=4,n=1024,d=1024,h=16,g=4,f=4096,L=2,V=8192,w=256,m=1024,k=64,E=8,e=2,r=256,p=32,q=512,s=1";

/// Tiled attention's on-chip memory M (in elements) is, on this CPU, one core's L2: the tiles
/// a core works on stay there. At the catalog's GPU-sized M the tiles are so small that a run
/// measures the interpreter's per-op overhead, not the products.
std::string on_chip(const ordo::graph& g) {
    const long l2 = cache_bytes(2);
    return flops_mention(g, "M") && l2 > 0 ? ",M=" + std::to_string(l2 / static_cast<long>(sizeof(float))) : "";
}

/// The largest tensor of g at `at`, in bytes (tensors whose shape depends on a loop index are
/// left out: they are no larger than their loop's output or cache).
std::int64_t largest_tensor(const ordo::graph& g, const ordo::bindings& at) {
    std::int64_t largest = 0;
    for (int id = 0; id < g.node_count; ++id) try {
            largest = std::max(largest, ordo::eval(ordo::detail::buffer_bytes(g, id), at));
        } catch (const ordo::error&) {
        }
    return largest;
}

/// glibc's heap keeps freed blocks below this size (keep_freed_memory); a tensor this large is
/// mapped afresh by every run, which then measures the kernel zeroing its pages, not the op.
constexpr std::int64_t heap_kept = std::int64_t{1} << 30;

/// Whether `sizes` are valid sizes of g (every extent integral, every constraint met).
bool valid(const ordo::graph& g, const std::string& sizes) {
    try {
        ordo::check_sizes(g, parse_sizes(sizes, ""));
        return true;
    } catch (const ordo::error&) {
        return false;
    }
}

/// The sizes to time a model at: `start` with its sweep halved while a tensor would pass
/// `heap_kept`, then doubled while a run takes less than `low` seconds, or less than half of
/// `high` with no tensor of `least_tensor` bytes, and halved while it takes more than
/// `high` (at most `steps` times, sizes valid). The roofline's bandwidth is the memory's: a
/// KV cache that the cache holds from one step to the next is read faster than that (at
/// b = 4, n = 2048, d = 1024 one layer's keys and values are 64 MiB, all that one VM here
/// reuses of its L3, which it read at 2.5× the memory's speed), so the full form asks for a
/// tensor of `least_tensor` bytes: 4× the on-chip memory the calibration measured.
std::string sized(const ordo::graph& g, const std::string& start, const std::string& sweep, double low, double high,
                  int steps, std::int64_t least_tensor) {
    std::string sizes = start;
    for (;;) {
        const ordo::bindings at = parse_sizes(sizes, "");
        const std::int64_t now = at.size_of(ordo::detail::pack_name(sweep));
        if (largest_tensor(g, at) < heap_kept || now < 2) break;
        sizes += "," + sweep + "=" + std::to_string(now / 2);
    }
    for (int k = 0; k < steps; ++k) {
        const ordo::bindings at = parse_sizes(sizes, "");
        const std::vector<double> s = timed_run(g, at);
        const double total = std::accumulate(s.begin(), s.end(), 0.0);
        const std::int64_t now = at.size_of(ordo::detail::pack_name(sweep));
        const bool small = total < low || (total < high / 2 && largest_tensor(g, at) < least_tensor);
        const bool too_large = small && largest_tensor(g, parse_sizes(sizes + "," + sweep + "=" + std::to_string(2 * now), "")) >= heap_kept;
        if ((!small && total <= high) || (total > high && now < 2) || too_large) break;
        const std::string next = sizes + "," + sweep + "=" + std::to_string(small ? 2 * now : now / 2);
        if (!valid(g, next)) break;
        sizes = next;
    }
    // Still no tensor past the on-chip memory: the batch ×8 and the sweep ÷4, as long as a run
    // stays under `high`. A decoding loop's time goes with b·n², its KV cache with b·n, so the
    // cache doubles in half the time; along n alone it would take 4× as long per doubling.
    for (int k = 0; k < steps && flops_mention(g, "b") && sweep != "b"; ++k) {
        const ordo::bindings at = parse_sizes(sizes, "");
        const std::int64_t b = at.size_of(ordo::detail::pack_name("b")), now = at.size_of(ordo::detail::pack_name(sweep));
        if (largest_tensor(g, at) >= least_tensor || now < 4) break;
        const std::string next = sizes + ",b=" + std::to_string(8 * b) + "," + sweep + "=" + std::to_string(now / 4);
        if (!valid(g, next) || largest_tensor(g, parse_sizes(next, "")) >= heap_kept) break;
        const std::vector<double> s = timed_run(g, parse_sizes(next, ""));
        if (std::accumulate(s.begin(), s.end(), 0.0) > high) break;
        sizes = next;
    }
    return ordo::pages::sizes_text(parse_sizes(sizes, ""));
}

/// Each figure the higher of a's and b's: the machine measured at several times is taken at the
/// best it showed, since a neighbour that slows it during one calibration (here sgemm once gave
/// 112 GFLOP/s between runs of 200, and 121 before and after a run whose ops reached 116)
/// would otherwise lower the roofline below a run made at full speed.
constexpr std::array figures{&ordo::hardware::peak_f16, &ordo::hardware::peak_bf16, &ordo::hardware::peak_f32,
                             &ordo::hardware::peak_f64, &ordo::hardware::bandwidth};
ordo::hardware faster_of(ordo::hardware a, const ordo::hardware& b) {
    for (auto field : figures) a.*field = std::max(a.*field, b.*field);
    return a;
}
ordo::hardware slower_of(ordo::hardware a, const ordo::hardware& b) {
    for (auto field : figures) a.*field = std::min(a.*field, b.*field);
    return a;
}

/// One model's measured runs, compared with the roofline once every model has run.
struct measured_model {
    std::string name, sizes;
    ordo::graph g;
    std::vector<double> seconds;  ///< per node, the least over every round
    ordo::hardware slowest, fastest;  ///< each figure's lowest and highest measured beside the runs
    int waits = 0;                    ///< pauses before its rounds, for the machine to be quiet
};

/// Times `run` once more (a round): the machine measured just before and just after, each node
/// kept at its least time over the rounds, the run's best figures updated.
void time_round(measured_model& run, const machine_now& machine, ordo::hardware& best, int runs, quiet_wait& wait) {
    ordo::hardware before = machine();
    // a neighbour's spell: wait for it to pass (the check holds the model to the run's best)
    const auto slow = [&](const ordo::hardware& now) {
        return static_cast<double>(now.bandwidth) < wait.share * static_cast<double>(best.bandwidth) ||
               static_cast<double>(now.peak_f32) < wait.share * static_cast<double>(best.peak_f32);
    };
    for (int tries = 0; slow(before) && tries < wait.tries && wait.budget > 0 && wait.pause; ++tries) {
        wait.pause();
        --wait.budget;
        ++run.waits;
        before = machine();
    }
    const std::vector<double> seconds = timed_run(run.g, parse_sizes(run.sizes, ""), runs);
    const ordo::hardware after = machine();
    if (run.seconds.empty()) {  // the first round
        run.seconds = seconds;
        run.slowest = run.fastest = before;
    }
    for (std::size_t k = 0; k < run.seconds.size(); ++k) run.seconds[k] = std::min(run.seconds[k], seconds[k]);
    run.slowest = slower_of(slower_of(run.slowest, before), after);
    run.fastest = faster_of(faster_of(run.fastest, before), after);
    best = faster_of(best, run.fastest);
}

}  // namespace

nlohmann::ordered_json roofline_check(const machine_now& machine, bool quick, const std::string& filter, int rounds,
                                      const quiet_wait* waiting) {
    if (rounds < 1) rounds = quick ? 1 : 3;
    quiet_wait wait = waiting ? *waiting : quick ? quiet_wait{0.0, 0, 0, {}} : quiet_wait{};
    nlohmann::ordered_json out = {{"hardware", ""}, {"source", ""}, {"quick", quick}, {"rounds", rounds},
                                  {"models", nlohmann::ordered_json::array()}};
    // the machine is measured before and after each model, and every model is compared with the
    // best figures of the whole run: a machine's limits do not change, its neighbours do
    ordo::hardware hw = machine();
    const std::int64_t least_tensor = quick ? 0 : 4 * hw.on_chip_bytes;
    std::vector<measured_model> runs;
    ordo::models::for_each_entry([&](const auto& entry) {
        if (!filter.empty() && std::string(entry.name).find(filter) == std::string::npos) return;
        const ordo::graph g = entry.make();
        const std::string defaults(entry.sizes);
        const std::string start = quick ? std::string(entry.checks[0])
                                        : flops_mention(g, "b") ? defaults + "," + cpu_sizes : defaults + on_chip(g);
        const std::string sizes = sized(g, start, std::string(entry.sweep), quick ? 0.005 : 0.05, quick ? 1.0 : 5.0,
                                        quick ? 3 : 8, least_tensor);
        runs.push_back({std::string(entry.name), sizes, g, {}, {}, {}});
        time_round(runs.back(), machine, hw, quick ? 1 : 3, wait);
    });
    // the further rounds, over every model again: spread over the whole run, they meet the
    // machine at its faster times too (here the triad gave 40-46 GB/s for minutes on end, then
    // 68-80 for minutes), where one round would hold a model timed in a slow spell to the run's
    // best figures
    for (int round = 1; round < rounds; ++round)
        for (measured_model& run : runs) time_round(run, machine, hw, quick ? 1 : 3, wait);
    out["hardware"] = hw.name;
    out["source"] = hw.source;
    int failed = 0;
    for (const measured_model& run : runs) {
        const ordo::graph& g = run.g;
        const std::vector<double>& measured = run.seconds;
        const ordo::roofline_result r = ordo::roofline(g, hw, parse_sizes(run.sizes, ""));
        const double total = std::accumulate(measured.begin(), measured.end(), 0.0);
        nlohmann::ordered_json m = {{"model", run.name}, {"sizes", run.sizes}, {"peak_f32", hw.peak_f32},
                                    {"bandwidth", hw.bandwidth}, {"on_chip_bytes", hw.on_chip_bytes}, {"measured_seconds", total},
                                    {"roofline_seconds", ordo::to_double(r.seconds)}};
        // how the machine ran beside this model (the check itself uses the run's best figures)
        m["beside"] = {{"bandwidth", {run.slowest.bandwidth, run.fastest.bandwidth}},
                       {"peak_f32", {run.slowest.peak_f32, run.fastest.peak_f32}}};
        m["waits"] = run.waits;
        m["ratio"] = total > 0 ? ordo::to_double(r.seconds) / total : 0.0;
        m["ops"] = nlohmann::ordered_json::array();
        for (int k = 0; k < r.count; ++k) {
            const ordo::op_roofline& op = r.ops[k];
            const double t = measured[static_cast<std::size_t>(op.id)];
            m["ops"].push_back({{"id", op.id}, {"name", ordo::name_of(g.nodes[op.id].kind)},
                                {"bound", op.memory_bound ? "memory" : "compute"}, {"measured_seconds", t},
                                {"roofline_seconds", ordo::to_double(op.seconds)},
                                {"share", total > 0 ? t / total : 0.0},
                                {"efficiency", t > 0 ? ordo::to_double(op.seconds) / t : 0.0}});
        }
        // the roofline is a bound: measured faster than it by more than noise (10 %) is wrong
        const bool below = total > 0 && m["ratio"].get<double>() > 1.1;
        m["verdict"] = below ? "FASTER THAN THE ROOFLINE" : "bounded";
        failed += below ? 1 : 0;
        out["models"].push_back(m);
    }
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
