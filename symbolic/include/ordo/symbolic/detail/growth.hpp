#pragma once
// The geometry behind ordo's asymptotic decisions.
//
// Write every dimension as x_i = e^{t_i}. A monomial x^a grows like e^{a·t}, and the
// dimensions may grow along any direction t in the cone K cut out by
//   t_i >= 0 for a growing dimension (strict: it grows without bound),
//   t_j  = 0 for a constant one,
//   (e_rhs - e_lhs)·t >= 0 for each relation lhs <= rhs (strict for lhs << rhs).
// Let G be the rows above and G_s the strict ones. Then, with B the dominant monomials of g:
//   x^a = O(Σ_B x^b)  iff  ∃ λ >= 0, Σλ = 1, μ >= 0:  Σ λ_b (b - a) = Σ μ_r g_r   (Farkas)
//   x^a = o(Σ_B x^b)  iff  ∃ λ >= 0, μ >= 0 with Σ_{r strict} μ_r = 1 and the same identity
// (Motzkin's transposition theorem), and the assumptions are consistent iff no μ >= 0 with
// Σ_{strict} μ = 1 gives Σ μ_r g_r = 0. Each question is an exact LP (detail/simplex.hpp),
// so domination by *combinations* of terms (x·y = O(x² + y²)) is decided exactly.

#include <ordo/symbolic/assumptions.hpp>
#include <ordo/symbolic/detail/simplex.hpp>

namespace ordo::detail {

struct exponent_vector {
    int e[max_dims]{};
};

struct monomial_set {
    int count = 0;
    exponent_vector items[max_terms]{};
};

inline constexpr int max_cone_rows = 2 * max_dims + max_assumptions;

/// The dimensions of a question and the cone K of admissible growth directions.
struct growth_space {
    int dim_count = 0;
    u128 dims[max_dims]{};
    bool is_constant[max_dims]{};
    int row_count = 0;
    exponent_vector rows[max_cone_rows]{};
    bool strict[max_cone_rows]{};

    constexpr void add_dims(const polynomial& p) {
        polynomial carrier;
        carrier.dim_count = dim_count;
        for (int i = 0; i < dim_count; ++i) carrier.dims[i] = dims[i];
        dim_count = polynomial::union_of_dims(carrier, p, dims);
    }
    [[nodiscard]] constexpr int slot_of(u128 name) const {
        for (int i = 0; i < dim_count; ++i)
            if (dims[i] == name) return i;
        return -1;
    }
    /// Exponents of term k of p, in this space's slots.
    [[nodiscard]] constexpr exponent_vector exponents_of(const polynomial& p, int k) const {
        exponent_vector v;
        for (int i = 0; i < p.dim_count; ++i) v.e[slot_of(p.dims[i])] = p.terms[k].exponent(i);
        return v;
    }
    constexpr void add_row(const exponent_vector& row, bool is_strict) {
        rows[row_count] = row;
        strict[row_count++] = is_strict;
    }
};

constexpr bool lp_cone_identity(const growth_space& s, const exponent_vector& a,
                                const monomial_set& b, bool little) {
    const int columns = b.count + s.row_count;
    lp_problem lp(s.dim_count + 1, columns);
    for (int i = 0; i < s.dim_count; ++i) {
        for (int k = 0; k < b.count; ++k) lp.at(i, k) = b.items[k].e[i] - a.e[i];
        for (int r = 0; r < s.row_count; ++r) lp.at(i, b.count + r) = -s.rows[r].e[i];
    }
    const int norm = s.dim_count;
    if (little) {
        for (int r = 0; r < s.row_count; ++r) lp.at(norm, b.count + r) = s.strict[r] ? 1 : 0;
    } else {
        for (int k = 0; k < b.count; ++k) lp.at(norm, k) = 1;
    }
    lp.b[norm] = 1;
    return lp_feasible(lp);
}

/// x^a = O(Σ_b x^b) (little = false) or o(...) (little = true) within the cone of `s`.
constexpr bool dominated(const growth_space& s, const exponent_vector& a, const monomial_set& b,
                         bool little) {
    for (int k = 0; k < b.count; ++k) {  // one term alone dominating needs no LP
        bool covers = true, grows = false;
        for (int i = 0; i < s.dim_count; ++i) {
            if (s.is_constant[i]) continue;
            covers &= b.items[k].e[i] >= a.e[i];
            grows |= b.items[k].e[i] > a.e[i];
        }
        if (covers && (grows || !little)) return true;
    }
    return lp_cone_identity(s, a, b, little);
}

/// Cheap certificates of *non*-domination, tried before any LP: admissible directions t
/// (0/1 combinations of the growing dimensions for up to 6 of them, else each one alone and
/// all together). If a·t > b·t for every b in some admissible t, x^a is not O(Σ x^b).
struct probe_directions {
    int count = 0;
    exponent_vector items[64]{};
};

constexpr bool admissible(const growth_space& s, const exponent_vector& t) {
    for (int r = 0; r < s.row_count; ++r) {
        int dot = 0;
        for (int i = 0; i < s.dim_count; ++i) dot += s.rows[r].e[i] * t.e[i];
        if (dot < 0) return false;
    }
    return true;
}

constexpr probe_directions make_probes(const growth_space& s) {
    int growing[max_dims]{};
    int g = 0;
    for (int i = 0; i < s.dim_count; ++i)
        if (!s.is_constant[i]) growing[g++] = i;
    probe_directions p;
    auto try_add = [&](const exponent_vector& t) {
        if (p.count < 64 && admissible(s, t)) p.items[p.count++] = t;
    };
    if (g <= 6) {
        for (unsigned mask = 1; mask < (1U << g); ++mask) {
            exponent_vector t;
            for (int j = 0; j < g; ++j) t.e[growing[j]] = (mask >> j) & 1U ? 1 : 0;
            try_add(t);
        }
    } else {
        exponent_vector all;
        for (int j = 0; j < g; ++j) {
            exponent_vector t;
            t.e[growing[j]] = 1;
            all.e[growing[j]] = 1;
            try_add(t);
        }
        try_add(all);
    }
    return p;
}

constexpr int dot(const exponent_vector& a, const exponent_vector& t, int n) {
    int sum = 0;
    for (int i = 0; i < n; ++i) sum += a.e[i] * t.e[i];
    return sum;
}

/// True if some probe direction shows x^a growing strictly faster than every x^b.
constexpr bool probe_escapes(const growth_space& s, const probe_directions& probes,
                             const exponent_vector& a, const monomial_set& b) {
    for (int k = 0; k < probes.count; ++k) {
        const int top = dot(a, probes.items[k], s.dim_count);
        bool above_all = true;
        for (int j = 0; j < b.count && above_all; ++j)
            above_all = dot(b.items[j], probes.items[k], s.dim_count) < top;
        if (above_all) return true;
    }
    return false;
}

/// Builds the space of f, g and the assumptions; E012 when the assumptions contradict.
constexpr growth_space make_space(const polynomial& f, const polynomial& g, const assumptions& a) {
    growth_space s;
    s.add_dims(f);
    s.add_dims(g);
    for (int r = 0; r < a.count; ++r) s.add_dims(a.items[r].ratio);
    for (int i = 0; i < s.dim_count; ++i) {
        exponent_vector unit;
        unit.e[i] = 1;
        s.is_constant[i] = a.holds_constant(s.dims[i]);
        s.add_row(unit, !s.is_constant[i]);
        if (s.is_constant[i]) {
            unit.e[i] = -1;
            s.add_row(unit, false);
        }
    }
    bool any_strict_relation = false;
    for (int r = 0; r < a.count; ++r) {
        if (a.items[r].kind == relation_kind::constant) continue;
        const bool is_strict = a.items[r].kind == relation_kind::negligible;
        any_strict_relation |= is_strict;
        s.add_row(s.exponents_of(a.items[r].ratio, 0), is_strict);
    }
    if (a.count > 0) {  // consistent iff no μ >= 0, Σ_strict μ = 1, with Σ μ_r g_r = 0
        lp_problem lp(s.dim_count + 1, s.row_count);
        for (int r = 0; r < s.row_count; ++r) {
            for (int i = 0; i < s.dim_count; ++i) lp.at(i, r) = s.rows[r].e[i];
            lp.at(s.dim_count, r) = s.strict[r] ? 1 : 0;
        }
        lp.b[s.dim_count] = 1;
        if (lp_feasible(lp))
            diagnostic::E012_contradictory_assumptions(
                any_strict_relation ? "a strict relation cannot hold" : "a dimension cannot grow");
    }
    return s;
}

/// The dominant monomials of p: positive terms (constant dimensions projected away) that no
/// combination of the others dominates. E013 when a negative term is not negligible.
constexpr monomial_set dominant_terms(const growth_space& s, const polynomial& p) {
    monomial_set positive;
    for (int k = 0; k < p.term_count; ++k) {
        if (p.terms[k].coefficient.num < 0) continue;
        exponent_vector v = s.exponents_of(p, k);
        for (int i = 0; i < s.dim_count; ++i)
            if (s.is_constant[i]) v.e[i] = 0;
        bool seen = false;
        for (int j = 0; j < positive.count && !seen; ++j) {
            seen = true;
            for (int i = 0; i < s.dim_count; ++i) seen &= positive.items[j].e[i] == v.e[i];
        }
        if (!seen) positive.items[positive.count++] = v;
    }
    // First the cheap cut: drop every term that a single other term covers (b >= a in each
    // growing dimension). What remains is an antichain, usually the answer already.
    monomial_set antichain;
    for (int k = 0; k < positive.count; ++k) {
        bool covered = false;
        for (int j = 0; j < positive.count && !covered; ++j) {
            if (j == k) continue;
            covered = true;
            for (int i = 0; i < s.dim_count && covered; ++i)
                covered = s.is_constant[i] || positive.items[j].e[i] >= positive.items[k].e[i];
        }
        if (!covered) antichain.items[antichain.count++] = positive.items[k];
    }
    // Then drop, smallest first, every term that a combination of the others dominates (an
    // LP each), except terms a probe direction shows to be extreme.
    const probe_directions probes = make_probes(s);
    bool extreme[max_terms]{};
    for (int k = 0; k < antichain.count; ++k) {
        monomial_set others;
        for (int j = 0; j < antichain.count; ++j)
            if (j != k) others.items[others.count++] = antichain.items[j];
        extreme[k] = probe_escapes(s, probes, antichain.items[k], others);
    }
    monomial_set kept = antichain;
    for (int k = kept.count - 1; k >= 0; --k) {
        if (extreme[k]) continue;  // indices below k are unchanged by earlier removals
        monomial_set others;
        for (int j = 0; j < kept.count; ++j)
            if (j != k) others.items[others.count++] = kept.items[j];
        if (dominated(s, kept.items[k], others, false)) kept = others;
    }
    for (int k = 0; k < p.term_count; ++k)
        if (p.terms[k].coefficient.num < 0 && !dominated(s, s.exponents_of(p, k), kept, true))
            diagnostic::E013_theta_undetermined_polynomial_is_not_eventually_positive(
                "a polynomial with a non-negligible negative term");
    return kept;
}

}  // namespace ordo::detail
