#pragma once
/// \file
/// Multi-head latent attention (DeepSeek-V2, Liu et al. 2024 §2.1): keys and values are
/// up-projected from a latent c = x·W_DKV of width r per token (eqs. 9–11), and a decoupled
/// rotary key k_R = RoPE(x·W_KR) of width p is shared by all h heads (eq. 15); queries have h
/// heads of width k for the content part and p for the rotary part (eqs. 13–14, here without
/// the query compression), and the score of a head is q_C·k_C + q_R·k_R (eqs. 16–18).
///
///     constexpr auto g = ordo::models::mla(b, n, d, h, k, r, p);              // naive, causal
///     constexpr auto s = ordo::models::mla_incremental(b, n, d, h, k, r, p);  // absorbed, cached
///     static_assert(kv_cache_bytes(s) == 4 * b * n * (r + p));                // r + p per token
///
/// The incremental form caches only c and k_R (r + p elements per token, Table 1) and absorbs
/// the up-projections: W_UK into the queries (W_QA = W_Q·W_UKᵀ per head, [d, h, r]) and W_UV
/// into the output (W_OA = W_UV·W_O per head, [h, r, d]), so no step up-projects the cache.
/// Scores are not scaled (like `mha`); the rotary tables are inputs `cos` and `sin` [n, p]
/// (cached per context length, as implementations do).

#include <ordo/models/attention.hpp>
#include <ordo/models/incremental.hpp>

namespace ordo::models {

/// MLA over all n positions at once, causal, with explicit up-projections.
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent K, Extent R, Extent P>
constexpr element_typed<T> mla(const B& b, const N& n, const D& d, const H& h, const K& k, const R& r, const P& p) {
    const auto body = [](auto x, auto cos, auto sin, auto w_dkv, auto w_uk, auto w_uv, auto w_kr, auto w_q, auto w_qr,
                         auto w_o) {
        const auto tables = rotary_pair_of(cos, sin);  // [n, p]
        const auto latent = matmul(x, w_dkv);                                                       // [b, n, r]
        const auto keys = einsum<"bnr,rhk->bhnk">(latent, w_uk);                                    // [b, h, n, k]
        const auto values = einsum<"bnr,rhk->bhnk">(latent, w_uv);                                  // [b, h, n, k]
        const auto rotary_keys = rotary<-1>(matmul(x, w_kr), tables.cos, tables.sin);        // [b, n, p]
        const auto queries = einsum<"bnd,dhk->bhnk">(x, w_q);                                       // [b, h, n, k]
        const auto rotary_queries = rotary<-1>(einsum<"bnd,dhp->bhnp">(x, w_qr), tables.cos, tables.sin);
        const auto scores = einsum<"bhnk,bhmk->bhnm">(queries, keys) + einsum<"bhnp,bmp->bhnm">(rotary_queries, rotary_keys);
        const auto mixed = einsum<"bhnm,bhmk->bhnk">(softmax(causal_mask(scores)), values);
        return einsum<"bhnk,hkd->bnd">(mixed, w_o);
    };
    return trace(body, input<"x", float>(b, n, d), input<"cos", float>(n, p), input<"sin", float>(n, p),
                 param<"w_dkv", float>(d, r), param<"w_uk", float>(r, h, k), param<"w_uv", float>(r, h, k),
                 param<"w_kr", float>(d, p), param<"w_q", float>(d, h, k), param<"w_qr", float>(d, h, p),
                 param<"w_o", float>(h, k, d));
}

/// MLA decoded one token at a time: the latent and the rotary key cached, the up-projections
/// absorbed (see the file comment).
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent K, Extent R, Extent P>
constexpr element_typed<T> mla_incremental(const B& b, const N& n, const D& d, const H& h, const K&, const R& r, const P& p) {
    const auto body = [n](auto x, auto cos, auto sin, auto w_dkv, auto w_kr, auto w_qa, auto w_qr, auto w_oa) {
        const auto tables = rotary_pair_of(cos, sin);  // [n, p]
        return steps(step, n, boost::hana::make_tuple(x, tables.cos, tables.sin), [&](auto token, auto cos_i, auto sin_i) {
            const auto latent = kv_cache(matmul(token, w_dkv), step);                                // [b, i, r]
            const auto rotary_keys = kv_cache(rotary<-1>(matmul(token, w_kr), cos_i, sin_i), step);  // [b, i, p]
            const auto queries = einsum<"bnd,dhr->bhnr">(token, w_qa);                               // [b, h, 1, r]
            const auto rotary_queries = rotary<-1>(einsum<"bnd,dhp->bhnp">(token, w_qr), cos_i, sin_i);
            const auto scores = einsum<"bhnr,bmr->bhnm">(queries, latent) + einsum<"bhnp,bmp->bhnm">(rotary_queries, rotary_keys);
            const auto mixed = einsum<"bhnm,bmr->bhnr">(softmax(scores), latent);                   // [b, h, 1, r]
            return einsum<"bhnr,hrd->bnd">(mixed, w_oa);
        });
    };
    return trace(body, input<"x", float>(b, n, d), input<"cos", float>(n, p), input<"sin", float>(n, p),
                 param<"w_dkv", float>(d, r), param<"w_kr", float>(d, p), param<"w_qa", float>(d, h, r),
                 param<"w_qr", float>(d, h, p), param<"w_oa", float>(h, r, d));
}

}  // namespace ordo::models
