#pragma once
/// \file
/// Asymptotics: Θ-classes and O, o, Ω, Θ relations between polynomials, exact and decided at
/// compile time.
///
///     static_assert(ordo::is_big_o(x * y, x * x + y * y));                 // exact for sums
///     static_assert(ordo::theta(f, ordo::assume(n << d)) == ordo::theta(b * n * d * d));
///
/// Semantics (see assumptions.hpp): every dimension is >= 1 and grows without bound unless
/// held constant; f = O(g) means |f| <= C·g once the dimensions are large, for every way they
/// may grow under the assumptions; f = o(g) means f/g -> 0. `theta(p)` is the canonical
/// representative: the monomials of p that no combination of its other monomials dominates,
/// each with coefficient 1, constant dimensions dropped. When assumptions make two distinct
/// monomials equivalent (n <= d together with d <= n) the representative keeps one of them;
/// compare such classes with `is_theta`.
/// A polynomial whose negative terms are not negligible (n - d, x² - x·y + y² under no
/// assumption) has no decidable Θ-class here: E013 rather than a guess.

#include <ordo/symbolic/detail/growth.hpp>

namespace ordo {

/// The Θ-class representative of p under the assumptions (see the file comment).
constexpr polynomial theta(const polynomial& p, const assumptions& a = {}) {
    const detail::growth_space s = detail::make_space(p, p, a);
    const detail::monomial_set kept = detail::dominant_terms(s, p);
    polynomial out;
    for (int k = 0; k < kept.count; ++k) {
        polynomial m(1);
        for (int i = 0; i < s.dim_count; ++i)
            m *= pow(polynomial::dimension(s.dims[i]), kept.items[k].e[i]);
        out += m;
    }
    return out;
}

namespace detail {
constexpr bool every_term_dominated(const polynomial& f, const polynomial& g,
                                    const assumptions& a, bool little) {
    const growth_space s = make_space(f, g, a);
    const monomial_set bound = dominant_terms(s, g);
    const probe_directions probes = make_probes(s);
    for (int k = 0; k < f.term_count; ++k) {
        const exponent_vector a = s.exponents_of(f, k);
        if (probe_escapes(s, probes, a, bound) || !dominated(s, a, bound, little)) return false;
    }
    return true;
}
}  // namespace detail

/// f = O(g): f grows no faster than g.
constexpr bool is_big_o(const polynomial& f, const polynomial& g, const assumptions& a = {}) {
    return detail::every_term_dominated(f, g, a, false);
}
/// f = o(g): f/g -> 0.
constexpr bool is_little_o(const polynomial& f, const polynomial& g, const assumptions& a = {}) {
    return detail::every_term_dominated(f, g, a, true);
}
/// f = Ω(g): g = O(f).
constexpr bool is_big_omega(const polynomial& f, const polynomial& g, const assumptions& a = {}) {
    return is_big_o(g, f, a);
}
/// f = Θ(g): both O and Ω.
constexpr bool is_theta(const polynomial& f, const polynomial& g, const assumptions& a = {}) {
    return is_big_o(f, g, a) && is_big_o(g, f, a);
}

}  // namespace ordo
