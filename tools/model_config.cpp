#include "model_config.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <stdexcept>

namespace ordo_tool {

namespace {

using json = nlohmann::json;

/// Reads one config's fields, each failure one line naming the file and the field.
struct config_reader {
    const std::string& path;
    const json& j;
    std::vector<std::string>& defaults;
    std::string sizes = "b=1";

    [[noreturn]] void fail(const std::string& field, const std::string& what) const {
        throw std::invalid_argument(path + ": field '" + field + "' " + what);
    }
    /// Present and not null.
    [[nodiscard]] bool has(const char* field) const { return j.contains(field) && !j[field].is_null(); }
    [[nodiscard]] std::int64_t positive(const char* field) const {
        if (!j.contains(field)) fail(field, "is missing");
        const json& v = j[field];
        if (!v.is_number_integer() || v.get<std::int64_t>() <= 0) fail(field, "must be a positive integer, got " + v.dump());
        return v.get<std::int64_t>();
    }
    /// The field, or `fallback` where the family's config class documents it as the default.
    std::int64_t positive_or(const char* field, std::int64_t fallback, const std::string& why) {
        if (has(field)) return positive(field);
        defaults.push_back(std::string(field) + " = " + std::to_string(fallback) + " (" + why + ")");
        return fallback;
    }
    [[nodiscard]] bool flag(const char* field, bool fallback) const {
        if (!has(field)) return fallback;
        if (!j[field].is_boolean()) fail(field, "must be true or false, got " + j[field].dump());
        return j[field].get<bool>();
    }
    [[nodiscard]] std::string text(const char* field) const {
        if (!j[field].is_string()) fail(field, "must be a string, got " + j[field].dump());
        return j[field].get<std::string>();
    }
    void add(const char* dim, std::int64_t size) { sizes += std::string(",") + dim + "=" + std::to_string(size); }
    void require(bool ok, const char* field, const std::string& what) const {
        if (!ok) fail(field, what);
    }
};

/// LlamaConfig's fields, shared by Mistral and Mixtral: width, heads, key/value heads, MLP
/// width, layers, vocabulary and context, with an untied output and a SwiGLU MLP without biases.
void read_llama_layers(config_reader& r, const char* model, const char* config_class) {
    const std::int64_t d = r.positive("hidden_size"), h = r.positive("num_attention_heads");
    const std::int64_t g = r.positive_or("num_key_value_heads", h, std::string(config_class) + "'s default: num_attention_heads");
    r.require(d % h == 0, "hidden_size", "is " + std::to_string(d) + ", not a multiple of num_attention_heads (" + std::to_string(h) + ")");
    r.require(h % g == 0, "num_key_value_heads", "is " + std::to_string(g) + ", which does not divide num_attention_heads (" + std::to_string(h) + ")");
    if (r.has("head_dim"))
        r.require(r.positive("head_dim") == d / h, "head_dim",
                  "is " + r.j["head_dim"].dump() + "; ordo's " + model + " has heads of width hidden_size / num_attention_heads = " +
                      std::to_string(d / h));
    r.require(!r.flag("tie_word_embeddings", false), "tie_word_embeddings",
              std::string("is true; ordo's ") + model + " has an output projection of its own");
    r.require(!r.flag("attention_bias", false), "attention_bias", std::string("is true; ordo's ") + model + " has no projection biases");
    r.require(!r.flag("mlp_bias", false), "mlp_bias", std::string("is true; ordo's ") + model + " has no MLP biases");
    if (r.has("hidden_act"))
        r.require(r.text("hidden_act") == "silu", "hidden_act",
                  "is " + r.j["hidden_act"].dump() + "; ordo's " + model + " has a SwiGLU MLP (silu)");
    r.add("d", d);
    r.add("h", h);
    r.add("g", g);
    r.add("f", r.positive("intermediate_size"));
    r.add("L", r.positive("num_hidden_layers"));
    r.add("V", r.positive("vocab_size"));
    r.add("n", r.positive("max_position_embeddings"));
}

void read_llama(config_reader& r) { read_llama_layers(r, "llama_decoder", "LlamaConfig"); }

void read_mistral(config_reader& r) {
    read_llama_layers(r, "mistral_decoder", "MistralConfig");
    if (!r.j.contains("sliding_window")) {
        r.defaults.push_back("sliding_window = 4096 (MistralConfig's default)");
        r.add("w", 4096);
    } else if (r.j["sliding_window"].is_null()) {
        r.defaults.push_back("sliding_window null: attention spans the context, w = max_position_embeddings");
        r.add("w", r.positive("max_position_embeddings"));
    } else {
        r.add("w", r.positive("sliding_window"));
    }
}

void read_mixtral(config_reader& r) {
    read_llama_layers(r, "mixtral_decoder", "MixtralConfig");
    r.require(!r.has("sliding_window"), "sliding_window",
              "is " + r.j.value("sliding_window", json()).dump() + "; ordo's mixtral_decoder attends over the whole context");
    r.add("E", r.positive_or("num_local_experts", 8, "MixtralConfig's default"));
    r.add("e", r.positive_or("num_experts_per_tok", 2, "MixtralConfig's default"));
}

/// DeepseekV2Config (the checkpoint's configuration_deepseek.py): latent attention with
/// compressed queries, one dense layer first, then layers of shared and routed experts.
void read_deepseek_v2(config_reader& r) {
    const std::int64_t d = r.positive("hidden_size"), h = r.positive("num_attention_heads");
    r.require(r.has("q_lora_rank"), "q_lora_rank",
              "is null or missing (queries not compressed, as in DeepSeek-V2-Lite); ordo's deepseek_decoder compresses them");
    const std::int64_t k = r.positive("qk_nope_head_dim");
    r.require(r.positive("v_head_dim") == k, "v_head_dim", "differs from qk_nope_head_dim; ordo's deepseek_decoder has one head width");
    const std::int64_t f = r.positive("moe_intermediate_size"), s = r.positive("n_shared_experts"), e = r.positive("num_experts_per_tok");
    r.require(r.positive("first_k_dense_replace") == 1, "first_k_dense_replace", "must be 1: ordo's deepseek_decoder has one dense layer first");
    r.require(r.positive_or("moe_layer_freq", 1, "DeepseekV2Config's default") == 1, "moe_layer_freq",
              "must be 1: every layer after the first has experts");
    r.require(r.positive("intermediate_size") == f * (e + s), "intermediate_size",
              "must be moe_intermediate_size × (num_experts_per_tok + n_shared_experts) = " + std::to_string(f * (e + s)) +
                  ": ordo's dense first layer is as wide as the experts a token uses");
    r.require(!r.flag("tie_word_embeddings", false), "tie_word_embeddings", "is true; ordo's deepseek_decoder has an output projection of its own");
    r.add("d", d);
    r.add("h", h);
    r.add("k", k);
    r.add("r", r.positive("kv_lora_rank"));
    r.add("p", r.positive("qk_rope_head_dim"));
    r.add("q", r.positive("q_lora_rank"));
    r.add("f", f);
    r.add("s", s);
    r.add("E", r.positive("n_routed_experts"));
    r.add("e", e);
    r.add("L", r.positive("num_hidden_layers") - 1);  // the layers after the dense first one
    r.add("V", r.positive("vocab_size"));
    r.add("n", r.positive("max_position_embeddings"));
}

struct family {
    const char* architecture;
    const char* model;
    void (*read)(config_reader&);
};
constexpr family families[] = {
    {"LlamaForCausalLM", "llama_decoder", read_llama},
    {"MistralForCausalLM", "mistral_decoder", read_mistral},
    {"MixtralForCausalLM", "mixtral_decoder", read_mixtral},
    {"DeepseekV2ForCausalLM", "deepseek_decoder", read_deepseek_v2},
};

std::string dtype_of(config_reader& r) {
    if (!r.has("torch_dtype")) {
        r.defaults.push_back("torch_dtype = float32 (transformers' default without it)");
        return "f32";
    }
    const std::string t = r.text("torch_dtype");
    if (t == "bfloat16") return "bf16";
    if (t == "float16") return "f16";
    if (t == "float32") return "f32";
    r.fail("torch_dtype", "is \"" + t + "\"; ordo reads bfloat16, float16 or float32");
}

}  // namespace

std::string mapped_architectures() {
    std::string out;
    for (const family& f : families) out += (out.empty() ? "" : ", ") + std::string(f.architecture) + " (" + f.model + ")";
    return out;
}

model_config read_model_config(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::invalid_argument(path + ": cannot be read");
    json j;
    try {
        j = json::parse(in);
    } catch (const json::parse_error& e) {
        throw std::invalid_argument(path + ": not valid JSON (" + e.what() + ")");
    }
    model_config c;
    c.path = path;
    if (!j.is_object()) throw std::invalid_argument(path + ": not a JSON object");
    config_reader r{path, j, c.defaults};
    if (!j.contains("architectures")) r.fail("architectures", "is missing");
    if (!j["architectures"].is_array() || j["architectures"].empty() || !j["architectures"][0].is_string())
        r.fail("architectures", "must be a list of architecture names, got " + j["architectures"].dump());
    c.architecture = j["architectures"][0].get<std::string>();
    const family* found = nullptr;
    for (const family& f : families)
        if (c.architecture == f.architecture) found = &f;
    if (found == nullptr) r.fail("architectures", "is \"" + c.architecture + "\"; ordo maps " + mapped_architectures());
    c.model = found->model;
    found->read(r);
    c.sizes = r.sizes;
    c.dtype = dtype_of(r);
    return c;
}

}  // namespace ordo_tool
