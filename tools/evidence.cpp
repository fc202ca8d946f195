#include "evidence.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/utsname.h>

namespace ordo_tool {

namespace {

namespace fs = std::filesystem;

std::string machine() {
    utsname u{};
    std::ostringstream s;
    if (uname(&u) == 0) s << u.sysname << " " << u.release << " " << u.machine;
    std::ifstream cpu("/proc/cpuinfo");
    for (std::string line; std::getline(cpu, line);)
        if (line.rfind("model name", 0) == 0) {
            s << ", " << line.substr(line.find(':') + 2);
            break;
        }
    return s.str();
}

/// Runs gnuplot on `script`, writing `svg` in `dir` from the data file `data`.
void plot(const fs::path& dir, const std::string& svg, const std::string& data, const std::string& script) {
    const fs::path data_file = dir / (svg + ".dat"), script_file = dir / (svg + ".gp");
    std::ofstream(data_file) << data;
    std::ofstream(script_file) << "set terminal svg size 640,400 dynamic noenhanced font 'sans,11'\n"
                               << "set output '" << svg << "'\n"
                               << "set key top left\nset grid\n"
                               << script;
    const std::string command = "cd '" + dir.string() + "' && gnuplot '" + svg + ".gp'";  // data paths are relative
    if (std::system(command.c_str()) != 0) throw std::runtime_error("ordo validate --docs: gnuplot failed on " + script_file.string());
    fs::remove(data_file);
    fs::remove(script_file);
}

std::string number(double x) {
    std::ostringstream s;
    s.precision(4);
    s << x;
    return s.str();
}

}  // namespace

void write_evidence(const nlohmann::ordered_json& v, const std::string& directory) {
    const fs::path dir(directory);
    fs::create_directories(dir);
    std::ostringstream page;
    page << "# Evidence: the runtime against the symbolic costs\n\n"
         << "Written by `ordo validate --docs` (" << v["mode"].get<std::string>() << " mode) on " << v["date"].get<std::string>()
         << ", " << machine() << ", " << v["machine"]["hardware_threads"].get<int>() << " hardware threads. "
         << "Regenerate with `ordo validate --docs docs/evidence`; the symbolic pages are in [reference](../reference/index.md).\n\n"
         << "**" << v["summary"]["passed"].get<int>() << " of " << v["summary"]["checks"].get<int>() << " checks agree.**\n\n";

    page << "## Counted FLOPs and measured peak memory\n\nExecuted on `counted<float>` through tracked buffers; "
            "predicted = `ordo::eval` of the symbolic cost.\n\n| model | sizes | check | predicted | measured | verdict |\n|---|---|---|---|---|---|\n";
    for (const auto& c : v["checks"])
        page << "| " << c["model"].get<std::string>() << " | `" << c["sizes"].get<std::string>() << "` | " << c["check"].get<std::string>()
             << " | " << c["predicted"].get<std::int64_t>() << " | " << c["measured"].get<std::int64_t>() << " | "
             << c["verdict"].get<std::string>() << " |\n";

    if (!v["memory_growth"].empty()) {
        page << "\n## Peak memory against n\n\nMeasured by the tracking allocator (points) and `peak_memory` (lines); the tiled "
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
        plot(dir, "peak_memory.svg", data.str(), script + "\n");
    }

    if (!v["timing"].empty()) {
        page << "\n## Time\n\nFast path (BLAS), best of several runs. The prediction is the FLOP polynomial (convention "
                "`standard`) scaled to the measured geometric mean: it fixes the shape, not the constant.\n\n"
                "| model | sweep | sizes | seconds | measured slope | FLOP slope | local exponent | fit error | verdict |\n"
                "|---|---|---|---|---|---|---|---|---|\n";
        for (const auto& t : v["timing"]) {
            const std::string dim = t["dimension"].get<std::string>();
            std::string sizes, seconds;
            double log_ratio = 0;
            for (std::size_t i = 0; i < t["sizes"].size(); ++i) {
                sizes += i ? ", " : "";
                sizes += number(t["sizes"][i].get<double>());
                seconds += i ? ", " : "";
                seconds += number(t["seconds"][i].get<double>());
                log_ratio += std::log(t["seconds"][i].get<double>() / t["flops"][i].get<double>());
            }
            const double scale = std::exp(log_ratio / static_cast<double>(t["sizes"].size()));
            page << "| " << t["model"].get<std::string>() << " | " << dim << " (`" << t["fixed"].get<std::string>() << "`) | "
                 << sizes << " | " << seconds << " | " << number(t["measured_slope"].get<double>()) << " | "
                 << number(t["predicted_slope"].get<double>()) << " | " << number(t["local_exponent_at_middle"].get<double>())
                 << " | " << number(100 * t["fit"]["max_relative_error"].get<double>()) << "% | " << t["verdict"].get<std::string>() << " |\n";
            std::ostringstream data;
            for (std::size_t i = 0; i < t["sizes"].size(); ++i)
                data << t["sizes"][i].get<double>() << " " << t["seconds"][i].get<double>() << " " << scale * t["flops"][i].get<double>() << "\n";
            const std::string svg = "time_" + t["model"].get<std::string>() + "_" + dim + ".svg";
            plot(dir, svg, data.str(),
                 "set logscale xy\nset xlabel '" + dim + "'\nset ylabel 'seconds'\nplot '" + svg +
                     ".dat' using 1:2 with linespoints pt 7 title 'measured', '' using 1:3 with lines title 'FLOPs (scaled)'\n");
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
        page << "\n## Memory traffic\n\nSimulated with valgrind's callgrind (64 KiB last-level cache, misses × 64 B, inside "
                "the interpreter only) against `bytes_moved`.\n\n| model | sweep | sizes | simulated bytes | bytes_moved | "
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
