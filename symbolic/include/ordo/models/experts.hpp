#pragma once
/// \file
/// Mixture-of-experts MLPs: a router scores E experts per token, the top e run (SwiGLU
/// experts, Shazeer 2020), and their outputs are summed weighted by the gates.
///
///     constexpr auto g = ordo::models::moe_mlp(b, n, d, f, E, e);
///     static_assert(params(g) == d * E + 3 * E * d * f);
///
/// Router: softmax over the E logits, then the top e (Fedus et al. 2022; DeepSeek-V2), or the
/// top e logits, then a softmax over them (Mixtral, Jiang et al. 2024: "softmax(TopK(x·W_g))").
/// Only the chosen experts' weights multiply a token: 6·tokens·e·d·f FLOPs under gemm_only,
/// however many experts there are. Weights: router [d, E], w1 and w3 [E, d, f], w2 [E, f, d].

#include <ordo/models/attention.hpp>

namespace ordo::models {

/// A SwiGLU MLP (Shazeer 2020): w2·(silu(w1·x) ⊙ w3·x), the LLaMA-style dense MLP and each expert.
template <typename X, typename W1, typename W2, typename W3>
constexpr auto swiglu(const X& x, const W1& w1, const W2& w2, const W3& w3) {
    return matmul(silu(matmul(x, w1)) * matmul(x, w3), w2);
}

/// Where the router's softmax sits.
enum class gating { softmax_then_top_k, top_k_then_softmax };

/// The MoE block on x [b, n, d] (see the file comment); `e` experts per token.
template <gating Gating = gating::softmax_then_top_k, typename X, typename R, typename W1, typename W2, typename W3,
          typename E>
constexpr auto moe_block(const X& x, const R& router, const W1& w1, const W2& w2, const W3& w3, const E& e) {
    const auto logits = matmul(x, router);  // [b, n, E]
    const auto [gates, chosen] = [&] {
        if constexpr (Gating == gating::softmax_then_top_k) {
            return top_k<-1>(softmax(logits), e);
        } else {
            const auto top = top_k<-1>(logits, e);
            return top_k_result<decltype(softmax(top.values)), decltype(top.indices)>{softmax(top.values), top.indices};
        }
    }();
    const auto hidden = silu(expert_matmul(x, w1, chosen)) * expert_matmul(x, w3, chosen);  // [b, n, e, f]
    return einsum<"bne,bned->bnd">(gates, expert_matmul(hidden, w2, chosen));
}

/// The weights of one MoE block with `lead...` extents in front (none, or L for stacked
/// layers): router, w1, w2, w3.
template <typename D, typename F, typename E, typename... Lead>
constexpr auto moe_weights(const D& d, const F& f, const E& experts, const Lead&... lead) {
    return boost::hana::make_tuple(param<"router", float>(lead..., d, experts), param<"w1", float>(lead..., experts, d, f),
                                   param<"w2", float>(lead..., experts, f, d), param<"w3", float>(lead..., experts, d, f));
}

/// One MoE MLP on x [b, n, d]: E SwiGLU experts of width f, e chosen per token.
template <typename T = float, Extent B, Extent N, Extent D, Extent F, Extent EE, Extent Ee>
constexpr element_typed<T> moe_mlp(const B& b, const N& n, const D& d, const F& f, const EE& experts, const Ee& e) {
    const auto body = [e](auto x, auto router, auto w1, auto w2, auto w3) { return moe_block(x, router, w1, w2, w3, e); };
    return boost::hana::unpack(moe_weights(d, f, experts), [&](auto... w) {
        return trace(body, input<"x", float>(b, n, d), w...);
    });
}

}  // namespace ordo::models
