#include "roofline_plot.hpp"

#include "plot.hpp"

#include <ordo/pages.hpp>

#include <algorithm>
#include <sstream>
#include <vector>

namespace ordo_tool {

std::string write_roofline_plot(const ordo::graph& g, const std::string& name, const ordo::hardware& hw,
                                const ordo::bindings& at, const std::filesystem::path& dir) {
    const ordo::roofline_result r = ordo::roofline(g, hw, at);
    struct point {
        double intensity, rate, share;
        std::string label;
    };
    std::vector<point> points;
    for (int k = 0; k < r.count; ++k) {
        const ordo::op_roofline& op = r.ops[k];
        if (op.flops == 0 || op.bytes == 0 || op.seconds.is_zero()) continue;  // no point on a log axis
        points.push_back({static_cast<double>(op.flops) / static_cast<double>(op.bytes),
                          static_cast<double>(op.flops) / ordo::to_double(op.seconds), ordo::to_double(op.seconds / r.seconds),
                          std::string(ordo::name_of(g.nodes[op.id].kind)) + "#" + std::to_string(op.id)});
    }
    if (points.empty()) return "";  // every op on-chip (a tiled kernel): nothing to draw
    std::vector<double> shares;
    for (const point& p : points) shares.push_back(p.share);
    std::sort(shares.rbegin(), shares.rend());
    const double labelled = shares.size() > 5 ? shares[4] : 0.0;  // label the five that take longest
    std::ostringstream data;
    double low = 1e300, high = 0;
    for (const point& p : points) {
        data << p.intensity << " " << p.rate * 1e-12 << " " << (p.share >= labelled ? p.label : std::string("-")) << "\n";
        low = std::min(low, p.intensity);
        high = std::max(high, p.intensity);
    }
    const double peak = static_cast<double>(hw.peak(g.nodes[g.output].type)) * 1e-12;
    const double bandwidth = static_cast<double>(hw.bandwidth) * 1e-12;
    const double ridge = peak / bandwidth;
    low = std::min(low, ridge) / 4;
    high = std::max(high, ridge) * 4;
    std::ostringstream script;
    script << "set logscale xy\nset xlabel 'arithmetic intensity (FLOP/B)'\nset ylabel 'attainable TFLOP/s'\n"
           << "set xrange [" << low << ":" << high << "]\nset format x '%g'\nset format y '%g'\nset key bottom right\n"
           << "roof(x) = x * " << bandwidth << " < " << peak << " ? x * " << bandwidth << " : " << peak << "\n"
           << "set samples 400\n"
           << "plot roof(x) with lines lw 2 lc rgb 'black' title '" << gnuplot_quoted(std::string(hw.name))
           << " roof (" << ordo::name_of(g.nodes[g.output].type) << ")', '" << name
           << "_roofline.svg.dat' using 1:2 with points pt 7 ps 1 lc rgb '#1f77b4' title 'an op', "
           << "'' using 1:2:(stringcolumn(3) eq '-' ? '' : stringcolumn(3)) with labels offset char 1,-0.7 left font ',8' notitle\n";
    const std::string svg = name + "_roofline.svg";
    gnuplot_svg(dir, svg, gnuplot_quoted(name + ": its ops on the " + std::string(hw.name) + " roofline at the page's sizes"),
                data.str(), script.str());
    return svg;
}

}  // namespace ordo_tool
