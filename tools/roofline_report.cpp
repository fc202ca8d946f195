#include "roofline_report.hpp"

#include <deque>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ordo_tool {

const ordo::hardware& hardware_named(const std::string& name) {
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) return hardware_from_file(name);
    std::string known;
    for (const ordo::hardware* hw : ordo::published_hardware) {
        if (hw->name == name) return *hw;
        known += (known.empty() ? "" : ", ") + std::string(hw->name);
    }
    throw std::invalid_argument("--hardware '" + name + "': no such machine; published entries: " + known +
                                ", or a .json record written by `ordo calibrate`.");
}

const ordo::hardware& hardware_from_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::invalid_argument("--hardware '" + path + "': cannot read the file.");
    nlohmann::json j;
    try {
        in >> j;
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument("--hardware '" + path + "': not JSON (" + e.what() + ").");
    }
    return hardware_from_json(j, path);
}

const ordo::hardware& hardware_from_json(const nlohmann::json& j, const std::string& path) {
    static std::deque<std::string> strings;  // the records' names and sources, for the string_views
    static std::deque<ordo::hardware> records;
    const auto text = [&](const char* field) -> std::string_view {
        if (!j.contains(field) || !j[field].is_string())
            throw std::invalid_argument("--hardware '" + path + "': field '" + field + "' is missing or not a string.");
        return strings.emplace_back(j[field].get<std::string>());
    };
    const auto positive = [&](const char* field) {
        if (!j.contains(field) || !j[field].is_number_integer() || j[field].get<std::int64_t>() < 1)
            throw std::invalid_argument("--hardware '" + path + "': field '" + field + "' is missing or not a positive integer.");
        return j[field].get<std::int64_t>();
    };
    ordo::hardware hw;
    hw.name = text("name");
    hw.source = text("source");
    hw.peak_f16 = positive("peak_f16");
    hw.peak_bf16 = positive("peak_bf16");
    hw.peak_f32 = positive("peak_f32");
    hw.peak_f64 = positive("peak_f64");
    hw.bandwidth = positive("bandwidth");
    hw.on_chip_bytes = positive("on_chip_bytes");
    return records.emplace_back(hw);
}


ordo::dtype dtype_named(const std::string& name) {
    for (const ordo::dtype t : {ordo::dtype::f32, ordo::dtype::bf16, ordo::dtype::f16, ordo::dtype::f64})
        if (ordo::name_of(t) == name) return t;
    throw std::invalid_argument("--dtype '" + name + "': use f32, bf16, f16 or f64.");
}

namespace {
nlohmann::ordered_json seconds_json(const ordo::rational& s) {
    return {{"value", ordo::to_double(s)},
            {"exact", std::to_string(s.num) + "/" + std::to_string(s.den)}};
}
}  // namespace

nlohmann::ordered_json roofline_json(const ordo::graph& g, const ordo::hardware& hw, const ordo::bindings& at,
                                     const std::string& sweep) {
    const ordo::roofline_result r = ordo::roofline(g, hw, at);
    nlohmann::ordered_json out = {{"hardware", hw.name}, {"source", hw.source}, {"bandwidth", hw.bandwidth}};
    out["ops"] = nlohmann::ordered_json::array();
    for (int k = 0; k < r.count; ++k) {
        const ordo::op_roofline& op = r.ops[k];
        out["ops"].push_back({{"id", op.id},
                              {"name", ordo::name_of(g.nodes[op.id].kind)},
                              {"dtype", ordo::name_of(g.nodes[op.id].type)},
                              {"flops", op.flops},
                              {"bytes", op.bytes},
                              {"intensity", op.bytes > 0 ? nlohmann::ordered_json(static_cast<double>(op.flops) /
                                                                                  static_cast<double>(op.bytes))
                                                         : nlohmann::ordered_json(nullptr)},
                              {"ridge", static_cast<double>(hw.peak(g.nodes[op.id].type)) / static_cast<double>(hw.bandwidth)},
                              {"seconds", ordo::to_double(op.seconds)},
                              {"bound", op.memory_bound ? "memory" : "compute"}});
    }
    out["seconds"] = seconds_json(r.seconds);
    out["compute_seconds"] = seconds_json(r.compute_seconds);
    out["memory_seconds"] = seconds_json(r.memory_seconds);
    out["memory_bound_share"] = seconds_json(ordo::memory_bound_share(g, hw, at));
    // the balance along the swept dimension: the whole graph's FLOPs against its bytes, at the
    // peak of its output's element type
    ordo::bindings others;
    for (int k = 0; k < at.count; ++k)
        if (ordo::detail::unpack_name(at.items[k].name).view() != sweep) others.add(at.items[k]);
    const auto point = ordo::balance_point(ordo::flops(g).polynomial_value(), ordo::bytes_moved(g).polynomial_value(),
                                           hw.peak(g.nodes[g.output].type), hw.bandwidth,
                                           ordo::detail::pack_name(sweep), others);
    out["balance"] = {{"along", sweep}};
    if (point.found) out["balance"]["from"] = point.upper;
    else out["balance"]["from"] = nullptr;
    return out;
}

std::string roofline_text(const nlohmann::ordered_json& r) {
    std::ostringstream s;
    std::size_t memory = 0;
    for (const auto& op : r["ops"]) memory += op["bound"] == "memory" ? 1 : 0;
    s << "   roofline on " << r["hardware"].get<std::string>() << ": " << r["seconds"]["value"].get<double>()
      << " s (compute alone " << r["compute_seconds"]["value"].get<double>() << " s, memory alone "
      << r["memory_seconds"]["value"].get<double>() << " s); " << memory << " of " << r["ops"].size()
      << " ops memory-bound, " << 100 * r["memory_bound_share"]["value"].get<double>() << "% of the time\n";
    const auto& balance = r["balance"];
    s << "   compute-bound along " << balance["along"].get<std::string>() << ": ";
    if (balance["from"].is_null()) s << "never\n";
    else s << "from " << balance["along"].get<std::string>() << " = " << balance["from"].get<std::int64_t>() << '\n';
    return s.str();
}

}  // namespace ordo_tool
