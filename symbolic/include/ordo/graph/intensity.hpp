#pragma once
/// \file
/// Arithmetic intensity, FLOPs per byte moved, of one op or of a whole graph, and the Θ-class
/// of a roofline time.
///
///     const auto i = ordo::arithmetic_intensity(g, id);   // op `id`, over all its loop iterations
///     ordo::eval(i, at);                                  // exact FLOP/B at sizes (a rational)
///     ordo::theta(i);                                     // Θ: the least of some Laurent polynomials
///     ordo::theta(i, ordo::assume(n <= d)).only();        // one, where a regime decides
///     ordo::roofline_theta(g);                            // Θ of the roofline time on any machine
///
/// A quotient of polynomials is no polynomial, and its Θ-class no Laurent polynomial when the
/// bytes have several dominant monomials (MHA: b·n·d + b·h·n² + d²). A positive sum is within a
/// constant factor of its largest term, so FLOPs / bytes ≍ min over those monomials m of
/// Θ(FLOPs) / m: a lower envelope of Laurent polynomials, each the intensity in the regime
/// where its monomial dominates (matmul's 2mnk / 4(mk + kn + mn) is Θ(min(m, n, k))).
/// `ordo::ratio` asks for such a regime up front (E023 without one); `theta` keeps them all.
///
/// The roofline time Σ_ops max(FLOPs / peak, bytes / bandwidth) is within a constant factor of
/// Σ_ops (FLOPs + bytes), the peak and the bandwidth being constants: its Θ-class is that of
/// FLOPs + bytes whatever the machine (`roofline_theta`), while where it turns from one bound
/// to the other is the machine's (`balance_point`).

#include <ordo/graph/costs.hpp>

namespace ordo {

/// FLOPs per byte of an op or a graph: an exact quotient.
struct intensity {
    polynomial flops;   ///< FLOPs (over all iterations of its loops)
    polynomial bytes;   ///< bytes moved
    assumptions facts;  ///< the graph's facts (d/h >= 1 gives h <= d)
};

/// Θ of an intensity: the least, up to constant factors, of `terms` (see the file comment).
struct laurent_envelope {
    int count = 0;
    polynomial terms[max_terms]{};

    /// Whether one Laurent polynomial is the whole Θ-class (a regime has decided).
    [[nodiscard]] constexpr bool is_laurent() const { return count == 1; }
    /// The one Laurent polynomial; E023 when several remain (add an assumption).
    [[nodiscard]] constexpr const polynomial& only() const {
        if (count != 1) diagnostic::E023_ratio_needs_a_denominator_whose_theta_is_one_monomial("ordo::laurent_envelope::only");
        return terms[0];
    }
};

/// The intensity of op `id` of g, FLOPs under convention c, loops summed as in `flops`.
constexpr intensity arithmetic_intensity(const graph& g, int id, const convention& c = conventions::standard) {
    const memory_spaces spaces = memory_spaces_of(g);
    return {detail::aggregate(g, [&](int k) { return k == id ? node_flops(g, k, c) : polynomial(); }),
            detail::aggregate(g, [&](int k) { return k == id ? node_bytes(g, k, spaces) : polynomial(); }), g.facts};
}
/// The intensity of the whole graph: flops(g, c) / bytes_moved(g).
constexpr intensity arithmetic_intensity(const graph& g, const convention& c = conventions::standard) {
    return {flops(g, c).polynomial_value(), bytes_moved(g).polynomial_value(), g.facts};
}

/// The intensity at sizes `at`, exact (0 for an op that moves no bytes).
constexpr rational eval(const intensity& i, const bindings& at) {
    const std::int64_t bytes = eval(i.bytes, at);
    return bytes == 0 ? rational(0) : rational(eval(i.flops, at), bytes);
}

namespace detail {
/// Term k of p as a polynomial of its own (exponents >= 0, as Θ-classes of costs have).
constexpr polynomial term_of(const polynomial& p, int k) {
    polynomial m(p.terms[k].coefficient);
    for (int i = 0; i < p.dim_count; ++i) m *= pow(polynomial::dimension(p.dims[i]), p.terms[k].exponent(i));
    return m;
}

/// p and q multiplied by one monomial that clears their negative exponents (the asymptotic
/// comparisons are of polynomials; a common positive factor changes no O-relation).
struct cleared_pair {
    polynomial p, q;
};
constexpr cleared_pair cleared(const polynomial& p, const polynomial& q) {
    polynomial factor(1);
    for (const polynomial* side : {&p, &q})
        for (int i = 0; i < side->dim_count; ++i) {
            int lowest = 0;
            for (int k = 0; k < side->term_count; ++k)
                lowest = side->terms[k].exponent(i) < lowest ? side->terms[k].exponent(i) : lowest;
            // one factor per side: a dimension negative on both gets both powers, still enough
            if (lowest < 0) factor *= pow(polynomial::dimension(side->dims[i]), -lowest);
        }
    return {p * factor, q * factor};
}
}  // namespace detail

/// f = O(g) for Laurent polynomials (negative exponents allowed).
constexpr bool laurent_big_o(const polynomial& f, const polynomial& g, const assumptions& a = {}) {
    const detail::cleared_pair c = detail::cleared(f, g);
    return is_big_o(c.p, c.q, a);
}

/// Θ of an intensity under the assumptions (joined with the graph's facts): Θ(FLOPs) / m for
/// each dominant monomial m of the bytes, less those another of them bounds from below.
constexpr laurent_envelope theta(const intensity& i, const assumptions& extra = {}) {
    const assumptions a = detail::merged(i.facts, extra);
    laurent_envelope out;
    if (i.flops.is_zero() || i.bytes.is_zero()) return out;
    const polynomial top = theta(i.flops, a), bottom = theta(i.bytes, a);
    polynomial candidates[max_terms]{};
    for (int k = 0; k < bottom.term_count; ++k) candidates[k] = top / detail::term_of(bottom, k);
    for (int k = 0; k < bottom.term_count; ++k) {
        bool above = false;  // some other candidate is O(this one) and not the same class kept earlier
        for (int j = 0; j < bottom.term_count && !above; ++j) {
            if (j == k || !laurent_big_o(candidates[j], candidates[k], a)) continue;
            above = !laurent_big_o(candidates[k], candidates[j], a) || j < k;  // equal classes: keep the first
        }
        if (!above) out.terms[out.count++] = candidates[k];
    }
    return out;
}

/// Whether the intensity is Θ(p) under the assumptions; E023 where the assumptions leave
/// several regimes (the envelope is not one Laurent polynomial).
constexpr bool is_theta(const intensity& i, const polynomial& p, const assumptions& a = {}) {
    const laurent_envelope envelope = theta(i, a);
    const polynomial& only = envelope.only();
    return laurent_big_o(only, p, detail::merged(i.facts, a)) && laurent_big_o(p, only, detail::merged(i.facts, a));
}

/// Θ of g's roofline time on any machine: Θ(FLOPs + bytes) (see the file comment).
constexpr polynomial roofline_theta(const graph& g, const assumptions& a = {}, const convention& c = conventions::standard) {
    return theta(flops(g, c).polynomial_value() + bytes_moved(g).polynomial_value(), detail::merged(g.facts, a));
}

}  // namespace ordo
