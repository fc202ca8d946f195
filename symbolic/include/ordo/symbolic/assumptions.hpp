#pragma once
/// \file
/// Assumptions for asymptotic questions.
///
///     ordo::assume(n << d)            // n = o(d): n/d -> 0
///     ordo::assume(n <= d)            // n = O(d)
///     ordo::assume(ordo::constant(h)) // h stays bounded
///     ordo::assume(n <= d, ordo::constant(h), b * n << d / h)
///
/// Semantics: every dimension is >= 1 and grows without bound, except those held constant;
/// a relation restricts how dimensions grow relative to each other. Each side of `<=`/`<<`
/// must be a monomial (coefficients are irrelevant); `constant` takes one dimension (E011).
/// Contradictory sets, such as n << n or n <= 1 for a growing n, are rejected (E012) when used.
///
/// Note: on polynomials, `<=` and `<<` build relations, not booleans.

#include <ordo/symbolic/dim.hpp>

namespace ordo {

/// Most relations in one `assume(...)`.
inline constexpr int max_assumptions = 8;

/// How one relation constrains growth.
enum class relation_kind : unsigned char {
    at_most,     ///< lhs = O(rhs)
    negligible,  ///< lhs = o(rhs)
    constant,    ///< the dimension stays bounded
};

/// One relation, as the monomial rhs/lhs (for `constant`: the dimension itself).
struct relation {
    relation_kind kind = relation_kind::at_most;
    polynomial ratio;
};

namespace detail {
constexpr polynomial monomial_side(const polynomial& p) {
    if (!p.is_monomial())
        diagnostic::E011_malformed_assumption_each_side_must_be_a_monomial(
            "a side of <= or << is not a monomial");
    polynomial m = p;
    m.terms[0].coefficient = rational(1);  // constant factors do not change growth
    return m;
}
}  // namespace detail

/// lhs = O(rhs).
constexpr relation operator<=(const polynomial& lhs, const polynomial& rhs) {
    return {relation_kind::at_most, detail::monomial_side(rhs) / detail::monomial_side(lhs)};
}
/// lhs = o(rhs).
constexpr relation operator<<(const polynomial& lhs, const polynomial& rhs) {
    return {relation_kind::negligible, detail::monomial_side(rhs) / detail::monomial_side(lhs)};
}
/// The dimension stays bounded (Θ(h·x) = Θ(x)).
constexpr relation constant(const polynomial& dimension) {
    if (!(dimension.is_monomial() && dimension.dim_count == 1 &&
          dimension.terms[0].degree == 1 && dimension.terms[0].coefficient == rational(1)))
        diagnostic::E011_malformed_assumption_each_side_must_be_a_monomial(
            "ordo::constant takes a single dimension");
    return {relation_kind::constant, dimension};
}

/// A set of relations over a shared table of dimensions.
struct assumptions {
    constexpr assumptions() {}  // NOLINT: not an aggregate, so `{}` works on g++ 12 too
    int count = 0;
    relation items[max_assumptions]{};

    constexpr assumptions& add(const relation& r) {
        if (count == max_assumptions) diagnostic::E017_too_many_assumptions("ordo::assume");
        items[count++] = r;
        return *this;
    }
    /// True when dimension `packed_name` is held constant.
    [[nodiscard]] constexpr bool holds_constant(detail::u128 packed_name) const {
        for (int i = 0; i < count; ++i)
            if (items[i].kind == relation_kind::constant && items[i].ratio.dims[0] == packed_name)
                return true;
        return false;
    }
};

/// Collects relations: `ordo::assume(n << d, ordo::constant(h))`.
template <std::same_as<relation>... R>
constexpr assumptions assume(const R&... r) {
    assumptions out;
    (out.add(r), ...);
    return out;
}

}  // namespace ordo
