#pragma once
/// \file
/// ordo::piecewise_max: the pointwise piecewise_max of a few polynomials — the exact form of a peak
/// (live memory is a different polynomial at each program point, and which one is largest
/// depends on the sizes). Candidates that another candidate bounds coefficient by coefficient
/// are dropped; `eval` takes the largest value, `theta` the Θ-class of the sum (for
/// non-negative candidates Θ(max) = Θ(Σ)), and `==` with a polynomial holds when exactly that
/// polynomial remains.

#include <ordo/symbolic.hpp>

namespace ordo {

/// Most incomparable candidates one peak holds: a training step of the Mixtral-style decoder
/// has 25, of the DeepSeek-V2-style decoder 73.
inline constexpr int max_candidates = 96;

struct piecewise_max {
    int count = 0;
    polynomial candidates[max_candidates]{};

    constexpr piecewise_max() = default;
    constexpr piecewise_max(const polynomial& p) : count(1) { candidates[0] = p; }  // NOLINT

    /// Adds a candidate unless one already bounds it; drops those it bounds.
    constexpr piecewise_max& include(const polynomial& p) {
        for (int k = 0; k < count; ++k)
            if (bounds(candidates[k], p)) return *this;
        int kept = 0;
        for (int k = 0; k < count; ++k)
            if (!bounds(p, candidates[k])) candidates[kept++] = candidates[k];
        for (int k = kept; k < count; ++k) candidates[k] = polynomial();
        count = kept;
        if (count == max_candidates)
            diagnostic::E021_peak_has_too_many_incomparable_candidates("ordo::piecewise_max");
        candidates[count++] = p;
        return *this;
    }
    [[nodiscard]] constexpr bool is_polynomial() const { return count == 1; }
    /// Σ of the candidates: same Θ-class as the piecewise_max.
    [[nodiscard]] constexpr polynomial sum() const {
        polynomial s;
        for (int k = 0; k < count; ++k) s += candidates[k];
        return s;
    }

    /// a >= b at every size: every coefficient of a − b is >= 0 (all monomials are positive).
    /// Compared term by term, without forming a − b: each peak compares every program point
    /// with every candidate, and a polynomial formed is 3 KB to initialise in constant evaluation.
    static constexpr bool bounds(const polynomial& a, const polynomial& b) {
        int slot_in_a[max_dims]{};
        for (int j = 0; j < b.dim_count; ++j) slot_in_a[j] = a.slot_of(b.dims[j]);
        bool matched[max_terms]{};
        for (int k = 0; k < b.term_count; ++k) {
            const term& t = b.terms[k];
            bool in_a = true;  // t's monomial in a's slots
            detail::u128 exponents = detail::zero_exponents;
            for (int j = 0; j < b.dim_count && in_a; ++j)
                if (const int e = t.exponent(j); e != 0) {
                    in_a = slot_in_a[j] >= 0;
                    if (in_a) exponents = detail::with_exponent(exponents, slot_in_a[j], e, "bounds");
                }
            rational of_a(0);
            for (int i = 0; i < a.term_count && in_a; ++i)
                if (a.terms[i].exponents == exponents) {
                    of_a = a.terms[i].coefficient;
                    matched[i] = true;
                    break;
                }
            if (of_a < t.coefficient) return false;
        }
        for (int i = 0; i < a.term_count; ++i)
            if (!matched[i] && a.terms[i].coefficient.num < 0) return false;
        return true;
    }

    friend constexpr bool operator==(const piecewise_max& m, const polynomial& p) {
        return m.count == 1 ? m.candidates[0] == p : (m.count == 0 && p.is_zero());
    }
    friend constexpr bool operator==(const piecewise_max& a, const piecewise_max& b) {
        if (a.count != b.count) return false;
        for (int k = 0; k < a.count; ++k) {
            bool found = false;
            for (int j = 0; j < b.count && !found; ++j) found = a.candidates[k] == b.candidates[j];
            if (!found) return false;
        }
        return true;
    }
    /// max(a_i) + max(b_j) = max(a_i + b_j).
    friend constexpr piecewise_max operator+(const piecewise_max& a, const piecewise_max& b) {
        if (a.count == 0) return b;
        if (b.count == 0) return a;
        piecewise_max r;
        for (int i = 0; i < a.count; ++i)
            for (int j = 0; j < b.count; ++j) r.include(a.candidates[i] + b.candidates[j]);
        return r;
    }
    /// Scaling by a non-negative polynomial keeps the order of the candidates.
    friend constexpr piecewise_max operator*(const piecewise_max& a, const polynomial& f) {
        piecewise_max r;
        for (int i = 0; i < a.count; ++i) r.include(a.candidates[i] * f);
        return r;
    }
};

constexpr std::int64_t eval(const piecewise_max& m, const bindings& at) {
    std::int64_t best = 0;
    for (int k = 0; k < m.count; ++k) {
        const std::int64_t v = eval(m.candidates[k], at);
        if (k == 0 || v > best) best = v;
    }
    return best;
}

}  // namespace ordo
