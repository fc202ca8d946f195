#pragma once
/// \file
/// Tiled attention in the manner of FlashAttention (Dao et al. 2022), single head: N
/// positions, head width d, on-chip memory of M elements as a symbol. Blocks of B = M/(4d)
/// rows (B_r = B_c = B, the regime M <= 4d² where B <= d): for each block of queries (loaded
/// on chip once), stream over the T = N/B blocks of keys and values, keeping the output,
/// the running row max and the running row sum on chip (the online softmax), then store the
/// block's output. Main-memory traffic is Θ(N²d²/M) instead of standard attention's
/// Θ(Nd + N²), and no N×N tensor ever exists.

#include <ordo/models/attention.hpp>

namespace ordo::models {

/// The indices of the query-block and key-block loops.
inline constexpr auto row_block = dim<"r">;
inline constexpr auto column_block = dim<"j">;

/// Standard attention, single head: softmax(Q Kᵀ) V with the N×N matrices in main memory.
template <typename T = float, Extent N, Extent D>
constexpr element_typed<T> standard_attention(const N& n, const D& d) {
    return trace(
        [](auto q, auto k, auto v) {
            return einsum<"nm,md->nd">(softmax(einsum<"nd,md->nm">(q, k)), v);
        },
        input<"q", float>(n, d), input<"k", float>(n, d), input<"v", float>(n, d));
}

/// The tiled form (see the file comment).
template <typename T = float, Extent N, Extent D, Extent M>
constexpr element_typed<T> flash_attention(const N& n, const D& d, const M& sram) {
    const auto block = sram / (c<4> * d);         // B = M/(4d)
    const auto blocks = n * (c<4> * d) / sram;    // T = N/B
    const auto one = c<1>;
    const auto body = [=](auto q, auto k, auto v) {
        const auto kb = reshape(k, blocks, block, d);
        const auto vb = reshape(v, blocks, block, d);
        const auto out = steps(row_block, blocks, reshape(q, blocks, block, d), [&](auto q_block) {
            const auto q_tile = load(q_block);  // [1, B, d] on chip
            const auto start = boost::hana::make_tuple(full(q_tile, rational(0), one, block, d),
                                                       full(q_tile, rational(0), one, block),
                                                       full(q_tile, rational(-1'000'000'000), one, block));
            const auto final_state = repeat(column_block, blocks, start, [&](auto o, auto l, auto m) {
                const auto k_tile = load(at(kb, column_block));  // [B, d]
                const auto v_tile = load(at(vb, column_block));
                const auto s = einsum<"xrd,cd->xrc">(q_tile, k_tile);  // [1, B, B]
                const auto m_new = maximum(m, max<-1>(s));
                const auto p = exp(s - reshape(m_new, one, block, one));
                const auto alpha = exp(m - m_new);
                const auto l_new = alpha * l + sum<-1>(p);
                const auto o_new = reshape(alpha, one, block, one) * o + einsum<"xrc,cd->xrd">(p, v_tile);
                return boost::hana::make_tuple(o_new, l_new, m_new);
            });
            const auto& o = boost::hana::at_c<0>(final_state);
            const auto& l = boost::hana::at_c<1>(final_state);
            return o / reshape(l, one, block, one);  // on chip; the loop writes it to main memory
        });
        return reshape(out, n, d);
    };
    return trace(body, input<"q", float>(n, d), input<"k", float>(n, d), input<"v", float>(n, d));
}

}  // namespace ordo::models
