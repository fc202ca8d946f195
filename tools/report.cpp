#include "report.hpp"

#include "model_config.hpp"
#include "parallel_report.hpp"

#include "roofline_report.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace ordo_tool {

bool flops_mention(const ordo::graph& g, const char* name) {
    return ordo::flops(g).polynomial_value().slot_of(ordo::detail::pack_name(name)) >= 0;
}

namespace {

constexpr std::array<const ordo::convention*, 4> all_conventions{
    &ordo::conventions::standard, &ordo::conventions::gemm_only, &ordo::conventions::macs,
    &ordo::conventions::chinchilla};

nlohmann::ordered_json formula(const ordo::polynomial& p, std::string_view order) {
    return {{"text", ordo::to_string(p, ordo::notation::unicode, order)},
            {"ascii", ordo::to_string(p, ordo::notation::ascii, order)},
            {"latex", ordo::to_string(p, ordo::notation::latex, order)}};
}

template <typename U>
nlohmann::ordered_json cost_json(const ordo::cost<U>& c, std::string_view order, const ordo::bindings& at) {
    nlohmann::ordered_json j = formula(c.polynomial_value(), order);
    j["unit"] = ordo::unit_symbol<U>();
    if (!c.value().is_polynomial()) {  // a peak: the maximum of incomparable candidates
        j["maximum_of"] = nlohmann::ordered_json::array();
        for (int k = 0; k < c.value().count; ++k) j["maximum_of"].push_back(formula(c.value().candidates[k], order)["text"]);
        const std::pair<const char*, ordo::notation> forms[] = {
            {"text", ordo::notation::unicode}, {"ascii", ordo::notation::ascii}, {"latex", ordo::notation::latex}};
        for (const auto& [key, how] : forms) {
            std::string s = how == ordo::notation::latex ? "\\max\\left(" : "max(";
            for (int k = 0; k < c.value().count; ++k) s += (k ? ", " : "") + ordo::to_string(c.value().candidates[k], how, order);
            j[key] = s + (how == ordo::notation::latex ? "\\right)" : ")");
        }
    }
    try {
        j["value"] = ordo::eval(c, at);
    } catch (const ordo::error& e) {
        j["value"] = nullptr;
        j["value_error"] = e.what();
    }
    return j;
}

}  // namespace

ordo::bindings parse_sizes(const std::string& defaults, const std::string& overrides) {
    return ordo::pages::parse_sizes(defaults, overrides);
}

namespace {
/// The sizes a model is evaluated at: its defaults with the overrides applied, each name once
/// (issue 15: the line listed both, d=4096,...,d=1024).
std::string effective_sizes(std::string_view defaults, const std::string& overrides) {
    try {
        return ordo::pages::sizes_text(parse_sizes(std::string(defaults), overrides));
    } catch (const std::exception&) {
        return std::string(defaults) + (overrides.empty() ? "" : "," + overrides);
    }
}

/// Refuses what the report would otherwise ignore: a filter no model matches, a size set
/// twice, a size no selected model has (issue 15: all three were silent).
void check_request(const std::string& overrides, const std::string& filter) {
    std::vector<std::string> models, known;
    ordo::models::for_each_entry([&](const auto& entry) {
        models.emplace_back(entry.name);
        if (!filter.empty() && std::string(entry.name).find(filter) == std::string::npos) return;
        const ordo::graph g = entry.make();  // the dimensions its costs mention, not its default sizes
        for (const ordo::polynomial& p : {ordo::flops(g).polynomial_value(), ordo::bytes_moved(g).polynomial_value(),
                                          ordo::peak_memory(g).polynomial_value(), ordo::params(g).polynomial_value()})
            for (int i = 0; i < p.dim_count; ++i) known.emplace_back(ordo::detail::unpack_name(p.dims[i]).view());
    });
    if (tensor_parallel_selected(filter))  // the report's tensor-parallel section (parallel_report.hpp)
        for (const char* name : {"b", "n", "d", "h"}) known.emplace_back(name);
    if (known.empty()) {
        std::string list;
        for (const std::string& name : models) list += (list.empty() ? "" : ", ") + name;
        throw std::invalid_argument("--model '" + filter + "' matches no model of the catalog; it has: " + list +
                                    ", and gpt_training_layer (the tensor-parallel section).");
    }
    const ordo::bindings set = parse_sizes("", overrides);
    // parse_sizes lets an override replace a default; within --set itself a name given twice is an error
    std::vector<std::string> given;
    for (std::size_t start = 0; start < overrides.size();) {
        const std::size_t comma = std::min(overrides.find(',', start), overrides.size());
        const std::string name = overrides.substr(start, overrides.find('=', start) - start);
        if (std::find(given.begin(), given.end(), name) != given.end())
            throw std::invalid_argument("'" + name + "' is given twice in '" + overrides + "'.");
        given.push_back(name);
        start = comma + 1;
    }
    for (int i = 0; i < set.count; ++i) {
        const std::string name(ordo::detail::unpack_name(set.items[i].name).view());
        if (std::find(known.begin(), known.end(), name) == known.end())
            throw std::invalid_argument("--set '" + name + "': no dimension of that name in the models selected.");
    }
}
/// What training g keeps: the saved activations per recomputation policy, and the training
/// memory per recipe (bytes per parameter plus the activations kept without recomputation).
nlohmann::ordered_json training_json(const ordo::graph& g, std::string_view order, const ordo::bindings& at) {
    nlohmann::ordered_json t;
    try {
        for (const auto& [name, policy] : {std::pair{"none", ordo::recompute::none}, std::pair{"selective", ordo::recompute::selective},
                                           std::pair{"full", ordo::recompute::full}})
            t["saved_activations"][name] = cost_json(ordo::saved_activation_bytes(g, policy), order, at);
        for (const ordo::training_recipe* r : {&ordo::fp32_adam, &ordo::bf16_mixed_adam})
            t["memory"][std::string(r->name)] = cost_json(ordo::training_memory(g, *r).total, order, at);
    } catch (const ordo::error& e) {
        t["error"] = e.what();
    }
    return t;
}
}  // namespace

/// The report of the catalog model a config.json maps to, at its sizes and dtype.
static nlohmann::ordered_json config_report(const report_options& options) {
    const model_config c = read_model_config(options.config);
    report_options of_model = options;
    of_model.config.clear();
    of_model.filter = c.model;
    of_model.exact_model = true;
    of_model.overrides = ordo::pages::sizes_text(parse_sizes(c.sizes, options.overrides));
    if (of_model.dtype.empty()) of_model.dtype = c.dtype;
    nlohmann::ordered_json out = report(of_model);
    out["models"][0]["config"] = {{"file", c.path}, {"architecture", c.architecture}, {"defaults", c.defaults}};
    return out;
}

nlohmann::ordered_json report(const std::string& overrides, const std::string& filter) {
    return report(report_options::of(overrides, filter));
}

nlohmann::ordered_json report(const report_options& options) {
    if (!options.config.empty()) return config_report(options);
    const std::string& overrides = options.overrides;
    const std::string& filter = options.filter;
    check_request(overrides, filter);
    const ordo::hardware* hw = options.hardware.empty() ? nullptr : &hardware_named(options.hardware);
    const ordo::dtype type = options.dtype.empty() ? ordo::dtype::f32 : dtype_named(options.dtype);
    nlohmann::ordered_json out = {{"ordo", ORDO_VERSION_STRING}, {"models", nlohmann::ordered_json::array()}};
    out["conventions"] = nlohmann::ordered_json::array();
    for (const auto* c : all_conventions)
        out["conventions"].push_back({{"name", c->name}, {"summary", c->summary}});
    ordo::models::for_each_entry([&](const auto& entry) {
        if (!filter.empty() && std::string(entry.name).find(filter) == std::string::npos) return;
        if (options.exact_model && entry.name != filter) return;
        try {
            const ordo::graph g = ordo::with_element_type(entry.make(), type);
            const ordo::bindings at = parse_sizes(std::string(entry.sizes), overrides);
            ordo::check_sizes(g, at);  // E008 / E029: sizes the graph cannot run at give no numbers
            const std::string_view order = entry.print_order;
            nlohmann::ordered_json m = {{"name", entry.name},       {"title", entry.title},
                                {"source", entry.source},   {"header", entry.header},
                                {"sizes", effective_sizes(entry.sizes, overrides)},
                                {"nodes", g.node_count},    {"dtype", ordo::name_of(type)}};
            for (const auto* c : all_conventions) m["flops"][std::string(c->name)] = cost_json(ordo::flops(g, *c), order, at);
            m["bytes_moved"] = cost_json(ordo::bytes_moved(g), order, at);
            m["peak_memory"] = cost_json(ordo::peak_memory(g), order, at);
            m["params"] = cost_json(ordo::params(g), order, at);
            m["output_shape"] = ordo::to_string(ordo::output_shape(g));
            m["facts"] = nlohmann::ordered_json::array();
            for (int k = 0; k < g.facts.count; ++k) {
                const ordo::polynomial& r = g.facts.items[k].ratio;  // rhs/lhs >= 1
                m["facts"].push_back(ordo::to_string(r, ordo::notation::unicode, order) + " ≥ 1");
            }
            for (const auto& r : entry.regimes) {
                nlohmann::ordered_json t;
                try {
                    t["flops"] = formula(ordo::theta(ordo::flops(g), r.assumed).polynomial_value(), order);
                    t["bytes_moved"] = formula(ordo::theta(ordo::bytes_moved(g), r.assumed).polynomial_value(), order);
                    t["peak_memory"] = formula(ordo::theta(ordo::peak_memory(g), r.assumed).polynomial_value(), order);
                } catch (const ordo::error& e) {
                    t["error"] = e.what();
                }
                m["theta"][std::string(r.name)] = t;
            }
            const auto groups = ordo::flops_by_group(g);
            nlohmann::ordered_json x = {{"along", entry.sweep},
                                {"with_weights", formula(groups.with_weights, order)},
                                {"without_weights", formula(groups.without_weights, order)}};
            ordo::bindings others;
            for (int k = 0; k < at.count; ++k)
                if (ordo::detail::unpack_name(at.items[k].name).view() != entry.sweep) others.add(at.items[k]);
            const auto point = ordo::crossover(groups.with_weights, groups.without_weights,
                                               ordo::detail::pack_name(entry.sweep), others);
            x["found"] = point.found;
            if (point.found) {
                x["lower"] = point.lower;
                x["upper"] = point.upper;
            }
            if (point.is_exact) x["exact"] = std::to_string(point.exact.num) + "/" + std::to_string(point.exact.den);
            m["crossover"] = x;
            m["training"] = training_json(g, order, at);
            if (hw) m["roofline"] = roofline_json(g, *hw, at, std::string(entry.sweep));
            out["models"].push_back(m);
        } catch (const ordo::error& e) {  // name the model and the sizes, which the algebra cannot
            throw ordo::domain_error(e.id(), "ordo report: model '" + std::string(entry.name) + "' at " +
                                                 effective_sizes(entry.sizes, overrides) + ": " + e.message());
        }
    });
    if (tensor_parallel_selected(filter)) out["tensor_parallel"] = tensor_parallel_json(overrides);
    return out;
}

std::string report_text(const nlohmann::ordered_json& r) {
    std::ostringstream s;
    s << "ordo " << r["ordo"].get<std::string>() << " report — every cost derived from the traced graph\n";
    s << "conventions:\n";
    for (const auto& c : r["conventions"])
        s << "  " << c["name"].get<std::string>() << ": " << c["summary"].get<std::string>() << '\n';
    for (const auto& m : r["models"]) {
        s << "\n== " << m["name"].get<std::string>() << ": " << m["title"].get<std::string>() << " ("
          << m["source"].get<std::string>() << ")\n";
        s << "   output " << m["output_shape"].get<std::string>() << ", " << m["nodes"].get<int>() << " ops, "
          << m["dtype"].get<std::string>() << "; sizes "
          << m["sizes"].get<std::string>() << '\n';
        auto line = [&](const std::string& label, const nlohmann::ordered_json& c) {
            s << "   " << label << std::string(label.size() < 22 ? 22 - label.size() : 1, ' ')
              << c["text"].get<std::string>() << "  [" << c["unit"].get<std::string>() << "]";
            if (!c["value"].is_null()) s << "  = " << c["value"].get<std::int64_t>();
            s << '\n';
        };
        for (const auto& [name, c] : m["flops"].items()) line("flops (" + name + ")", c);
        line("bytes_moved", m["bytes_moved"]);
        line("peak_memory", m["peak_memory"]);
        line("params", m["params"]);
        if (!m["facts"].empty()) {
            s << "   facts from extents   ";
            for (const auto& f : m["facts"]) s << f.get<std::string>() << "  ";
            s << '\n';
        }
        for (const auto& [regime, t] : m["theta"].items()) {
            s << "   Θ[" << regime << "]\n";
            if (t.contains("error")) {
                s << "      " << t["error"].get<std::string>() << '\n';
                continue;
            }
            for (const char* k : {"flops", "bytes_moved", "peak_memory"})
                s << "      " << k << std::string(13 - std::string(k).size(), ' ') << t[k]["text"].get<std::string>() << '\n';
        }
        const auto& x = m["crossover"];
        s << "   crossover along " << x["along"].get<std::string>() << ": activation-only FLOPs ("
          << x["without_weights"]["text"].get<std::string>() << ") overtake weight FLOPs ("
          << x["with_weights"]["text"].get<std::string>() << ")";
        if (x["with_weights"]["text"].get<std::string>() == "0") s << " — the model has no weights\n";
        else if (!x["found"].get<bool>()) s << " — never, up to 2^40\n";
        else if (x["lower"].get<std::int64_t>() == 0) s << " from " << x["along"].get<std::string>() << " = 1 on\n";
        else if (x.contains("exact")) s << " at " << x["along"].get<std::string>() << " = " << x["exact"].get<std::string>()
                                        << " (between " << x["lower"] << " and " << x["upper"] << ")\n";
        else s << " between " << x["lower"] << " and " << x["upper"] << '\n';
        if (m["training"].contains("error")) s << "   training             " << m["training"]["error"].get<std::string>() << '\n';
        else {
            for (const auto& [policy, c] : m["training"]["saved_activations"].items()) line("saved (" + policy + ")", c);
            for (const auto& [recipe, c] : m["training"]["memory"].items()) line("training (" + recipe + ")", c);
        }
        if (m.contains("roofline")) s << roofline_text(m["roofline"]);
    }
    if (r.contains("tensor_parallel")) s << tensor_parallel_text(r["tensor_parallel"]);
    return s.str();
}

}  // namespace ordo_tool
