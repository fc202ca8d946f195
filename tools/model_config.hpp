#pragma once
// A released model's Hugging Face `config.json`, read into the catalog model of its family, the
// sizes it gives that model's dimensions, and its checkpoint's element type: what
// `ordo report --config` evaluates. The families and the fields each reads are listed in
// docs/guide.md ("Real models from their config files").

#include <string>
#include <vector>

namespace ordo_tool {

/// What a config.json says, in ordo's terms.
struct model_config {
    std::string path;          ///< the file read
    std::string architecture;  ///< its `architectures[0]`, e.g. LlamaForCausalLM
    std::string model;         ///< the catalog model of that family, e.g. llama_decoder
    std::string sizes;         ///< `b=1,n=…,d=…,…`: n is `max_position_embeddings`
    std::string dtype;         ///< from `torch_dtype`: bf16, f16 or f32
    /// Fields the file leaves out, filled with the defaults their family's config class
    /// documents (e.g. `num_key_value_heads` = `num_attention_heads` in LlamaConfig).
    std::vector<std::string> defaults;
};

/// Reads `path`. A file that is not JSON, an architecture ordo does not map, or a missing,
/// malformed or unsupported field is std::invalid_argument, one line naming the file and the field.
model_config read_model_config(const std::string& path);

/// The architectures read_model_config maps, as `Architecture (catalog model)`, comma-separated.
std::string mapped_architectures();

}  // namespace ordo_tool
