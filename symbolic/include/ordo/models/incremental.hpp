#pragma once
/// \file
/// Incremental decoding (Shazeer 2019, §2.4 and §3.1): n calls, one new token per sequence
/// each, with the keys and values of earlier tokens kept in a cache. Step i projects token i,
/// appends its key and value to caches of length i, and attends over them; ordo sums the
/// step's costs over i = 1..n in closed form.
///
///     constexpr auto g = ordo::models::mha_incremental(b, n, d, h);
///     static_assert(theta(bytes_moved(g)) == theta(b * n * n * d + n * d * d));

#include <ordo/models/attention.hpp>

namespace ordo::models {

/// The step index of incremental decoding.
inline constexpr auto step = dim<"i">;

/// Grouped-query attention decoded one token at a time with a KV cache, heads of width k.
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent G, Extent K>
constexpr element_typed<T> gqa_incremental(const B& b, const N& n, const D& d, const H& h, const G& g, const K& k) {
    const auto body = [n, k](auto x, auto wq, auto wk, auto wv, auto wo) {
        return steps(step, n, x, [&](auto token) {  // token: [b, 1, d]
            const auto keys = kv_cache(einsum<"bmd,gdk->bgmk">(token, wk), step);    // [b, g, i, k]
            const auto values = kv_cache(einsum<"bmd,gdk->bgmk">(token, wv), step);  // [b, g, i, k]
            return grouped_attention(token, keys, values, wq, wo, k);
        });
    };
    return trace_attention(body, b, n, d, h, g, k);
}

/// Grouped-query attention decoded one token at a time, heads of width d/h.
template <typename T = float, Extent B, Extent N, Extent D, Extent H, Extent G>
constexpr element_typed<T> gqa_incremental(const B& b, const N& n, const D& d, const H& h, const G& g) {
    return gqa_incremental(b, n, d, h, g, d / h);
}

template <typename T = float, Extent B, Extent N, Extent D, Extent H>
constexpr element_typed<T> mha_incremental(const B& b, const N& n, const D& d, const H& h) {
    return gqa_incremental(b, n, d, h, h);
}

template <typename T = float, Extent B, Extent N, Extent D, Extent H>
constexpr element_typed<T> mqa_incremental(const B& b, const N& n, const D& d, const H& h) {
    return gqa_incremental(b, n, d, h, c<1>);
}

}  // namespace ordo::models
