#pragma once
// The roofline plot of a reference page: each op of a graph at its arithmetic intensity and
// the FLOP/s its roofline allows on a machine, under the machine's roof (gnuplot SVG).

#include <ordo/ordo.hpp>

#include <filesystem>
#include <string>

namespace ordo_tool {

/// Writes DIR/<name>_roofline.svg for g at `at` on `hw` and returns its file name.
std::string write_roofline_plot(const ordo::graph& g, const std::string& name, const ordo::hardware& hw,
                                const ordo::bindings& at, const std::filesystem::path& dir);

}  // namespace ordo_tool
