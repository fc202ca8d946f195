#include "roofline_evidence.hpp"

#include "plot.hpp"

#include <algorithm>
#include <ctime>
#include <fstream>
#include <sstream>

namespace ordo_tool {

namespace {
std::string number(double x) {
    std::ostringstream s;
    s.precision(3);
    s << x;
    return s.str();
}

/// "a–b" (the lower first) in units of 10⁹, or one number where both agree to 3 digits.
std::string range_of(const nlohmann::ordered_json& pair) {
    const double a = 1e-9 * pair[0].get<double>(), b = 1e-9 * pair[1].get<double>();
    const std::string low = number(std::min(a, b)), high = number(std::max(a, b));
    return low == high ? low : low + "–" + high;
}
}  // namespace

void write_roofline_evidence(const nlohmann::ordered_json& r, const std::string& directory) {
    const std::filesystem::path dir(directory);
    std::filesystem::create_directories(dir);
    const std::time_t now = std::time(nullptr);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    std::ostringstream page, data;
    page << "# Evidence: measured time against the roofline\n\nWritten by `ordo validate --roofline --docs` ("
         << (r["quick"].get<bool>() ? "quick" : "full") << " mode) on " << date << ", " << machine_description()
         << ". Machine record: " << r["hardware"].get<std::string>() << " (" << r["source"].get<std::string>()
         << "; without a record the full mode measures the machine again before and after each model, as its figures "
            "on a shared machine change by up to 2× within minutes, and compares every model with the best figures "
            "of the run, since a neighbour slows the machine but never speeds it: the **machine** column; **beside "
            "the run** gives the lowest and highest figures measured just before and just after the model's runs, "
            "which show how fast the machine was while the model ran, and how many times the run paused for the "
            "machine to be quiet first: in the full mode, while the bandwidth or the peak measured before a model is "
            "under 0.8 of the run's best, it waits 10 s and measures again, at most 3 times a round and 30 in all). All evidence: [index](index.md).\n\n"
            "Each catalog model runs on the fast path at sizes where it takes 0.05 to 5 s and, in the full mode, some "
            "tensor is 4× the on-chip memory the calibration measured (the largest working set read again faster "
            "than memory), so that its data come from memory, as the roofline's bandwidth assumes; each op's wall time is "
            "measured (its least over 3 runs after a warm-up in each of "
         << r["rounds"].get<int>() << " round(s) over all the models, spread over the whole run so that they meet the "
            "machine in its faster spells too; 1 run in quick mode) and compared with its roofline time, max(FLOPs / peak, bytes / bandwidth) on this machine "
            "(`ordo::roofline`). **Efficiency** = roofline / measured: 1 is the machine's limit. **Ratio** is the "
            "same for the whole graph. A roofline is a lower bound: a ratio above 1.1 (noise) fails the check.\n\n"
            "![measured against roofline time](roofline.svg)\n\n"
            "| model | sizes | machine: GB/s, GFLOP/s | beside the run | measured s | roofline s | ratio | ops ≥ 10% of the time: efficiency (bound) | verdict |\n"
            "|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& m : r["models"]) {
        std::string big;
        for (const auto& op : m["ops"])
            if (op["share"].get<double>() >= 0.1)
                big += (big.empty() ? "" : "; ") + op["name"].get<std::string>() + " " + std::to_string(op["id"].get<int>()) +
                       ": " + number(op["efficiency"].get<double>()) + " (" + op["bound"].get<std::string>() + ", " +
                       number(100 * op["share"].get<double>()) + "%)";
        page << "| " << m["model"].get<std::string>() << " | `" << m["sizes"].get<std::string>() << "` | "
             << number(1e-9 * m["bandwidth"].get<double>()) << ", " << number(1e-9 * m["peak_f32"].get<double>()) << " | "
             << range_of(m["beside"]["bandwidth"]) << ", " << range_of(m["beside"]["peak_f32"])
             << (m.value("waits", 0) > 0 ? " (waited " + std::to_string(m["waits"].get<int>()) + "×)" : std::string()) << " | "
             << number(m["measured_seconds"].get<double>()) << " | " << number(m["roofline_seconds"].get<double>()) << " | "
             << number(m["ratio"].get<double>()) << " | " << big << " | " << m["verdict"].get<std::string>() << " |\n";
        data << m["roofline_seconds"].get<double>() << " " << m["measured_seconds"].get<double>() << " "
             << m["model"].get<std::string>() << "\n";
    }
    page << "\n" << r["failed"].get<int>() << " model(s) measured faster than their roofline.\n";
    gnuplot_svg(dir, "roofline.svg",
                gnuplot_quoted("catalog models on " + r["hardware"].get<std::string>() + ": measured against roofline time, " +
                               date + ", " + machine_description()),
                data.str(),
                "set logscale xy\nset xlabel 'roofline seconds'\nset ylabel 'measured seconds'\n"
                "plot 'roofline.svg.dat' using 1:2 with points pt 7 ps 1 title 'a model', "
                "'' using 1:2:3 with labels offset char 1,0.5 left font ',7' notitle, "
                "x with lines lw 2 title 'measured = roofline (efficiency 1)'\n");
    std::ofstream(dir / "roofline.md") << page.str();
}

}  // namespace ordo_tool
