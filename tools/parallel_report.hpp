#pragma once
// `ordo report`'s tensor-parallel section: one device's share of the GPT training layer
// (models::gpt_training_layer<bfloat16>, split t ways by tensor_parallel) at t = 1, 2, 4, 8:
// FLOPs, parameters, saved activations, training memory and the bytes each device sends, forward
// and backward, each as its polynomial in t and its value at the report's sizes.

#include <ordo/symbolic/polynomial.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace ordo_tool {

/// Whether `ordo report --model filter` includes the section (no filter, or one that
/// gpt_training_layer contains).
inline bool tensor_parallel_selected(const std::string& filter) {
    return filter.empty() || std::string("gpt_training_layer").find(filter) != std::string::npos;
}

/// The per-device quantities, by key (flops, params, saved_activations, ...; with sequence
/// parallelism: the keys ending in `_sequence_parallel`), as polynomials in b, n, d, h and t.
std::vector<std::pair<std::string, ordo::polynomial>> tensor_parallel_quantities();

/// The section at b, n, d, h from `overrides` (--set) over GPT-3 6.7B's layer at n = 2048 and a
/// batch of 8 sequences (Brown et al. 2020, Table 2.1: d = 4096, 32 heads, context 2048).
nlohmann::ordered_json tensor_parallel_json(const std::string& overrides);

/// The section as text: one row per t.
std::string tensor_parallel_text(const nlohmann::ordered_json& j);

}  // namespace ordo_tool
