#pragma once
// Plots for the generated pages and the evidence: SVG through gnuplot (Debian's gnuplot-nox),
// one mechanism for both.

#include <filesystem>
#include <string>

namespace ordo_tool {

/// "Linux 6.1 x86_64, AMD EPYC": the machine a measurement ran on.
std::string machine_description();

/// `text` for a gnuplot single-quoted string (a quote doubled).
std::string gnuplot_quoted(const std::string& text);

/// Runs gnuplot on `script` (which reads the data as '<svg>.dat'), writing `svg` (640×400, an
/// opaque white background) in `dir`, titled `title` (already quoted). Throws when gnuplot fails.
void gnuplot_svg(const std::filesystem::path& dir, const std::string& svg, const std::string& title, const std::string& data,
                 const std::string& script);

}  // namespace ordo_tool
