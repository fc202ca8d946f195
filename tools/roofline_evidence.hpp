#pragma once
// `ordo validate --roofline --docs DIR`: the roofline check as evidence, DIR/roofline.md with
// the per-model table, every op's efficiency, and a plot of measured against roofline time.

#include <nlohmann/json.hpp>

#include <string>

namespace ordo_tool {

/// Writes DIR/roofline.md and DIR/roofline.svg from the results of `roofline_check`.
void write_roofline_evidence(const nlohmann::ordered_json& check, const std::string& dir);

}  // namespace ordo_tool
