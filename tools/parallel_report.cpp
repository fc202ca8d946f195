#include "parallel_report.hpp"

#include "report.hpp"

#include <ordo/ordo.hpp>

#include <cstdio>
#include <sstream>

namespace ordo_tool {

namespace {
using namespace ordo::models::symbols;  // b, n, d, h
constexpr auto t = ordo::dim<"t">;
constexpr auto layer = ordo::models::gpt_training_layer<ordo::bfloat16>(b, n, d, h);
constexpr auto sharded = ordo::tensor_parallel(layer, t);
constexpr auto split = ordo::sequence_parallel(layer, t);
constexpr const char* gpt3_layer = "b=8,n=2048,d=4096,h=32";
constexpr std::string_view order = "bndht";

/// The per-device quantities, each a cost of the sharded layer.
template <typename Visit>
void each_quantity(Visit&& visit) {
    for (const auto& [key, p] : tensor_parallel_quantities()) visit(key.c_str(), p);
}
}  // namespace

std::vector<std::pair<std::string, ordo::polynomial>> tensor_parallel_quantities() {
    const auto memory = ordo::training_memory(sharded, ordo::bf16_mixed_adam, ordo::recompute::selective);
    return {{"flops", ordo::flops(sharded).polynomial_value()},
            {"training_flops", ordo::training_flops(sharded).polynomial_value()},
            {"params", ordo::params(sharded).polynomial_value()},
            {"saved_activations", ordo::saved_activation_bytes(sharded).polynomial_value()},
            {"saved_activations_selective", ordo::saved_activation_bytes(sharded, ordo::recompute::selective).polynomial_value()},
            {"training_memory_bf16_mixed_adam_selective", memory.total.polynomial_value()},
            {"sent_forward", ordo::communication_bytes(sharded).polynomial_value()},
            {"sent_backward", ordo::communication_bytes(ordo::backward(sharded)).polynomial_value()},
            {"saved_activations_sequence_parallel", ordo::saved_activation_bytes(split).polynomial_value()},
            {"sent_backward_sequence_parallel", ordo::communication_bytes(ordo::backward(split)).polynomial_value()}};
}

nlohmann::ordered_json tensor_parallel_json(const std::string& overrides) {
    nlohmann::ordered_json out = {{"model", "gpt_training_layer"}, {"dtype", "bf16"},
                                  {"sizes", nlohmann::ordered_json::object()}, {"formulas", nlohmann::ordered_json::object()},
                                  {"devices", nlohmann::ordered_json::array()}};
    const ordo::bindings base = parse_sizes(gpt3_layer, overrides);
    for (const char* name : {"b", "n", "d", "h"}) out["sizes"][name] = base.size_of(ordo::detail::pack_name(name));
    each_quantity([&](const char* key, const ordo::polynomial& p) {
        out["formulas"][key] = ordo::to_string(p, ordo::notation::unicode, order);
    });
    for (const int devices : {1, 2, 4, 8}) {
        const ordo::bindings at = parse_sizes(std::string(gpt3_layer) + ",t=" + std::to_string(devices), overrides);
        nlohmann::ordered_json row = {{"t", devices}};
        try {
            ordo::check_sizes(sharded, at);
            each_quantity([&](const char* key, const ordo::polynomial& p) { row[key] = ordo::eval(p, at); });
        } catch (const ordo::error& e) {  // h or 4d not divisible by t
            row["error"] = e.what();
        }
        out["devices"].push_back(row);
    }
    return out;
}

std::string tensor_parallel_text(const nlohmann::ordered_json& j) {
    std::ostringstream s;
    s << "\n== tensor parallelism (+SP: with sequence parallelism): " << j["model"].get<std::string>() << " (bf16) at b=" << j["sizes"]["b"]
      << ", n=" << j["sizes"]["n"] << ", d=" << j["sizes"]["d"] << ", h=" << j["sizes"]["h"] << ", per device\n";
    for (const auto& [key, f] : j["formulas"].items()) s << "   " << key << std::string(44 - key.size(), ' ') << f.get<std::string>() << '\n';
    s << "   t   FLOPs            params          saved (none)     saved (selective)  memory (bf16 Adam)  sent fwd      sent bwd"
         "      saved (+SP)\n";
    for (const auto& row : j["devices"]) {
        if (row.contains("error")) {
            s << "   " << row["t"] << "   " << row["error"].get<std::string>() << '\n';
            continue;
        }
        char line[256];
        std::snprintf(line, sizeof line, "   %-3d %-16lld %-15lld %-16lld %-18lld %-19lld %-13lld %-13lld %lld\n", row["t"].get<int>(),
                      row["flops"].get<long long>(), row["params"].get<long long>(), row["saved_activations"].get<long long>(),
                      row["saved_activations_selective"].get<long long>(),
                      row["training_memory_bf16_mixed_adam_selective"].get<long long>(), row["sent_forward"].get<long long>(),
                      row["sent_backward"].get<long long>(), row["saved_activations_sequence_parallel"].get<long long>());
        s << line;
    }
    return s.str();
}

}  // namespace ordo_tool
