#pragma once
/// \file
/// One decoding step: b sequences each add one token, attending to n cached positions.
///
///     constexpr auto step = ordo::models::llama_decode_step<ordo::bfloat16>(b, n, d, h, g, f, L, V);
///
/// Inputs: the new tokens [b, 1] and the KV cache, keys and values [L, b, g, n, d/h] (n
/// positions per sequence, the new token's slot included); rotary styles also take the cos
/// and sin rows [1, d/h] of the new position. Each layer's weights are read once for the
/// whole batch, which is why a step at small b is memory-bound: bytes ≈ the weights plus the
/// cache, FLOPs ≈ 2·b·(weights) — arithmetic intensity about b FLOP per weight byte pair.
/// The layers are the decoder's (decoder.hpp), with the attention over the cache
/// (`cached_context`); the logits are [b, 1, V].

#include <ordo/models/decoder.hpp>

namespace ordo::models {

/// A decoding step of a decoder of style `Style` with g key/value heads.
template <decoder_style Style, Extent B, Extent N, Extent D, Extent H, Extent G, Extent F, Extent L, Extent V>
constexpr graph gqa_decode_step(const B& b, const N& n, const D& d, const H& h, const G& g, const F& f,
                                const L& layers, const V& vocabulary) {
    const auto body = [d, h, layers](auto tokens, auto key_cache, auto value_cache, auto... rest) {
        const auto in = detail::split_decoder_arguments<Style>(boost::hana::make_tuple(rest...));
        const auto x = embedding(tokens, in.table);
        const auto y = repeat(layer_index, layers, x, [&](auto state) {
            const cached_context cache{at(key_cache, layer_index), at(value_cache, layer_index)};
            return decoder_block<Style>(state, boost::hana::transform(in.stacked, [](auto w) { return at(w, layer_index); }),
                                        d, h, cache, in.rope);
        });
        return detail::logits<Style>(y, in.weights, in.table);
    };
    const auto weights = boost::hana::concat(
        detail::head_weights<Style>(d, vocabulary),
        layer_weights<Style>(d, h, g, f, layers));
    const auto arguments = boost::hana::concat(
        boost::hana::concat(boost::hana::make_tuple(input<"key_cache", float>(layers, b, g, n, d / h),
                                                    input<"value_cache", float>(layers, b, g, n, d / h)),
                            detail::rotary_inputs<Style>(c<1>, d, h)),
        boost::hana::concat(boost::hana::make_tuple(param<"embedding", float>(vocabulary, d)), weights));
    return boost::hana::unpack(arguments, [&](auto... w) { return trace(body, input<"tokens", std::int32_t>(b, c<1>), w...); });
}

/// A LLaMA-style decoding step (RMSNorm, SwiGLU, rotary, untied output, g key/value heads).
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent G, Extent F, Extent L, Extent V>
constexpr element_typed<T> llama_decode_step(const B& b, const N& n, const D& d, const H& h, const G& g, const F& f,
                                             const L& layers, const V& vocabulary) {
    return gqa_decode_step<llama_style>(b, n, d, h, g, f, layers, vocabulary);
}

/// A GPT-2-style decoding step (LayerNorm, GELU MLP of width f, tied logits, h heads).
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent F, Extent L, Extent V>
constexpr element_typed<T> gpt2_decode_step(const B& b, const N& n, const D& d, const H& h, const F& f,
                                            const L& layers, const V& vocabulary) {
    return gqa_decode_step<gpt2_style>(b, n, d, h, h, f, layers, vocabulary);
}

/// A Mistral-style decoding step: LLaMA style over a rolling cache of the w most recent
/// positions (Mistral's sliding window), so the step's cost stops growing past n = w.
template <typename T = float, Extent B, Extent W, Extent D, Extent H, Extent G, Extent F, Extent L, Extent V>
constexpr element_typed<T> mistral_decode_step(const B& b, const W& w, const D& d, const H& h, const G& g,
                                               const F& f, const L& layers, const V& vocabulary) {
    return gqa_decode_step<llama_style>(b, w, d, h, g, f, layers, vocabulary);
}

}  // namespace ordo::models
