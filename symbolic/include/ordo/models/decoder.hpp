#pragma once
/// \file
/// GPT-style decoders. A layer is pre-norm: x + attention(layer_norm(x)), then
/// x + W₂·gelu(W₁·layer_norm(x)) with W₁: d→f, W₂: f→d; attention is causal and scaled,
/// multi-head (the attention.hpp mechanism with g = h). The decoder embeds tokens with a table
/// [V, d] that is tied to the logit layer, applies L layers (stacked weights [L, ...], costed
/// once and multiplied by L), a final norm, and the logits [b, n, V].

#include <ordo/models/attention.hpp>

namespace ordo::models {

inline constexpr attention_options causal_scaled{true, true};

/// The layer index of a decoder's repeat loop.
inline constexpr auto layer_index = dim<"l">;

/// One layer's computation on x [b, n, d], given its weights.
template <typename X, typename W, typename D, typename H>
constexpr auto decoder_block(const X& x, const W& w, const D& d, const H& h) {
    using boost::hana::at_c;
    const auto a = layer_norm(x, at_c<0>(w), at_c<1>(w));
    const auto attended = grouped_attention<causal_scaled>(a, einsum<"bmd,gdk->bgmk">(a, at_c<3>(w)),
                                                           einsum<"bmd,gdk->bgmk">(a, at_c<4>(w)), at_c<2>(w),
                                                           at_c<5>(w), d / h);
    const auto x1 = x + attended;
    const auto m = layer_norm(x1, at_c<6>(w), at_c<7>(w));
    return x1 + matmul(gelu(matmul(m, at_c<8>(w))), at_c<9>(w));
}

/// The weights of one layer (g key/value heads), with `lead...` extents in front (none, or L
/// for stacked layers).
template <typename D, typename H, typename G, typename F, typename... Lead>
constexpr auto layer_weights(const D& d, const H& h, const G& g, const F& f, const Lead&... lead) {
    return boost::hana::make_tuple(
        param<"ln1_gain", float>(lead..., d), param<"ln1_bias", float>(lead..., d),
        param<"wq", float>(lead..., g, h / g, d, d / h), param<"wk", float>(lead..., g, d, d / h),
        param<"wv", float>(lead..., g, d, d / h), param<"wo", float>(lead..., g, h / g, d / h, d),
        param<"ln2_gain", float>(lead..., d), param<"ln2_bias", float>(lead..., d),
        param<"w1", float>(lead..., d, f), param<"w2", float>(lead..., f, d));
}

/// One decoder layer on x [b, n, d] with g key/value heads (grouped-query attention).
template <TypedExtent B, TypedExtent N, TypedExtent D, TypedExtent H, TypedExtent G, TypedExtent F>
constexpr graph gqa_decoder_layer(const B& b, const N& n, const D& d, const H& h, const G& g, const F& f) {
    const auto body = [d, h](auto x, auto... w) { return decoder_block(x, boost::hana::make_tuple(w...), d, h); };
    return boost::hana::unpack(layer_weights(d, h, g, f), [&](auto... w) {
        return trace(body, input<"x", float>(b, n, d), w...);
    });
}

/// One decoder layer on x [b, n, d] (multi-head attention).
template <TypedExtent B, TypedExtent N, TypedExtent D, TypedExtent H, TypedExtent F>
constexpr graph decoder_layer(const B& b, const N& n, const D& d, const H& h, const F& f) {
    return gqa_decoder_layer(b, n, d, h, h, f);
}

/// The whole decoder with g key/value heads: token ids [b, n] -> logits [b, n, V].
template <TypedExtent B, TypedExtent N, TypedExtent D, TypedExtent H, TypedExtent G, TypedExtent F,
          TypedExtent L, TypedExtent V>
constexpr graph gqa_decoder(const B& b, const N& n, const D& d, const H& h, const G& g, const F& f,
                            const L& layers, const V& vocabulary) {
    const auto body = [d, h, layers](auto tokens, auto table, auto final_gain, auto final_bias, auto... stacked) {
        const auto x = embedding(tokens, table);
        const auto y = repeat(layer_index, layers, x, [&](auto state) {
            return decoder_block(state, boost::hana::make_tuple(at(stacked, layer_index)...), d, h);
        });
        return einsum<"bnd,vd->bnv">(layer_norm(y, final_gain, final_bias), table);
    };
    return boost::hana::unpack(layer_weights(d, h, g, f, layers), [&](auto... w) {
        return trace(body, input<"tokens", std::int32_t>(b, n), param<"embedding", float>(vocabulary, d),
                     param<"final_gain", float>(d), param<"final_bias", float>(d), w...);
    });
}

/// The whole decoder (multi-head attention): token ids [b, n] -> logits [b, n, V].
template <TypedExtent B, TypedExtent N, TypedExtent D, TypedExtent H, TypedExtent F, TypedExtent L,
          TypedExtent V>
constexpr graph decoder(const B& b, const N& n, const D& d, const H& h, const F& f, const L& layers,
                        const V& vocabulary) {
    return gqa_decoder(b, n, d, h, h, f, layers, vocabulary);
}

}  // namespace ordo::models
