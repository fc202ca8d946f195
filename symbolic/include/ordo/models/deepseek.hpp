#pragma once
/// \file
/// A DeepSeek-V2-style decoder (Liu et al. 2024): every layer attends with multi-head latent
/// attention, and its MLP is DeepSeekMoE: s shared SwiGLU experts that every token uses plus
/// the top e of E routed ones, each of width f (§2.2; softmax, then the top e, gates not
/// renormalised). The first layer's MLP is dense; DeepSeek-V2 makes it as wide as the experts
/// a token uses, (e + s)·f (its config: intermediate_size 12288 = (6 + 2) · 1536), and so does
/// this graph, as the shared SwiGLU plus a dense one of width e·f (a SwiGLU splits over its
/// hidden units exactly). L counts the MoE layers after it: DeepSeek-V2's 60 layers are L = 59.
///
///     constexpr auto g = ordo::models::deepseek_decoder(b, n, d, h, k, r, p, q, f, s, E, e, L, V);
///
/// The attention is the released model's (configuration_deepseek.py): queries compressed to a
/// latent of width q, normalised, then up-projected to h heads of width k (content) and p
/// (rotary); keys and values up-projected from the normalised latent of width r; one rotary
/// key of width p shared by all heads; RMSNorm before attention, before the MLP and at the end;
/// an untied output. Its parameter layout is the checkpoint's, so `params` and `active_params`
/// at DeepSeek-V2's shapes are the released figures. Left out: the scale 1/√(k + p) of the
/// scores (one multiply per score; its extent is not a monomial), the routed experts' output
/// scale (16, one multiply per element) and device-limited routing (it limits which experts a
/// token may choose, not how many).

#include <ordo/models/decoder.hpp>

#include <boost/hana/take_front.hpp>

namespace ordo::models {

namespace detail {
/// The weights of one DeepSeek-V2-style layer, named `Prefix` + name, with `lead...` extents in
/// front (none, or L for stacked layers): 12 for attention, 3 shared-expert, then the dense MLP
/// of width e·f (3) or the routed experts (router, w1, w2, w3).
template <fixed_string Prefix, bool Dense, typename D, typename H, typename K, typename R, typename P, typename Q,
          typename F, typename S, typename EE, typename Ee, typename... Lead>
constexpr auto deepseek_layer_weights(const D& d, const H& h, const K& k, const R& r, const P& p, const Q& q,
                                      const F& f, const S& s, const EE& experts, const Ee& e, const Lead&... lead) {
    const auto attention = boost::hana::make_tuple(
        param<joined<Prefix, "attn_norm">, float>(lead..., d), param<joined<Prefix, "wq_a">, float>(lead..., d, q),
        param<joined<Prefix, "q_norm">, float>(lead..., q), param<joined<Prefix, "wq_b">, float>(lead..., q, h, k),
        param<joined<Prefix, "wq_rotary">, float>(lead..., q, h, p), param<joined<Prefix, "wkv_a">, float>(lead..., d, r),
        param<joined<Prefix, "wk_rotary">, float>(lead..., d, p), param<joined<Prefix, "kv_norm">, float>(lead..., r),
        param<joined<Prefix, "wk_b">, float>(lead..., r, h, k), param<joined<Prefix, "wv_b">, float>(lead..., r, h, k),
        param<joined<Prefix, "wo">, float>(lead..., h, k, d), param<joined<Prefix, "mlp_norm">, float>(lead..., d));
    const auto shared = boost::hana::make_tuple(param<joined<Prefix, "shared_w1">, float>(lead..., d, s * f),
                                                param<joined<Prefix, "shared_w2">, float>(lead..., s * f, d),
                                                param<joined<Prefix, "shared_w3">, float>(lead..., d, s * f));
    const auto routed = [&] {
        if constexpr (Dense)
            return boost::hana::make_tuple(param<joined<Prefix, "w1">, float>(lead..., d, e * f),
                                           param<joined<Prefix, "w2">, float>(lead..., e * f, d),
                                           param<joined<Prefix, "w3">, float>(lead..., d, e * f));
        else return moe_weights(d, f, experts, lead...);
    }();
    return boost::hana::concat(boost::hana::concat(attention, shared), routed);
}
}  // namespace detail

/// One DeepSeek-V2-style layer on x [b, n, d], given its weights in deepseek_layer_weights
/// order and the rotary tables [n, p]; dense MLP or e of the routed experts.
template <bool Dense, typename X, typename W, typename Tables, typename Ee>
constexpr auto deepseek_block(const X& x, const W& w, const Tables& tables, const Ee& e) {
    using boost::hana::at_c;
    const auto a = rms_norm(x, at_c<0>(w));
    const auto compressed = rms_norm(matmul(a, at_c<1>(w)), at_c<2>(w));                          // [b, n, q]
    const auto queries = einsum<"bnq,qhk->bhnk">(compressed, at_c<3>(w));                          // [b, h, n, k]
    const auto rotary_queries = rotary<-1>(einsum<"bnq,qhp->bhnp">(compressed, at_c<4>(w)), tables.cos, tables.sin);
    const auto latent = rms_norm(matmul(a, at_c<5>(w)), at_c<7>(w));                               // [b, n, r]
    const auto rotary_keys = rotary<-1>(matmul(a, at_c<6>(w)), tables.cos, tables.sin);            // [b, n, p]
    const auto keys = einsum<"bnr,rhk->bhnk">(latent, at_c<8>(w));
    const auto values = einsum<"bnr,rhk->bhnk">(latent, at_c<9>(w));
    const auto scores = einsum<"bhnk,bhmk->bhnm">(queries, keys) + einsum<"bhnp,bmp->bhnm">(rotary_queries, rotary_keys);
    const auto mixed = einsum<"bhnm,bhmk->bhnk">(softmax(causal_mask(scores)), values);
    const auto x1 = x + einsum<"bhnk,hkd->bnd">(mixed, at_c<10>(w));
    const auto m = rms_norm(x1, at_c<11>(w));
    const auto shared = swiglu(m, at_c<12>(w), at_c<13>(w), at_c<14>(w));
    if constexpr (Dense) return x1 + shared + swiglu(m, at_c<15>(w), at_c<16>(w), at_c<17>(w));
    else return x1 + shared + moe_block(m, at_c<15>(w), at_c<16>(w), at_c<17>(w), at_c<18>(w), e);
}

/// The DeepSeek-V2-style decoder (see the file comment): token ids [b, n] -> logits [b, n, V];
/// a dense first layer, then L MoE layers.
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent K, Extent R, Extent P,
          Extent Q, Extent F, Extent S, Extent EE, Extent Ee, Extent L, Extent V>
constexpr element_typed<T> deepseek_decoder(const B& b, const N& n, const D& d, const H& h, const K& k, const R& r, const P& p,
                                 const Q& q, const F& f, const S& s, const EE& experts, const Ee& e, const L& layers,
                                 const V& vocabulary) {
    constexpr std::size_t first_count = 18;  // the first layer's weights follow table, final norm, output
    const auto body = [e, layers](auto tokens, auto cos, auto sin, auto table, auto final_norm, auto output, auto... rest) {
        const auto all = boost::hana::make_tuple(rest...);
        const auto tables = rotary_pair_of(cos, sin);
        const auto dense_weights = boost::hana::take_front(all, boost::hana::size_c<first_count>);
        const auto stacked = boost::hana::drop_front(all, boost::hana::size_c<first_count>);
        const auto x = deepseek_block<true>(embedding(tokens, table), dense_weights, tables, e);
        const auto y = repeat(layer_index, layers, x, [&](auto state) {
            return deepseek_block<false>(state, boost::hana::transform(stacked, [](auto w) { return at(w, layer_index); }),
                                         tables, e);
        });
        return einsum<"bnd,vd->bnv">(rms_norm(y, final_norm), output);
    };
    const auto weights = boost::hana::concat(
        boost::hana::make_tuple(param<"embedding", float>(vocabulary, d), param<"final_norm", float>(d),
                                param<"output", float>(vocabulary, d)),
        boost::hana::concat(detail::deepseek_layer_weights<"first_", true>(d, h, k, r, p, q, f, s, experts, e),
                            detail::deepseek_layer_weights<"", false>(d, h, k, r, p, q, f, s, experts, e, layers)));
    return boost::hana::unpack(weights, [&](auto... w) {
        return trace(body, input<"tokens", std::int32_t>(b, n), input<"cos", float>(n, p), input<"sin", float>(n, p), w...);
    });
}

}  // namespace ordo::models
