#pragma once
/// \file
/// The attention family, one mechanism: grouped-query attention (Ainslie et al. 2023) in the
/// einsum form of Shazeer 2019. h query heads in g groups share one key and one value head
/// per group; g = h is multi-head attention, g = 1 multi-query attention.
///
///     constexpr auto g = ordo::models::mha(b, n, d, h);      // = gqa(b, n, d, h, h)
///     constexpr auto q = ordo::models::mqa(b, n, d, h);      // = gqa(b, n, d, h, c<1>)
///
/// Weights: P_q [g, h/g, d, k], P_k and P_v [g, d, k], P_o [g, h/g, k, d], with head width
/// k = d/h unless given (`gqa(b, n, d, h, g, k)`: DeepSeek-V2's 128 heads of 128 in d = 5120).
/// `cross_attention(b, n, m, d, h)` attends from n positions to m memory positions.

#include <ordo/graph.hpp>

#include <type_traits>

namespace ordo::models {

/// How attention treats its logits.
struct attention_options {
    bool causal = false;  ///< mask positions after the query
    bool scaled = false;  ///< multiply the logits by 1/sqrt(d/h)
    friend constexpr bool operator==(const attention_options&, const attention_options&) = default;
};

/// No rotary embedding (the default of every attention); otherwise a rotary_table_pair (cos,
/// sin) for the queries, and callers rotate their keys themselves.
struct no_rotary {};
/// x rotated by `rope` along its last axis, or x itself without rotary embeddings.
template <typename X, typename Rope>
constexpr auto rotated(const X& x, const Rope& rope) {
    if constexpr (std::is_same_v<Rope, no_rotary>) return x;
    else return rotary<-1>(x, rope.cos, rope.sin);
}

/// The core shared by every variant: project queries, score against keys, softmax, mix the
/// values, project out. x: [b, n, d]; keys and values [b, g, m, k] with the default
/// specifications, or per key window [b, g, n, w, k] with the sliding-window ones; result
/// [b, n, d]. With `rope`, the queries are rotated (rotary embeddings).
template <attention_options Options = attention_options{}, fixed_string Logits = "bgpnk,bgmk->bgpnm",
          fixed_string Mix = "bgpnm,bgmk->bgpnk", typename X, typename K, typename V, typename WQ,
          typename WO, typename Width, typename Rope = no_rotary>
constexpr auto grouped_attention(const X& x, const K& keys, const V& values, const WQ& wq,
                                 const WO& wo, const Width& head_width, const Rope& rope = {}) {
    const auto q = rotated(einsum<"bnd,gpdk->bgpnk">(x, wq), rope);
    auto logits = einsum<Logits>(q, keys);
    const auto scaled = [&] {
        if constexpr (Options.scaled) return rsqrt_scale(logits, head_width);
        else return logits;
    }();
    const auto masked = [&] {
        if constexpr (Options.causal) return causal_mask(scaled);
        else return scaled;
    }();
    const auto weights = softmax(masked);
    return einsum<"bgpnk,gpkd->bnd">(einsum<Mix>(weights, values), wo);
}

/// Grouped attention in which each position sees only the w most recent keys and values
/// (Beltagy et al. 2020; Jiang et al. 2023): they are gathered per position, [b, g, n, w, k],
/// so scores and mixing cost Θ(bnwd) instead of Θ(bn²d). The window is causal by construction.
template <attention_options Options = attention_options{}, typename X, typename K, typename V, typename WQ,
          typename WO, typename Width, typename W, typename Rope = no_rotary>
constexpr auto windowed_attention(const X& x, const K& keys, const V& values, const WQ& wq, const WO& wo,
                                  const Width& head_width, const W& w, const Rope& rope = {}) {
    return grouped_attention<Options, "bgpnk,bgnwk->bgpnw", "bgpnw,bgnwk->bgpnk">(x, window(keys, w), window(values, w),
                                                                                wq, wo, head_width, rope);
}

/// The weights of grouped attention with head width k (default d/h), declared in argument
/// order (wq, wk, wv, wo).
template <typename D, typename H, typename G, typename K>
constexpr auto attention_weights(const D& d, const H& h, const G& g, const K& k) {
    return boost::hana::make_tuple(param<"wq", float>(g, h / g, d, k), param<"wk", float>(g, d, k),
                                   param<"wv", float>(g, d, k), param<"wo", float>(g, h / g, k, d));
}
template <typename D, typename H, typename G>
constexpr auto attention_weights(const D& d, const H& h, const G& g) {
    return attention_weights(d, h, g, d / h);
}

/// Traces `body(x, wq, wk, wv, wo)` with x [b, n, d] and grouped-attention weights of head width k.
template <typename Body, typename B, typename N, typename D, typename H, typename G, typename K>
constexpr graph trace_attention(const Body& body, const B& b, const N& n, const D& d, const H& h, const G& g,
                                const K& k) {
    return boost::hana::unpack(attention_weights(d, h, g, k), [&](auto... w) {
        return trace(body, input<"x", float>(b, n, d), w...);
    });
}
template <typename Body, typename B, typename N, typename D, typename H, typename G>
constexpr graph trace_attention(const Body& body, const B& b, const N& n, const D& d, const H& h, const G& g) {
    return trace_attention(body, b, n, d, h, g, d / h);
}

/// Grouped-query attention over all n positions at once, g key/value heads of width k.
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent G, Extent K>
constexpr element_typed<T> gqa(const B& b, const N& n, const D& d, const H& h, const G& g, const K& k) {
    const auto body = [k](auto x, auto wq, auto wk, auto wv, auto wo) {
        return grouped_attention(x, einsum<"bmd,gdk->bgmk">(x, wk), einsum<"bmd,gdk->bgmk">(x, wv), wq, wo, k);
    };
    return trace_attention(body, b, n, d, h, g, k);
}

/// Grouped-query attention with head width d/h.
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent G>
constexpr element_typed<T> gqa(const B& b, const N& n, const D& d, const H& h, const G& g) {
    return gqa(b, n, d, h, g, d / h);
}

/// Encoder-decoder (cross) attention: n queries x [b, n, d] attend to m memory positions
/// [b, m, d] (Vaswani et al. 2017 §3.2.3), h heads of width d/h.
template <typename T = float, Extent B, Extent N, Extent M, Extent D, Extent H>
constexpr element_typed<T> cross_attention(const B& b, const N& n, const M& m, const D& d, const H& h) {
    const auto body = [d, h](auto x, auto memory, auto wq, auto wk, auto wv, auto wo) {
        return grouped_attention(x, einsum<"bmd,gdk->bgmk">(memory, wk), einsum<"bmd,gdk->bgmk">(memory, wv), wq, wo,
                                 d / h);
    };
    return boost::hana::unpack(attention_weights(d, h, h), [&](auto... w) {
        return trace(body, input<"x", float>(b, n, d), input<"memory", float>(b, m, d), w...);
    });
}

/// Multi-head attention: h key/value heads.
template <typename T = float, Extent B, Extent N, Extent D, Extent H>
constexpr element_typed<T> mha(const B& b, const N& n, const D& d, const H& h) {
    return gqa(b, n, d, h, h);
}

/// Multi-query attention: one key/value head shared by all query heads.
template <typename T = float, Extent B, Extent N, Extent D, Extent H>
constexpr element_typed<T> mqa(const B& b, const N& n, const D& d, const H& h) {
    return gqa(b, n, d, h, c<1>);
}

/// Sliding-window grouped-query attention: each position attends to the w most recent
/// positions, g key/value heads.
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent G, Extent W>
constexpr element_typed<T> gqa_sliding_window(const B& b, const N& n, const D& d, const H& h, const G& g, const W& w) {
    const auto body = [d, h, w](auto x, auto wq, auto wk, auto wv, auto wo) {
        return windowed_attention(x, einsum<"bmd,gdk->bgmk">(x, wk), einsum<"bmd,gdk->bgmk">(x, wv), wq, wo, d / h, w);
    };
    return trace_attention(body, b, n, d, h, g);
}

/// Sliding-window attention with h key/value heads.
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent W>
constexpr element_typed<T> sliding_window(const B& b, const N& n, const D& d, const H& h, const W& w) {
    return gqa_sliding_window(b, n, d, h, h, w);
}

}  // namespace ordo::models
