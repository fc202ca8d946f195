#pragma once
/// \file
/// Decoder-only transformers, one mechanism with a style. A layer is pre-norm:
/// x + attention(norm(x)), then x + mlp(norm(x)); attention is causal and scaled, grouped-query
/// (the attention.hpp mechanism; g = h is multi-head). The decoder embeds tokens with a table
/// [V, d], applies L layers (stacked weights [L, ...], costed once and multiplied by L), a final
/// norm, and the logits [b, n, V].
///
/// Styles: `gpt2_style` (Radford et al. 2019): LayerNorm with gain and bias, MLP W₂·gelu(W₁x)
/// with W₁: d→f, W₂: f→d, logits through the embedding table (tied). `llama_style` (Touvron et
/// al. 2023): RMSNorm with a gain, MLP W₂·(silu(W₁x) ⊙ W₃x), a separate output matrix. Neither
/// has biases on its matrices or learned positions; rotary embeddings (elementwise, no weights)
/// are not modelled. Any style may attend over a sliding window of w positions instead of the
/// whole causal context (`mistral_decoder`: Jiang et al. 2023).

#include <ordo/models/attention.hpp>
#include <ordo/models/experts.hpp>

#include <boost/hana/concat.hpp>
#include <boost/hana/drop_front.hpp>
#include <boost/hana/transform.hpp>

#include <type_traits>

namespace ordo::models {

/// What distinguishes decoder families.
struct decoder_style {
    bool rms_norm = false;        ///< RMSNorm (gain) instead of LayerNorm (gain, bias)
    bool gated_mlp = false;       ///< W₂·(silu(W₁x) ⊙ W₃x) instead of W₂·gelu(W₁x)
    bool tied_embedding = true;   ///< the logits reuse the embedding table
    bool rotary = false;          ///< rotary embeddings on queries and keys (Su et al. 2021)
    bool experts = false;         ///< the MLP is a mixture of gated experts (moe_block, top-k then softmax)
    friend constexpr bool operator==(const decoder_style&, const decoder_style&) = default;
};
inline constexpr decoder_style gpt2_style{};
inline constexpr decoder_style llama_style{true, true, false, true};
inline constexpr decoder_style mixtral_style{true, true, false, true, true};

/// A dense MLP (a decoder's default); `experts_of{E, e}` for a mixture of E experts, e per token.
struct dense {};
template <typename EE, typename Ee>
struct experts_of {
    EE total;
    Ee active;
};
template <typename EE, typename Ee>
experts_of(EE, Ee) -> experts_of<EE, Ee>;

inline constexpr attention_options causal_scaled{true, true};
inline constexpr attention_options scaled_only{false, true};  ///< a window is causal by construction

/// Attention over the whole causal context: a decoder's default span.
struct full_context {};

/// Attention of one new token over a KV cache (a decoding step): `keys` and `values`
/// [b, g, n, k] hold the n positions it attends to, its own slot included (written before the
/// attention reads it, as paged-attention engines do). The token's own key and value are still
/// projected: those einsums' results are what the step writes into the cache.
template <typename KC, typename VC>
struct cached_context {
    KC keys;
    VC values;
};
template <typename KC, typename VC>
cached_context(KC, VC) -> cached_context<KC, VC>;
namespace detail {
template <typename S>
inline constexpr bool is_cached = false;
template <typename KC, typename VC>
inline constexpr bool is_cached<cached_context<KC, VC>> = true;
}  // namespace detail

/// The layer index of a decoder's repeat loop.
inline constexpr auto layer_index = dim<"l">;

namespace detail {
/// How many weights a norm of this style has.
template <decoder_style Style>
inline constexpr std::size_t norm_weight_count = Style.rms_norm ? 1 : 2;

/// The weights of one norm, with `lead...` extents in front.
template <decoder_style Style, fixed_string Gain, fixed_string Bias, typename D, typename... Lead>
constexpr auto norm_weights(const D& d, const Lead&... lead) {
    if constexpr (Style.rms_norm) return boost::hana::make_tuple(param<Gain, float>(lead..., d));
    else return boost::hana::make_tuple(param<Gain, float>(lead..., d), param<Bias, float>(lead..., d));
}

/// The norm whose weights start at index `First` of `w`.
template <decoder_style Style, std::size_t First, typename X, typename W>
constexpr auto norm(const X& x, const W& w) {
    using boost::hana::at_c;
    if constexpr (Style.rms_norm) return rms_norm(x, at_c<First>(w));
    else return layer_norm(x, at_c<First>(w), at_c<First + 1>(w));
}
}  // namespace detail

/// One layer's computation on x [b, n, d], given its weights in `layer_weights` order; `span`
/// is `full_context{}` or the extent of a sliding window.
/// With `rope` (rotary styles), queries and keys are rotated; with `experts` (experts_of),
/// the MLP is a mixture of experts whose weights are router, w1, w2, w3.
template <decoder_style Style, typename X, typename W, typename D, typename H, typename Span = full_context,
          typename Rope = no_rotary, typename Experts = dense>
constexpr auto decoder_block(const X& x, const W& w, const D& d, const H& h, const Span& span = {},
                             const Rope& rope = {}, const Experts& experts = {}) {
    using boost::hana::at_c;
    constexpr std::size_t k = detail::norm_weight_count<Style>;  // wq, wk, wv, wo follow the first norm
    constexpr std::size_t mlp = 2 * k + 4;                       // w1, w2 (, w3) or router, w1, w2, w3 follow the second
    const auto a = detail::norm<Style, 0>(x, w);
    const auto keys = rotated(einsum<"bmd,gdk->bgmk">(a, at_c<k + 1>(w)), rope);
    const auto values = einsum<"bmd,gdk->bgmk">(a, at_c<k + 2>(w));
    const auto attended = [&] {
        if constexpr (std::is_same_v<Span, full_context>)
            return grouped_attention<causal_scaled>(a, keys, values, at_c<k>(w), at_c<k + 3>(w), d / h, rope);
        else if constexpr (detail::is_cached<Span>)  // one query sees every cached position: no mask
            return grouped_attention<scaled_only>(a, span.keys, span.values, at_c<k>(w), at_c<k + 3>(w), d / h, rope);
        else return windowed_attention<scaled_only>(a, keys, values, at_c<k>(w), at_c<k + 3>(w), d / h, span, rope);
    }();
    const auto x1 = x + attended;
    const auto m = detail::norm<Style, k + 4>(x1, w);
    if constexpr (Style.experts)
        return x1 + moe_block<gating::top_k_then_softmax>(m, at_c<mlp>(w), at_c<mlp + 1>(w), at_c<mlp + 2>(w),
                                                          at_c<mlp + 3>(w), experts.active);
    else if constexpr (Style.gated_mlp)
        return x1 + swiglu(m, at_c<mlp>(w), at_c<mlp + 1>(w), at_c<mlp + 2>(w));
    else
        return x1 + matmul(gelu(matmul(m, at_c<mlp>(w))), at_c<mlp + 1>(w));
}

/// The weights of one layer (g key/value heads), with `lead...` extents in front (none, or L
/// for stacked layers): norm, wq, wk, wv, wo, norm, w1, w2 (, w3).
template <decoder_style Style, typename D, typename H, typename G, typename F, typename Experts, typename... Lead>
constexpr auto layer_weights_with(const D& d, const H& h, const G& g, const F& f, const Experts& experts,
                                  const Lead&... lead) {
    const auto mlp = [&] {
        if constexpr (Style.experts)
            return moe_weights(d, f, experts.total, lead...);
        else if constexpr (Style.gated_mlp)
            return boost::hana::make_tuple(param<"w1", float>(lead..., d, f), param<"w2", float>(lead..., f, d),
                                           param<"w3", float>(lead..., d, f));
        else return boost::hana::make_tuple(param<"w1", float>(lead..., d, f), param<"w2", float>(lead..., f, d));
    }();
    return boost::hana::concat(
        boost::hana::concat(detail::norm_weights<Style, "ln1_gain", "ln1_bias">(d, lead...),
                            boost::hana::make_tuple(param<"wq", float>(lead..., g, h / g, d, d / h),
                                                    param<"wk", float>(lead..., g, d, d / h),
                                                    param<"wv", float>(lead..., g, d, d / h),
                                                    param<"wo", float>(lead..., g, h / g, d / h, d))),
        boost::hana::concat(detail::norm_weights<Style, "ln2_gain", "ln2_bias">(d, lead...), mlp));
}

/// The weights of one layer with a dense MLP (see layer_weights_with).
template <decoder_style Style, typename D, typename H, typename G, typename F, typename... Lead>
constexpr auto layer_weights(const D& d, const H& h, const G& g, const F& f, const Lead&... lead) {
    return layer_weights_with<Style>(d, h, g, f, dense{}, lead...);
}

namespace detail {
/// A rotary style's extra inputs: the cos and sin tables [n, d/h] (computed once per context
/// length and cached, as implementations do; `rotary_tables` computes them); none otherwise.
template <decoder_style Style, typename N, typename D, typename H>
constexpr auto rotary_inputs(const N& n, const D& d, const H& h) {
    if constexpr (Style.rotary) return boost::hana::make_tuple(input<"cos", float>(n, d / h), input<"sin", float>(n, d / h));
    else return boost::hana::make_tuple();
}
/// The rotary tables, the first two of `inputs`, for a rotary style; else no_rotary.
template <decoder_style Style, typename Inputs>
constexpr auto rope_of(const Inputs& inputs) {
    if constexpr (Style.rotary) return rotary_pair_of(boost::hana::at_c<0>(inputs), boost::hana::at_c<1>(inputs));
    else return no_rotary{};
}
inline constexpr std::size_t rotary_input_count(decoder_style s) { return s.rotary ? 2 : 0; }
}  // namespace detail

namespace detail {
/// How many weights come before the layers': the final norm's, and the output matrix unless tied.
template <decoder_style Style>
inline constexpr std::size_t head_weight_count = norm_weight_count<Style> + (Style.tied_embedding ? 0 : 1);

/// The final norm's weights, then the output matrix [V, d] unless the logits reuse the table.
template <decoder_style Style, typename D, typename V>
constexpr auto head_weights(const D& d, const V& vocabulary) {
    const auto output = [&] {
        if constexpr (Style.tied_embedding) return boost::hana::make_tuple();
        else return boost::hana::make_tuple(param<"output", float>(vocabulary, d));
    }();
    return boost::hana::concat(norm_weights<Style, "final_gain", "final_bias">(d), output);
}

/// The logits of y [b, n, d]: the final norm, then the output matrix (or the embedding table),
/// from `weights`, which start with head_weights.
template <decoder_style Style, typename Y, typename W, typename Table>
constexpr auto logits(const Y& y, const W& weights, const Table& table) {
    const auto out = norm<Style, 0>(y, weights);
    if constexpr (Style.tied_embedding) return einsum<"bnd,vd->bnv">(out, table);
    else return einsum<"bnd,vd->bnv">(out, boost::hana::at_c<head_weight_count<Style> - 1>(weights));
}

/// A decoder's arguments after its tokens (and caches), by role.
template <typename Rope, typename Table, typename Weights, typename Stacked>
struct decoder_arguments {
    Rope rope;        ///< rotary's cos and sin tables (rotary styles), else no_rotary
    Table table;      ///< the embedding table
    Weights weights;  ///< the weights after the table: head_weights', then the layers'
    Stacked stacked;  ///< the layers' weights, [L, ...] each
};
/// `all` (the inputs after the tokens: rotary's tables, the table, the weights) by role.
template <decoder_style Style, typename All>
constexpr auto split_decoder_arguments(const All& all) {
    constexpr std::size_t extra = rotary_input_count(Style);
    const auto rope = rope_of<Style>(all);
    const auto table = boost::hana::at_c<extra>(all);
    const auto weights = boost::hana::drop_front(all, boost::hana::size_c<extra + 1>);
    const auto stacked = boost::hana::drop_front(weights, boost::hana::size_c<head_weight_count<Style>>);
    return decoder_arguments<decltype(rope), decltype(table), decltype(weights), decltype(stacked)>{rope, table, weights,
                                                                                                   stacked};
}
}  // namespace detail

/// One decoder layer on x [b, n, d] with g key/value heads (grouped-query attention), over the
/// whole context or a window (`span`).
template <decoder_style Style = gpt2_style, Extent B, Extent N, Extent D, Extent H,
          Extent G, Extent F, typename Span = full_context, typename Experts = dense>
constexpr graph gqa_decoder_layer(const B& b, const N& n, const D& d, const H& h, const G& g, const F& f,
                                  const Span& span = {}, const Experts& experts = {}) {
    constexpr std::size_t extra = detail::rotary_input_count(Style);
    const auto body = [d, h, span, experts](auto x, auto... rest) {
        const auto all = boost::hana::make_tuple(rest...);
        return decoder_block<Style>(x, boost::hana::drop_front(all, boost::hana::size_c<extra>), d, h, span,
                                    detail::rope_of<Style>(all), experts);
    };
    const auto arguments = boost::hana::concat(detail::rotary_inputs<Style>(n, d, h), layer_weights_with<Style>(d, h, g, f, experts));
    return boost::hana::unpack(arguments, [&](auto... w) { return trace(body, input<"x", float>(b, n, d), w...); });
}

/// One decoder layer on x [b, n, d] (GPT-2 style, multi-head attention).
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent F>
constexpr element_typed<T> decoder_layer(const B& b, const N& n, const D& d, const H& h, const F& f) {
    return gqa_decoder_layer(b, n, d, h, h, f);
}

/// The whole decoder with g key/value heads: token ids [b, n] -> logits [b, n, V]; attention
/// over the whole context or a window (`span`).
template <decoder_style Style = gpt2_style, Extent B, Extent N, Extent D, Extent H,
          Extent G, Extent F, Extent L, Extent V, typename Span = full_context,
          typename Experts = dense>
constexpr graph gqa_decoder(const B& b, const N& n, const D& d, const H& h, const G& g, const F& f,
                            const L& layers, const V& vocabulary, const Span& span = {}, const Experts& experts = {}) {
    const auto body = [d, h, layers, span, experts](auto tokens, auto... rest) {
        const auto in = detail::split_decoder_arguments<Style>(boost::hana::make_tuple(rest...));
        const auto x = embedding(tokens, in.table);
        const auto y = repeat(layer_index, layers, x, [&](auto state) {
            return decoder_block<Style>(state, boost::hana::transform(in.stacked, [](auto w) { return at(w, layer_index); }),
                                        d, h, span, in.rope, experts);
        });
        return detail::logits<Style>(y, in.weights, in.table);
    };
    const auto weights = boost::hana::concat(
        detail::head_weights<Style>(d, vocabulary),
        layer_weights_with<Style>(d, h, g, f, experts, layers));
    const auto arguments = boost::hana::concat(
        boost::hana::concat(detail::rotary_inputs<Style>(n, d, h), boost::hana::make_tuple(param<"embedding", float>(vocabulary, d))),
        weights);
    return boost::hana::unpack(arguments, [&](auto... w) { return trace(body, input<"tokens", std::int32_t>(b, n), w...); });
}

/// The whole decoder (GPT-2 style, multi-head attention): token ids [b, n] -> logits [b, n, V].
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent F, Extent L,
          Extent V>
constexpr element_typed<T> decoder(const B& b, const N& n, const D& d, const H& h, const F& f, const L& layers,
                        const V& vocabulary) {
    return gqa_decoder(b, n, d, h, h, f, layers, vocabulary);
}

/// A LLaMA-style decoder (RMSNorm, SwiGLU MLP, rotary embeddings, untied output, g key/value heads).
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent G, Extent F,
          Extent L, Extent V>
constexpr element_typed<T> llama_decoder(const B& b, const N& n, const D& d, const H& h, const G& g, const F& f,
                              const L& layers, const V& vocabulary) {
    return gqa_decoder<llama_style>(b, n, d, h, g, f, layers, vocabulary);
}

/// A Mistral-style decoder: LLaMA style, attention over a sliding window of w positions.
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent G, Extent F,
          Extent L, Extent V, Extent W>
constexpr element_typed<T> mistral_decoder(const B& b, const N& n, const D& d, const H& h, const G& g, const F& f,
                                const L& layers, const V& vocabulary, const W& w) {
    return gqa_decoder<llama_style>(b, n, d, h, g, f, layers, vocabulary, w);
}

/// A Mixtral-style decoder (Jiang et al. 2024): LLaMA style with rotary embeddings, and each
/// layer's MLP a mixture of E SwiGLU experts of width f, the top e per token weighted by a
/// softmax over their logits.
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent G, Extent F,
          Extent L, Extent V, Extent EE, Extent Ee>
constexpr element_typed<T> mixtral_decoder(const B& b, const N& n, const D& d, const H& h, const G& g, const F& f,
                                const L& layers, const V& vocabulary, const EE& experts, const Ee& active) {
    return gqa_decoder<mixtral_style>(b, n, d, h, g, f, layers, vocabulary, full_context{},
                                      experts_of{experts, active});
}

/// One LLaMA-style decoder layer on x [b, n, d].
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent G, Extent F>
constexpr element_typed<T> llama_decoder_layer(const B& b, const N& n, const D& d, const H& h, const G& g, const F& f) {
    return gqa_decoder_layer<llama_style>(b, n, d, h, g, f);
}

}  // namespace ordo::models
