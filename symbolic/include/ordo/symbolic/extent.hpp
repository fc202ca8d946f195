#pragma once
/// \file
/// Extents: the size of one tensor axis, a monomial over named dimensions with a positive
/// rational coefficient (`b`, `d/h`, `4·d`). An `ordo::extent` is a small structural value, so a
/// shape can be a template argument: a shape mismatch is then a compile error that names the
/// extents. Every extent is >= 1, so an extent with a denominator implies a fact (d/h implies
/// h <= d) that graphs hand to Θ automatically.

#include <ordo/symbolic/detail/text.hpp>
#include <ordo/symbolic/polynomial.hpp>

namespace ordo {

/// Most distinct dimensions in one extent.
inline constexpr int max_extent_dims = 3;

/// coefficient · Π names[i]^powers[i]; names sorted, powers non-zero.
struct extent {
    std::int64_t num = 1;
    std::int64_t den = 1;
    int count = 0;
    detail::u128 names[max_extent_dims]{};
    int powers[max_extent_dims]{};

    friend constexpr bool operator==(const extent&, const extent&) = default;
};

namespace detail {

constexpr extent extent_of_dimension(u128 name) {
    extent e;
    e.count = 1;
    e.names[0] = name;
    e.powers[0] = 1;
    return e;
}

/// e1^s1 · e2^s2 with s in {+1, -1} (product or quotient).
constexpr extent combine_extents(const extent& a, const extent& b, int sign, bool* ok = nullptr) {
    extent r;
    const rational c = sign > 0 ? rational(a.num, a.den) * rational(b.num, b.den)
                                : rational(a.num, a.den) / rational(b.num, b.den);
    r.num = c.num;
    r.den = c.den;
    int i = 0, j = 0;
    while (i < a.count || j < b.count) {
        u128 name;
        int power;
        if (j == b.count || (i < a.count && a.names[i] < b.names[j])) {
            name = a.names[i];
            power = a.powers[i++];
        } else if (i == a.count || b.names[j] < a.names[i]) {
            name = b.names[j];
            power = sign * b.powers[j++];
        } else {
            name = a.names[i];
            power = a.powers[i++] + sign * b.powers[j++];
        }
        if (power == 0) continue;
        if (r.count == max_extent_dims) {
            if (ok) *ok = false;
            return r;
        }
        r.names[r.count] = name;
        r.powers[r.count++] = power;
    }
    return r;
}

}  // namespace detail

namespace detail {
/// A product of extents accumulated as one monomial (any number of dimensions up to
/// max_dims), turned into a polynomial once: far cheaper in constant evaluation than a chain
/// of polynomial multiplications.
struct monomial_product {
    rational coefficient{1};
    int count = 0;
    u128 names[max_dims]{};
    int powers[max_dims]{};

    constexpr monomial_product& operator*=(const extent& e) {
        coefficient = coefficient * rational(e.num, e.den);
        for (int i = 0; i < e.count; ++i) {
            int k = 0;
            while (k < count && names[k] != e.names[i]) ++k;
            if (k == count) {
                if (count == max_dims)
                    diagnostic::E004_too_many_dimensions_a_polynomial_uses_at_most_max_dims("extent product");
                names[count] = e.names[i];
                powers[count++] = 0;
            }
            powers[k] += e.powers[i];
        }
        return *this;
    }
    [[nodiscard]] constexpr polynomial to_polynomial() const {
        if (coefficient.is_zero()) return {};
        // sorted, non-zero powers only
        u128 sorted_names[max_dims]{};
        int sorted_powers[max_dims]{};
        int n = 0;
        for (int i = 0; i < count; ++i) {
            if (powers[i] == 0) continue;
            int k = n++;
            while (k > 0 && sorted_names[k - 1] > names[i]) {
                sorted_names[k] = sorted_names[k - 1];
                sorted_powers[k] = sorted_powers[k - 1];
                --k;
            }
            sorted_names[k] = names[i];
            sorted_powers[k] = powers[i];
        }
        polynomial p;
        p.dim_count = n;
        term t{coefficient, zero_exponents, 0};
        for (int i = 0; i < n; ++i) {
            p.dims[i] = sorted_names[i];
            t.exponents = with_exponent(t.exponents, i, sorted_powers[i], "extent");
            t.degree += sorted_powers[i];
        }
        p.push(t, "extent");
        return p;
    }
};
}  // namespace detail

/// The extent as a polynomial.
constexpr polynomial to_polynomial(const extent& e) {
    detail::monomial_product m;
    m *= e;
    return m.to_polynomial();
}

/// The extent of a monomial polynomial with a positive coefficient; `ok` false otherwise.
constexpr extent to_extent(const polynomial& p, bool* ok) {
    extent e;
    if (!p.is_monomial() || p.terms[0].coefficient.num <= 0) {
        *ok = false;
        return e;
    }
    e.num = p.terms[0].coefficient.num;
    e.den = p.terms[0].coefficient.den;
    for (int i = 0; i < p.dim_count; ++i) {
        if (e.count == max_extent_dims) {
            *ok = false;
            return e;
        }
        e.names[e.count] = p.dims[i];
        e.powers[e.count++] = p.terms[0].exponent(i);
    }
    return e;
}

namespace detail {
/// "d/h", "4·d", "b·n", "1" — the Unicode form used in diagnostics.
constexpr void write_extent(text_buffer& out, const extent& e) {
    bool any = false;
    if (e.num != 1 || e.count == 0 || [&] {
            for (int i = 0; i < e.count; ++i)
                if (e.powers[i] > 0) return false;
            return true;
        }()) {
        out << static_cast<long long>(e.num);
        any = true;
    }
    for (int i = 0; i < e.count; ++i) {
        if (e.powers[i] <= 0) continue;
        if (any) out << "·";
        out << unpack_name(e.names[i]).view();
        if (e.powers[i] > 1) out << '^' << e.powers[i];
        any = true;
    }
    int below = e.den != 1 ? 1 : 0;
    for (int i = 0; i < e.count; ++i) below += e.powers[i] < 0 ? 1 : 0;
    if (below == 0) return;
    out << '/';
    if (below > 1) out << '(';
    bool first = true;
    if (e.den != 1) {
        out << static_cast<long long>(e.den);
        first = false;
    }
    for (int i = 0; i < e.count; ++i) {
        if (e.powers[i] >= 0) continue;
        if (!first) out << "·";
        out << unpack_name(e.names[i]).view();
        if (e.powers[i] < -1) out << '^' << -e.powers[i];
        first = false;
    }
    if (below > 1) out << ')';
}
}  // namespace detail

}  // namespace ordo
