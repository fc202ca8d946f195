#pragma once
/// \file
/// ordo::polynomial: exact multivariate Laurent polynomials over named dimensions.
///
/// A polynomial is a compact constexpr *value* (not a type): the same code runs in
/// `static_assert`s and at run time. It is always kept in canonical form, so `==` is
/// structural:
///   - dimension names are sorted (byte order of the name) and every listed dimension is used;
///   - terms are sorted by total degree, then lexicographically by exponent vector, both
///     descending; no two terms share a monomial and no coefficient is zero.
/// Coefficients are `ordo::rational`; exponents are integers in [-127, 127] (Laurent: `d/h` is
/// d·h⁻¹). Capacity is fixed: `max_dims` dimensions and `max_terms` terms per polynomial
/// (E004, E003). Overflow anywhere is an error (E001, E002), never wraparound.
///
/// Example:
///     constexpr auto b = ordo::dim<"b">, n = ordo::dim<"n">, d = ordo::dim<"d">;
///     static_assert(8 * b * n * d * d + 4 * b * n * n * d == 4 * b * n * d * (2 * d + n));

#include <ordo/symbolic/detail/exponents.hpp>
#include <ordo/symbolic/detail/names.hpp>
#include <ordo/symbolic/detail/scratch.hpp>
#include <ordo/symbolic/rational.hpp>

#include <concepts>
#include <limits>

namespace ordo {

/// Distinct dimensions one polynomial can mention.
inline constexpr int max_dims = detail::exponent_slots;
/// Terms one polynomial can hold (the DeepSeek-V2-style decoder's bytes moved have 51).
inline constexpr int max_terms = 64;

/// One term: coefficient × Π dims[i]^exponent(i).
struct term {
    rational coefficient;
    detail::u128 exponents = detail::zero_exponents;  ///< packed, see detail/exponents.hpp
    int degree = 0;                                   ///< sum of the exponents

    [[nodiscard]] constexpr int exponent(int slot) const {
        return detail::exponent_at(exponents, slot);
    }
};

/// An exact Laurent polynomial with rational coefficients (see the file comment).
/// Its members are public so that it is a structural type (usable as a template argument);
/// treat them as read-only and use the functions below.
struct polynomial {
    int dim_count = 0;
    detail::u128 dims[max_dims]{};  ///< packed names, ascending
    int term_count = 0;
    term terms[max_terms]{};

    constexpr polynomial() = default;
    /// The constant polynomial `c` (any integer type; an unsigned value past 2^63 − 1 is E001).
    template <typename I>
        requires std::integral<I> && (!std::same_as<I, bool>) && (!std::same_as<I, char>)
    constexpr polynomial(I c) : polynomial(rational(checked_int64(c))) {}  // NOLINT: implicit
    /// Floating-point values are not exact: E024 (use an integer or an ordo::rational).
    template <std::floating_point F>
    constexpr polynomial(F) {  // NOLINT: exists only to explain the error
        static_assert(sizeof(F) == 0,
                      "[ordo:E024] a floating-point value cannot be a coefficient: ordo is exact. "
                      "Use an integer or ordo::rational(1, 2). See docs/troubleshooting.md#e024");
    }
    constexpr explicit polynomial(rational c) {
        if (!c.is_zero()) push(term{c, detail::zero_exponents, 0}, "constant");
    }
    /// The polynomial consisting of one dimension, by packed name.
    static constexpr polynomial dimension(detail::u128 packed_name) {
        polynomial p;
        p.dim_count = 1;
        p.dims[0] = packed_name;
        p.push(term{rational(1), detail::with_exponent(detail::zero_exponents, 0, 1, "dim"), 1},
               "dim");
        return p;
    }

    [[nodiscard]] constexpr bool is_zero() const { return term_count == 0; }
    [[nodiscard]] constexpr bool is_constant() const {
        return term_count == 0 || (term_count == 1 && dim_count == 0);
    }
    [[nodiscard]] constexpr bool is_monomial() const { return term_count == 1; }
    /// The value of a constant polynomial (0 for the zero polynomial).
    [[nodiscard]] constexpr rational constant_value() const {
        return term_count == 0 ? rational(0) : terms[0].coefficient;
    }
    /// Slot of a dimension in `dims`, or -1.
    [[nodiscard]] constexpr int slot_of(detail::u128 packed_name) const {
        for (int i = 0; i < dim_count; ++i)
            if (dims[i] == packed_name) return i;
        return -1;
    }

    friend constexpr bool operator==(const polynomial& a, const polynomial& b) {
        if (a.dim_count != b.dim_count || a.term_count != b.term_count) return false;
        for (int i = 0; i < a.dim_count; ++i)
            if (a.dims[i] != b.dims[i]) return false;
        for (int i = 0; i < a.term_count; ++i)
            if (a.terms[i].exponents != b.terms[i].exponents ||
                !(a.terms[i].coefficient == b.terms[i].coefficient))
                return false;
        return true;
    }

    friend constexpr polynomial operator+(const polynomial& a) { return a; }
    friend constexpr polynomial operator-(const polynomial& a) {
        polynomial r = a;
        for (int i = 0; i < r.term_count; ++i) r.terms[i].coefficient = -r.terms[i].coefficient;
        return r;
    }
    friend constexpr polynomial operator+(const polynomial& a, const polynomial& b) {
        return combine(a, b, 1);
    }
    friend constexpr polynomial operator-(const polynomial& a, const polynomial& b) {
        return combine(a, b, -1);
    }
    friend constexpr polynomial operator*(const polynomial& a, const polynomial& b) {
        return multiply(a, b);
    }
    /// Division by a monomial (including an integer); anything else is E006.
    friend constexpr polynomial operator/(const polynomial& a, const polynomial& b) {
        return multiply(a, reciprocal(b));
    }
    constexpr polynomial& operator+=(const polynomial& b) { return *this = *this + b; }
    constexpr polynomial& operator-=(const polynomial& b) { return *this = *this - b; }
    constexpr polynomial& operator*=(const polynomial& b) { return *this = *this * b; }
    constexpr polynomial& operator/=(const polynomial& b) { return *this = *this / b; }

    /// 1/m for a monomial m (E005 for zero, E006 for more than one term).
    static constexpr polynomial reciprocal(const polynomial& m) {
        if (m.is_zero()) diagnostic::E005_division_by_zero("polynomial division");
        if (!m.is_monomial())
            diagnostic::E006_division_by_a_polynomial_that_is_not_a_monomial("polynomial division");
        polynomial r = m;
        const term& t = m.terms[0];
        r.terms[0].coefficient = rational(1) / t.coefficient;
        r.terms[0].exponents = detail::add_exponents(detail::zero_exponents, t.exponents,
                                                     m.dim_count, -1, "reciprocal");
        r.terms[0].degree = -t.degree;
        return r;
    }

    // --- machinery (public for structural-type reasons; not part of the documented API) ---

    template <typename I>
    static constexpr std::int64_t checked_int64(I c) {
        if constexpr (std::is_unsigned_v<I> && sizeof(I) >= sizeof(std::int64_t))
            if (c > static_cast<I>(std::numeric_limits<std::int64_t>::max()))
                diagnostic::E001_coefficient_overflow_exact_arithmetic_would_wrap("integer constant");
        return static_cast<std::int64_t>(c);
    }

    constexpr void push(const term& t, const char* where) {
        if (term_count == max_terms)
            diagnostic::E003_too_many_terms_a_polynomial_holds_at_most_max_terms(where);
        terms[term_count++] = t;
    }

    /// True when `a` sorts before `b` in canonical order.
    static constexpr bool before(const term& a, const term& b) {
        return a.degree != b.degree ? a.degree > b.degree : a.exponents > b.exponents;
    }

    /// The same polynomial over a superset of its dimensions (`names` sorted, `count` long).
    [[nodiscard]] constexpr polynomial over(const detail::u128* names, int count) const {
        if (count == dim_count) return *this;  // a superset of equal size is the same set
        int map[max_dims]{};
        for (int i = 0, j = 0; i < dim_count; ++i) {
            while (names[j] != dims[i]) ++j;
            map[i] = j;
        }
        polynomial r;
        r.dim_count = count;
        for (int j = 0; j < count; ++j) r.dims[j] = names[j];
        for (int k = 0; k < term_count; ++k) {
            term t = terms[k];
            t.exponents = detail::zero_exponents;
            for (int i = 0; i < dim_count; ++i)
                t.exponents = detail::with_exponent(t.exponents, map[i], terms[k].exponent(i), "");
            r.terms[r.term_count++] = t;  // inserting zero slots keeps the order
        }
        return r;
    }

    /// Drops dimensions that no term uses (keeps the form canonical).
    [[nodiscard]] constexpr polynomial pruned() const {
        bool used[max_dims]{};
        int used_count = 0;
        for (int i = 0; i < dim_count; ++i) {
            for (int k = 0; k < term_count && !used[i]; ++k) used[i] = terms[k].exponent(i) != 0;
            used_count += used[i] ? 1 : 0;
        }
        if (used_count == dim_count) return *this;
        polynomial r;
        for (int i = 0; i < dim_count; ++i)
            if (used[i]) r.dims[r.dim_count++] = dims[i];
        for (int k = 0; k < term_count; ++k) {
            term t = terms[k];
            t.exponents = detail::zero_exponents;
            for (int i = 0, j = 0; i < dim_count; ++i)
                if (used[i]) t.exponents = detail::with_exponent(t.exponents, j++, terms[k].exponent(i), "");
            r.terms[r.term_count++] = t;  // removing all-zero slots keeps the order
        }
        return r;
    }

    /// Sorted union of two name tables; E004 past `max_dims`.
    static constexpr int union_of_dims(const polynomial& a, const polynomial& b,
                                       detail::u128* out) {
        int i = 0, j = 0, n = 0;
        while (i < a.dim_count || j < b.dim_count) {
            detail::u128 next;
            if (j == b.dim_count || (i < a.dim_count && a.dims[i] < b.dims[j])) {
                next = a.dims[i++];
            } else if (i == a.dim_count || b.dims[j] < a.dims[i]) {
                next = b.dims[j++];
            } else {
                next = a.dims[i++];
                ++j;
            }
            if (n == max_dims)
                diagnostic::E004_too_many_dimensions_a_polynomial_uses_at_most_max_dims("polynomial");
            out[n++] = next;
        }
        return n;
    }

    /// Merge of two canonical term lists over the same dimensions: a + sign·b.
    static constexpr polynomial merge(const polynomial& a, const polynomial& b, int sign) {
        polynomial r;
        r.dim_count = a.dim_count;
        for (int i = 0; i < a.dim_count; ++i) r.dims[i] = a.dims[i];
        int i = 0, j = 0;
        while (i < a.term_count || j < b.term_count) {
            if (j == b.term_count || (i < a.term_count && before(a.terms[i], b.terms[j]))) {
                r.push(a.terms[i++], "sum");
            } else if (i == a.term_count || before(b.terms[j], a.terms[i])) {
                term t = b.terms[j++];
                if (sign < 0) t.coefficient = -t.coefficient;
                r.push(t, "sum");
            } else {
                term t = a.terms[i++];
                const rational& c = b.terms[j++].coefficient;
                t.coefficient = sign < 0 ? t.coefficient - c : t.coefficient + c;
                if (!t.coefficient.is_zero()) r.push(t, "sum");
            }
        }
        return r;
    }

    static constexpr polynomial combine(const polynomial& a, const polynomial& b, int sign) {
        if (a.dim_count == b.dim_count && [&] {
                for (int i = 0; i < a.dim_count; ++i)
                    if (a.dims[i] != b.dims[i]) return false;
                return true;
            }())
            return merge(a, b, sign).pruned();
        detail::u128 names[max_dims]{};
        const int count = union_of_dims(a, b, names);
        return merge(a.over(names, count), b.over(names, count), sign).pruned();
    }

    static constexpr polynomial multiply(const polynomial& a0, const polynomial& b0) {
        if (a0.is_zero() || b0.is_zero()) return {};
        if (a0.dim_count == 0 || b0.dim_count == 0) {  // by a constant: scale the coefficients
            const bool a_constant = a0.dim_count == 0;
            polynomial r = a_constant ? b0 : a0;
            const rational c = (a_constant ? a0 : b0).terms[0].coefficient;
            for (int k = 0; k < r.term_count; ++k) r.terms[k].coefficient = r.terms[k].coefficient * c;
            return r;
        }
        detail::u128 names[max_dims]{};
        const int count = union_of_dims(a0, b0, names);
        const polynomial a = a0.over(names, count);
        const polynomial b = b0.over(names, count);
        // All products first, in rows that are each sorted (the order is a monomial order);
        // then a bottom-up merge of the rows, combining equal monomials. Only the final
        // result must fit max_terms, whatever the order of the factors.
        const int total = a.term_count * b.term_count;
        detail::scratch<term> runs(total), merged(total);
        for (int i = 0; i < a.term_count; ++i)
            for (int j = 0; j < b.term_count; ++j) {
                const term& s = a.terms[i];
                const term& t = b.terms[j];
                runs[i * b.term_count + j] =
                    term{s.coefficient * t.coefficient,
                         detail::add_exponents(s.exponents, t.exponents, count, 1, "product"),
                         s.degree + t.degree};
            }
        detail::scratch<term>* from = &runs;
        detail::scratch<term>* to = &merged;
        for (int width = b.term_count; width < total; width *= 2) {
            for (int start = 0; start < total; start += 2 * width) {
                const int mid = start + width < total ? start + width : total;
                const int end = start + 2 * width < total ? start + 2 * width : total;
                int i = start, j = mid, o = start;
                while (i < mid || j < end) {
                    if (j == end || (i < mid && !before((*from)[j], (*from)[i]))) (*to)[o++] = (*from)[i++];
                    else (*to)[o++] = (*from)[j++];
                }
            }
            detail::scratch<term>* swap = from;
            from = to;
            to = swap;
        }
        polynomial r;
        r.dim_count = count;
        for (int i = 0; i < count; ++i) r.dims[i] = names[i];
        for (int k = 0; k < total;) {
            term t = (*from)[k++];
            while (k < total && (*from)[k].exponents == t.exponents) t.coefficient = t.coefficient + (*from)[k++].coefficient;
            if (!t.coefficient.is_zero()) r.push(t, "product");
        }
        return r.pruned();
    }
};

/// p^k for an integer k; a negative k needs a monomial (E006).
template <std::integral I>
constexpr polynomial pow(const polynomial& p, I power) {
    if (power < -127 || power > 127)
        diagnostic::E002_exponent_overflow_exponents_are_limited_to_plus_minus_127("pow");
    const int k = static_cast<int>(power);
    polynomial base = k < 0 ? polynomial::reciprocal(p) : p;
    unsigned e = static_cast<unsigned>(k < 0 ? -k : k);
    polynomial result(1);
    while (e != 0) {
        if (e & 1U) result = result * base;
        e >>= 1U;
        if (e != 0) base = base * base;
    }
    return result;
}

/// p^K with the exponent spelled as a template argument: `ordo::pow<2>(d)`.
template <int K>
constexpr polynomial pow(const polynomial& p) {
    return pow(p, K);
}

namespace detail {
/// Term k of p with the dimension in `slot` removed (its power dropped), as a polynomial.
constexpr polynomial term_without(const polynomial& p, int k, int slot) {
    polynomial rest;
    rest.dim_count = p.dim_count;
    for (int i = 0; i < p.dim_count; ++i) rest.dims[i] = p.dims[i];
    term t = p.terms[k];
    t.degree -= t.exponent(slot);
    t.exponents = with_exponent(t.exponents, slot, 0, "");
    rest.push(t, "term");
    return rest.pruned();
}
}  // namespace detail

/// Highest total degree of a term (0 for the zero polynomial).
constexpr int degree(const polynomial& p) { return p.term_count == 0 ? 0 : p.terms[0].degree; }

/// Coefficient of the monomial `m` (a one-term polynomial whose coefficient is ignored).
constexpr rational coefficient(const polynomial& p, const polynomial& m) {
    if (!m.is_monomial())
        diagnostic::E006_division_by_a_polynomial_that_is_not_a_monomial("coefficient");
    for (int i = 0; i < m.dim_count; ++i)  // a dimension p lacks: no term of p matches
        if (p.slot_of(m.dims[i]) < 0) return rational(0);
    for (int k = 0; k < p.term_count; ++k) {
        bool same = true;
        for (int i = 0; i < p.dim_count && same; ++i) {
            const int slot = m.slot_of(p.dims[i]);
            same = p.terms[k].exponent(i) == (slot < 0 ? 0 : m.terms[0].exponent(slot));
        }
        if (same) return p.terms[k].coefficient;
    }
    return rational(0);
}

}  // namespace ordo
