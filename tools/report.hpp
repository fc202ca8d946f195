#pragma once
// `ordo report`: for every catalog model, exact costs under each convention, Θ-classes under
// each regime, the crossover where activation-only work overtakes weight work, and values at
// sizes. One JSON document; the text form is printed from it.

#include <ordo/ordo.hpp>
#include <ordo/pages/format.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <utility>

namespace ordo_tool {

/// `name=value,...` into bindings (later names override earlier ones).
ordo::bindings parse_sizes(const std::string& defaults, const std::string& overrides);

/// Whether g's FLOPs mention the dimension `name` (they depend on it).
bool flops_mention(const ordo::graph& g, const char* name);

/// Whether g is one attention head (no dimension h in its FLOPs): standard and tiled attention.
inline bool single_head(const ordo::graph& g) { return !flops_mention(g, "h"); }

/// What `ordo report` was asked for.
struct report_options {
    std::string overrides;  ///< --set
    std::string filter;     ///< --model: models whose name contains it (all when empty)
    std::string hardware;   ///< --hardware: add each model's roofline on this machine
    std::string dtype;      ///< --dtype: the models' floating-point element type (default f32)
    /// --config: a Hugging Face config.json, read into its family's catalog model, sizes and
    /// checkpoint dtype (model_config.hpp); --set and --dtype still override them
    std::string config;
    bool exact_model = false;  ///< --model names one model exactly (not a part of names)

    /// The options of `--set overrides --model filter` (and `--hardware`, `--dtype`).
    static report_options of(std::string overrides, std::string filter, std::string hardware = "", std::string dtype = "") {
        report_options o;
        o.overrides = std::move(overrides);
        o.filter = std::move(filter);
        o.hardware = std::move(hardware);
        o.dtype = std::move(dtype);
        return o;
    }
};

/// The report for every catalog model the options select.
nlohmann::ordered_json report(const report_options& options);
/// The report for every catalog model whose name contains `filter` (all when empty).
nlohmann::ordered_json report(const std::string& overrides, const std::string& filter);

/// The report as text.
std::string report_text(const nlohmann::ordered_json& r);

}  // namespace ordo_tool
