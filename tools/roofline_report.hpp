#pragma once
// `ordo report --hardware NAME`: each model on a machine's roofline, at its sizes. Per op
// {name, dtype, flops, bytes, intensity (FLOP/B), ridge (the machine's peak / bandwidth for
// that dtype: an op above it is compute-bound), seconds, bound}, the graph's seconds (a sum of per-op maxima),
// compute_seconds (Σ FLOPs / peak), memory_seconds (Σ bytes / bandwidth), and the balance
// point along the swept dimension: the size from which the graph's FLOPs outweigh its bytes
// on this machine (null: never).

#include <ordo/ordo.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace ordo_tool {

/// A published entry (ordo::published_hardware) by name, or a record that `ordo calibrate`
/// wrote (a path ending in .json); std::invalid_argument listing the names otherwise.
const ordo::hardware& hardware_named(const std::string& name);

/// A hardware record written by `calibrate` (or by hand in its format) as an ordo::hardware;
/// std::invalid_argument naming the file and the field for a missing or malformed one. The
/// record's strings live as long as the program.
const ordo::hardware& hardware_from_file(const std::string& path);
/// The same for a record already parsed; `where` names it in errors.
const ordo::hardware& hardware_from_json(const nlohmann::json& j, const std::string& where);

/// An element type by name (f32, bf16, f16, f64); std::invalid_argument otherwise.
ordo::dtype dtype_named(const std::string& name);

/// The `roofline` object of one model.
nlohmann::ordered_json roofline_json(const ordo::graph& g, const ordo::hardware& hw, const ordo::bindings& at,
                                     const std::string& sweep);

/// The roofline object as text lines (indented as the report's).
std::string roofline_text(const nlohmann::ordered_json& roofline);

}  // namespace ordo_tool
