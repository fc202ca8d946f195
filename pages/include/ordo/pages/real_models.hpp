#pragma once
/// \file
/// Published shapes of real models, and any graph evaluated at them. The shapes are inputs
/// (from the models' papers and configuration files); every figure is computed by ordo.

#include <ordo/graph.hpp>

#include <span>
#include <string>

namespace ordo::pages {

/// The architecture family of a real model: ordo::models::gpt2_style or llama_style (dense),
/// mixtral_decoder or deepseek_decoder (experts).
enum class family { gpt2, llama, mixtral, deepseek };

/// A real model's published configuration.
struct real_model {
    const char* name;
    family architecture;
    /// `b=1,d=…,h=…,g=…,f=…,L=…,V=…,n=…` and `w=…` for a sliding window: width d, heads h,
    /// key/value heads g, MLP width f, layers L, vocabulary V, context n.
    const char* shapes;
    /// The element type of its released checkpoint (config.json's `torch_dtype`): bytes, peak
    /// memory and KV cache are given in it.
    dtype checkpoint = dtype::f32;
};

/// GPT-2 small, GPT-3 175B, LLaMA-2 7B and 70B (GQA, 8 key/value heads), Mistral 7B (window).
std::span<const real_model> real_models();

/// Mixture-of-experts models: Mixtral 8x7B (`E`, `e` added) and DeepSeek-V2 (latent attention:
/// head width k, latents r and q, rotary width p; s shared experts of width f; L counts the
/// layers after the dense first one).
std::span<const real_model> expert_models();

/// The widest (largest d) of `models` with grouped-query attention, 1 < g < h; null if none.
const real_model* widest_grouped_query(std::span<const real_model> models);

/// How published shapes bind a graph's dimensions.
enum class real_shapes {
    none,      ///< no real-shape table
    as_named,  ///< b, n, d, h, g, f, L, V, w as published; w = n without a window
    per_head,  ///< one attention head: d is the head dimension d/h (no b, h, g)
};

/// The sizes model `m` gives a graph under `how`; dimensions it does not publish (a tile
/// size M, say) come from `defaults`.
bindings real_bindings(const real_model& m, real_shapes how, const bindings& defaults);

/// The bytes of a graph's KV caches per cached position (of n), or 0 without a KV cache.
polynomial kv_cache_bytes_per_position(const graph& g);

/// A Markdown table of the graph at every real model's shapes, in its checkpoint's element
/// type: parameters, FLOPs per token, bytes moved per token, peak memory, KV cache per token
/// (when the graph has one), and the context length at which activation-only work overtakes
/// weight work.
std::string real_shapes_table(const graph& g, real_shapes how, const bindings& defaults);

}  // namespace ordo::pages
