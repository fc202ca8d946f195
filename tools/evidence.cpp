#include "evidence.hpp"

#include "plot.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace ordo_tool {

namespace {

namespace fs = std::filesystem;

/// Where and when a plot was measured, as a gnuplot title: an SVG embedded in another page
/// must still say it.
std::string plot_caption(const nlohmann::ordered_json& v) {
    return gnuplot_quoted("measured " + v["date"].get<std::string>() + ", " + machine_description());
}

std::string number(double x) {
    std::ostringstream s;
    s.precision(4);
    s << x;
    return s.str();
}

/// The factor that brings predicted FLOPs to the measured seconds' geometric mean: the plot
/// compares shapes, not constants.
double time_scale(const nlohmann::ordered_json& seconds, const nlohmann::ordered_json& flops) {
    double log_ratio = 0;
    for (std::size_t i = 0; i < seconds.size(); ++i) log_ratio += std::log(seconds[i].get<double>() / flops[i].get<double>());
    return std::exp(log_ratio / static_cast<double>(seconds.size()));
}

/// A log-log plot of measured points against a predicted line.
void measured_vs_predicted(const fs::path& dir, const std::string& svg, const std::string& caption, const std::string& x,
                           const std::string& y,
                           const std::vector<double>& at, const std::vector<double>& measured,
                           const std::vector<double>& predicted, const std::string& predicted_title) {
    std::ostringstream data;
    for (std::size_t i = 0; i < at.size(); ++i) data << at[i] << " " << measured[i] << " " << predicted[i] << "\n";
    gnuplot_svg(dir, svg, caption, data.str(),
         "set logscale xy\nset xlabel '" + x + "'\nset ylabel '" + y + "'\nplot '" + svg +
             ".dat' using 1:2 with linespoints pt 7 ps 1.2 dt 2 title 'measured', '' using 1:3 with lines lw 2 title '" +
             predicted_title + "'\n");
}

std::vector<double> numbers(const nlohmann::ordered_json& a) {
    std::vector<double> out;
    for (const auto& x : a) out.push_back(x.get<double>());
    return out;
}

std::string stamp(const nlohmann::ordered_json& v) {
    return "Written by `ordo validate --docs` (" + v["mode"].get<std::string>() + " mode) on " + v["date"].get<std::string>() +
           ", " + machine_description() + ", " + std::to_string(v["machine"]["hardware_threads"].get<int>()) + " hardware threads.";
}

/// DIR/<model>.md with its checks and its two plots; returns the index's row for it.
std::string model_page(const nlohmann::ordered_json& v, const nlohmann::ordered_json& m, const fs::path& dir) {
    const std::string name = m["model"].get<std::string>();
    std::ostringstream page;
    int checks = 0, equal = 0;
    page << "# Evidence: " << name << "\n\n" << stamp(v) << " The symbolic page: [" << name << "](../reference/" << name
         << ".md); all models: [evidence](index.md).\n\n";
    page << "## Counted FLOPs and measured peak memory\n\nExecuted on `counted<float>` through tracked buffers; "
            "predicted = `ordo::eval` of the symbolic cost.\n\n| sizes | check | predicted | measured | verdict |\n|---|---|---|---|---|\n";
    for (const auto& c : v["checks"]) {
        if (c["model"] != name) continue;
        ++checks;
        equal += c["verdict"] == "equal";
        page << "| `" << c["sizes"].get<std::string>() << "` | " << c["check"].get<std::string>() << " | "
             << c["predicted"].get<std::int64_t>() << " | " << c["measured"].get<std::int64_t>() << " | "
             << c["verdict"].get<std::string>() << " |\n";
    }
    const auto& p = m["peak"];
    int peak_equal = 0;
    page << "\n## Peak memory against n\n\nThe tracking allocator's high-water mark (points) against `peak_memory` "
            "(line), other sizes `" << p["fixed"].get<std::string>() << "`.\n\n![peak memory against n](" << name
         << "_peak.svg)\n\n| n | predicted bytes | measured bytes |\n|---|---|---|\n";
    for (std::size_t i = 0; i < p["n"].size(); ++i) {
        peak_equal += p["predicted"][i] == p["measured"][i];
        page << "| " << p["n"][i].get<std::int64_t>() << " | " << p["predicted"][i].get<std::int64_t>() << " | "
             << p["measured"][i].get<std::int64_t>() << " |\n";
    }
    measured_vs_predicted(dir, name + "_peak.svg", plot_caption(v), "n", "peak bytes", numbers(p["n"]), numbers(p["measured"]),
                          numbers(p["predicted"]), "peak_memory");
    const auto& t = m["time"];
    const double scale = time_scale(t["seconds"], t["flops"]);
    std::vector<double> scaled;
    for (const double f : numbers(t["flops"])) scaled.push_back(scale * f);
    page << "\n## Time against n\n\nFast path (BLAS), best of several runs, other sizes `" << t["fixed"].get<std::string>()
         << "`. The line is the FLOP polynomial (convention `standard`) scaled to the measured geometric mean: it fixes "
            "the shape, not the constant. Log-log slope: measured "
         << number(t["measured_slope"].get<double>()) << ", FLOPs " << number(t["predicted_slope"].get<double>())
         << " (" << t["verdict"].get<std::string>() << "; reported, not asserted).\n\n![time against n](" << name
         << "_time.svg)\n\n| n | seconds | FLOPs |\n|---|---|---|\n";
    for (std::size_t i = 0; i < t["n"].size(); ++i)
        page << "| " << number(t["n"][i].get<double>()) << " | " << number(t["seconds"][i].get<double>()) << " | "
             << number(t["flops"][i].get<double>()) << " |\n";
    measured_vs_predicted(dir, name + "_time.svg", plot_caption(v), "n", "seconds", numbers(t["n"]), numbers(t["seconds"]), scaled,
                          "FLOPs (scaled)");
    std::ofstream(dir / (name + ".md")) << page.str();
    return "| [" + name + "](" + name + ".md) | " + std::to_string(equal) + " of " + std::to_string(checks) + " | " +
           std::to_string(peak_equal) + " of " + std::to_string(p["n"].size()) + " | " +
           number(t["measured_slope"].get<double>()) + " vs " + number(t["predicted_slope"].get<double>()) + " |\n";
}

}  // namespace

void write_evidence(const nlohmann::ordered_json& v, const std::string& directory) {
    const fs::path dir(directory);
    fs::create_directories(dir);
    std::ostringstream page;
    page << "# Evidence: the runtime against the symbolic costs\n\n" << stamp(v)
         << " Regenerate with `ordo validate --docs docs/evidence`; the symbolic pages are in [reference](../reference/index.md).\n\n"
         << "**" << v["summary"]["passed"].get<int>() << " of " << v["summary"]["checks"].get<int>() << " checks agree.**\n\n"
         << "Every model's measured time per op against its roofline on this machine (`ordo validate --roofline "
            "--docs`): [roofline](roofline.md).\n\n";
    page << "## Every model\n\nCounted FLOPs (four conventions) and measured peak at three sizes, the peak along n, "
            "and the log-log slope of fast-path time along n against the FLOP polynomial's; each model's page has "
            "the tables and plots.\n\n| model | counted = symbolic | peak along n | time slope, measured vs FLOPs |\n"
            "|---|---|---|---|\n";
    for (const auto& m : v["models"]) page << model_page(v, m, dir);

    if (!v["memory_growth"].empty()) {
        page << "\n## Peak memory against n, standard and tiled\n\nMeasured by the tracking allocator (points) and `peak_memory` (lines); the tiled "
                "form grows linearly, standard attention quadratically.\n\n![peak memory](peak_memory.svg)\n\n"
                "| model | n | predicted bytes | measured bytes |\n|---|---|---|---|\n";
        std::ostringstream data;
        int index = 0;
        std::string script = "set logscale xy\nset xlabel 'n'\nset ylabel 'peak bytes'\nplot ";
        for (const auto& row : v["memory_growth"]) {
            for (std::size_t i = 0; i < row["n"].size(); ++i) {
                data << row["n"][i].get<long>() << " " << row["predicted"][i].get<std::int64_t>() << " "
                     << row["measured"][i].get<std::int64_t>() << "\n";
                page << "| " << row["model"].get<std::string>() << " | " << row["n"][i].get<long>() << " | "
                     << row["predicted"][i].get<std::int64_t>() << " | " << row["measured"][i].get<std::int64_t>() << " |\n";
            }
            data << "\n\n";
            const std::string name = row["model"].get<std::string>();
            if (index) script += ", ";
            script += "'peak_memory.svg.dat' index " + std::to_string(index) +
                      " using 1:3 with points pt 7 title '" + name + " measured', '' index " + std::to_string(index) +
                      " using 1:2 with lines title '" + name + " predicted'";
            ++index;
        }
        gnuplot_svg(dir, "peak_memory.svg", plot_caption(v), data.str(), script + "\n");
    }

    if (!v["timing"].empty()) {
        const auto& hw = v["hardware"];
        page << "\n## Time against the roofline\n\nFast path (BLAS and the vectorised kernels, all cores), best of several "
                "runs, against `ordo::roofline` on this machine as `ordo calibrate` measured it ("
             << number(hw["peak_f32"].get<double>() * 1e-9) << " GFLOP/s f32, " << number(hw["bandwidth"].get<double>() * 1e-9)
             << " GB/s): each op max(FLOPs / peak, bytes / bandwidth), summed, an absolute prediction in seconds, not "
                "fitted. Efficiency = roofline / measured (1 is the machine's limit; a roofline is a lower bound, so "
                "it never exceeds 1 beyond noise). The slopes are log-log slopes of time along the sweep: measured, "
                "the roofline's, and the FLOP polynomial's alone (which ignores the memory-bound softmax). Verdict: "
                "\"agrees\" when the measured slope is within 0.35 of the roofline's.\n\n"
                "| sweep | sizes | measured s | roofline s | efficiency | slope: measured | roofline | FLOPs | verdict |\n"
                "|---|---|---|---|---|---|---|---|---|\n";
        for (const auto& t : v["timing"]) {
            const std::string dim = t["dimension"].get<std::string>();
            std::ostringstream sizes, seconds, roofline, efficiency;  // streams: g++ 12 warns on string + chains
            for (std::size_t i = 0; i < t["sizes"].size(); ++i) {
                const char* comma = i ? ", " : "";
                sizes << comma << number(t["sizes"][i].get<double>());
                seconds << comma << number(t["seconds"][i].get<double>());
                roofline << comma << number(t["roofline_seconds"][i].get<double>());
                efficiency << comma << number(t["roofline_seconds"][i].get<double>() / t["seconds"][i].get<double>());
            }
            page << "| " << t["model"].get<std::string>() << " " << dim << " (`" << t["fixed"].get<std::string>() << "`) | "
                 << sizes.str() << " | " << seconds.str() << " | " << roofline.str() << " | " << efficiency.str() << " | "
                 << number(t["measured_slope"].get<double>()) << " | " << number(t["predicted_slope"].get<double>()) << " | "
                 << number(t["flop_slope"].get<double>()) << " | " << t["verdict"].get<std::string>() << " |\n";
        }
        for (const auto& t : v["timing"]) {
            const std::string dim = t["dimension"].get<std::string>();
            const std::string svg = "time_" + t["model"].get<std::string>() + "_" + dim + ".svg";
            measured_vs_predicted(dir, svg, plot_caption(v) + ", mha along " + dim + " at " + t["fixed"].get<std::string>(), dim,
                                  "seconds", numbers(t["sizes"]), numbers(t["seconds"]), numbers(t["roofline_seconds"]),
                                  "roofline (calibrated)");
            page << "\n![time against " << dim << "](" << svg << ")\n\n";
            if (t["crossover"].is_object()) {
                const auto& x = t["crossover"];
                page << "Attention core against projections along n: FLOPs cross at n = "
                     << (x["predicted_n_in_flops"].is_null() ? std::string("never") : x["predicted_n_in_flops"].dump())
                     << "; measured time crosses at n ≈ "
                     << (x["measured_n_in_time"].is_null() ? std::string("beyond the sweep") : number(x["measured_n_in_time"].get<double>()))
                     << ".\n\n";
            }
        }
    }

    if (!v["traffic"].empty()) {
        page << "\n## Memory traffic\n\nSimulated with valgrind's callgrind (a 64 KiB data cache as the on-chip memory, "
                "misses × 64 B, inside the interpreter only) against `bytes_moved`.\n\n| model | sweep | sizes | simulated bytes | bytes_moved | "
                "simulated slope | predicted slope | verdict |\n|---|---|---|---|---|---|---|---|\n";
        for (const auto& t : v["traffic"]) {
            if (t.contains("skipped")) {
                page << "| " << t["model"].get<std::string>() << " | skipped: " << t["skipped"].get<std::string>() << " | | | | | | |\n";
                continue;
            }
            std::string sizes, measured, predicted;
            for (std::size_t i = 0; i < t["sizes"].size(); ++i) {
                sizes += i ? ", " : "";
                sizes += number(t["sizes"][i].get<double>());
                measured += i ? ", " : "";
                measured += number(t["simulated_bytes"][i].get<double>());
                predicted += i ? ", " : "";
                predicted += number(t["bytes_moved"][i].get<double>());
            }
            page << "| " << t["model"].get<std::string>() << " | " << t["dimension"].get<std::string>() << " (`"
                 << t["fixed"].get<std::string>() << "`) | " << sizes << " | " << measured << " | " << predicted << " | "
                 << number(t["measured_slope"].get<double>()) << " | " << number(t["predicted_slope"].get<double>()) << " | "
                 << t["verdict"].get<std::string>() << " |\n";
        }
    }
    std::ofstream(dir / "index.md") << page.str();
}

}  // namespace ordo_tool
