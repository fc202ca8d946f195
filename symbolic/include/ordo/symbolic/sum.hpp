#pragma once
/// \file
/// Closed-form summation: `ordo::sum(i, lo, hi, p)` = Σ_{i=lo}^{hi} p, exactly (Faulhaber).
///
///     static_assert(ordo::sum(i, 1, n, i) == (n * n + n) / 2);
///
/// `p` must be a polynomial in `i` with non-negative powers of `i` (its other dimensions are
/// arbitrary); `lo` and `hi` must not mention `i` (E014). The closed form equals the sum
/// whenever hi >= lo - 1 (an empty sum is 0); this is how the cost of incremental decoding
/// (step i of n touches a cache of length i) becomes a polynomial in n.

#include <ordo/symbolic/dim.hpp>

namespace ordo {

namespace detail {

inline constexpr int max_power_summed = 20;

/// Bernoulli numbers B_0..B_k with B_1 = +1/2, the convention of Σ_{i=1}^{x} i^k.
struct bernoulli_table {
    rational b[max_power_summed + 1]{};
};

constexpr rational binomial(int n, int k) {
    rational r(1);
    for (int j = 1; j <= k; ++j) r = r * rational(n - k + j) / rational(j);
    return r;
}

inline constexpr bernoulli_table bernoulli = [] {
    bernoulli_table t;
    // Σ_{j=0}^{m} C(m+1, j) B_j = m + 1 for B_1 = +1/2.
    for (int m = 0; m <= max_power_summed; ++m) {
        rational acc(0);
        for (int j = 0; j < m; ++j) acc = acc + binomial(m + 1, j) * t.b[j];
        t.b[m] = (rational(m + 1) - acc) / binomial(m + 1, m);
    }
    return t;
}();

/// F_k(x) = Σ_{i=1}^{x} i^k as a polynomial in x.
constexpr polynomial power_sum(int k, const polynomial& x) {
    polynomial out;
    for (int j = 0; j <= k; ++j)
        out += polynomial(binomial(k + 1, j) * bernoulli.b[j] / rational(k + 1)) * pow(x, k + 1 - j);
    return out;
}

}  // namespace detail

namespace detail {
/// Σ_{i=lo}^{hi} p for the dimension with packed name `index`.
constexpr polynomial sum_over(u128 index, const polynomial& lo, const polynomial& hi,
                              const polynomial& p) {
    if (lo.slot_of(index) >= 0 || hi.slot_of(index) >= 0)
        diagnostic::E014_sum_needs_a_polynomial_in_the_index_and_bounds_free_of_it(
            "a bound mentions the summation index");
    const int slot = p.slot_of(index);
    if (slot < 0) return p * (hi - lo + 1);
    polynomial out;
    for (int k = 0; k < p.term_count; ++k) {
        const int e = p.terms[k].exponent(slot);
        if (e < 0)
            diagnostic::E014_sum_needs_a_polynomial_in_the_index_and_bounds_free_of_it(
                "the summand has a negative power of the index");
        if (e > max_power_summed)
            diagnostic::E014_sum_needs_a_polynomial_in_the_index_and_bounds_free_of_it(
                "the summand's power of the index exceeds 20");
        out += term_without(p, k, slot) * (power_sum(e, hi) - power_sum(e, lo - 1));
    }
    return out;
}
}  // namespace detail

/// Σ_{i=lo}^{hi} p for a polynomial p in the dimension i (see the file comment).
template <fixed_string Name>
constexpr polynomial sum(const symbol<Name>& /*index*/, const polynomial& lo, const polynomial& hi,
                         const polynomial& p) {
    return detail::sum_over(detail::pack_name(Name.view()), lo, hi, p);
}

}  // namespace ordo
