#pragma once
/// \file
/// Crossovers: where one group of cost terms overtakes another along one dimension, the
/// others fixed. For MHA under `standard`, the attention core (scores, softmax, mixing:
/// 4bn²d + 5bhn²) overtakes the projections (8bnd²) at n* = 8d²/(4d + 5h).
///
///     const auto split = ordo::flops_by_group(g);                 // weights vs activations
///     const auto x = ordo::crossover(split.with_weights, split.without_weights, n,
///                                    ordo::bind(b = 1, d = 4096, h = 32));
///     // x.exact: n* = 32768/21 ≈ 1560.4; x.lower = 1560, x.upper = 1561
///
/// The difference b − a is a polynomial in x once the others are bound. When it is
/// c·x^k·(x − r) the crossover is the exact rational r; otherwise ordo brackets the first
/// integer x >= 1 at which b > a by bisection on exact values (up to 2^40, or while the
/// exact values fit 128 bits).

#include <ordo/graph/costs.hpp>

namespace ordo {

/// FLOPs split into ops that touch a weight (projections, MLP, logits) and ops between
/// activations only (attention scores, softmax, mixing, norms, activations).
struct flops_groups {
    polynomial with_weights;
    polynomial without_weights;
};

namespace detail {
constexpr bool touches_weight(const graph& g, int id) {
    const node& n = g.nodes[id];
    for (int k = 0; k < n.operand_count; ++k) {
        int o = n.operands[k];
        while (is_view(g.nodes[o].kind) || g.nodes[o].kind == op_kind::load)  // a view or tile of a weight is the weight
            o = g.nodes[o].operands[0];
        if (g.nodes[o].kind == op_kind::param) return true;
    }
    return false;
}
}  // namespace detail

/// FLOPs of the two groups under convention `c` (loops summed as in `flops`).
constexpr flops_groups flops_by_group(const graph& g, const convention& c = conventions::standard) {
    return {detail::aggregate(g, [&](int id) { return detail::touches_weight(g, id) ? node_flops(g, id, c) : polynomial(); }),
            detail::aggregate(g, [&](int id) { return detail::touches_weight(g, id) ? polynomial() : node_flops(g, id, c); })};
}

/// Where `b` overtakes `a` along dimension `x` (see the file comment).
struct crossover_point {
    bool found = false;       ///< b > a at some x >= 1 whose values fit 128 bits
    bool is_exact = false;    ///< `exact` holds the crossing
    rational exact;           ///< the crossing, when the difference is c·x^k·(x − r)
    std::int64_t lower = 0;   ///< largest integer x with b <= a (0 if b > a at x = 1)
    std::int64_t upper = 0;   ///< smallest integer x > lower with b > a
};

/// The same along the dimension whose packed name is `x` (for names known only at run time).
constexpr crossover_point crossover(const polynomial& a, const polynomial& b, detail::u128 x, const bindings& others) {
    const polynomial difference = partial_eval(b - a, others);  // b − a in x alone
    crossover_point out;
    bool overflow = false;  // the search stops where exact values no longer fit
    const polynomial gap = b - a;
    auto above = [&](std::int64_t at) {
        bindings here = others;
        here.add(binding{x, at});
        const detail::exact_value v = detail::evaluate_or_flag(gap, here, overflow);
        return !overflow && v.num > 0;
    };
    // Exact when b − a = c·x^k·(x − r): two terms whose powers of x differ by one.
    if (difference.term_count == 2 && difference.dim_count == 1) {
        const term& high = difference.terms[0];
        const term& low = difference.terms[1];
        const rational root = high.degree == low.degree + 1 ? -low.coefficient / high.coefficient : rational(0);
        if (high.degree == low.degree + 1 && high.coefficient.num > 0 && !(root < rational(1))) {
            out.is_exact = true;
            out.exact = root;
        }
    }
    if (above(1)) {
        out.found = true;
        out.upper = 1;
        return out;
    }
    std::int64_t hi = 2;
    while (hi <= (std::int64_t{1} << 40) && !above(hi) && !overflow) hi *= 2;
    if (hi > (std::int64_t{1} << 40) || overflow) return out;
    std::int64_t lo = hi / 2;  // b <= a at lo, b > a at hi
    while (hi - lo > 1) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        (above(mid) ? hi : lo) = mid;
    }
    out.found = true;
    out.lower = lo;
    out.upper = hi;
    return out;
}

template <fixed_string Name>
constexpr crossover_point crossover(const polynomial& a, const polynomial& b, const symbol<Name>&, const bindings& others) {
    return crossover(a, b, detail::pack_name(Name.view()), others);
}

}  // namespace ordo
