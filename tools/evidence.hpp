#pragma once
// `ordo validate --docs DIR`: the measured evidence as Markdown tables and SVG plots (made by
// gnuplot), stamped with the machine and the date. Unlike the symbolic pages these change
// with every run; they are regenerated, not diffed.

#include <nlohmann/json.hpp>

#include <string>

namespace ordo_tool {

/// Writes DIR/index.md and its plots from the results of `validate`.
void write_evidence(const nlohmann::ordered_json& results, const std::string& dir);

}  // namespace ordo_tool
