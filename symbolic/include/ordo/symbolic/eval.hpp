#pragma once
/// \file
/// Evaluation at concrete sizes.
///
///     constexpr auto at = ordo::bind(b = 2, n = 1024, d = 4096);
///     static_assert(ordo::eval(8 * b * n * d * d, at) == 274'877'906'944);
///
/// `eval` is exact: terms are summed as 128-bit fractions and the result must be an integer
/// that fits 64 bits. Errors name the dimension or value: an unbound dimension (E007), a
/// non-integral result such as d/h with h not dividing d (E008), overflow (E009), a size
/// below 1 (E010), a dimension bound twice (E016).

#include <ordo/symbolic/detail/wide_eval.hpp>
#include <ordo/symbolic/dim.hpp>

#include <string>
#include <string_view>

namespace ordo {

/// How many sizes one `bindings` holds: twice what one polynomial mentions, so a single set
/// of sizes can serve a whole catalog (and a runtime loop can add its index to it).
inline constexpr int max_bindings = 2 * max_dims;

/// Sizes for some dimensions, made by `ordo::bind(b = 2, n = 64, ...)`.
struct bindings {
    int count = 0;
    binding items[max_bindings]{};

    /// The size bound to a packed name, or 0 when unbound.
    [[nodiscard]] constexpr std::int64_t size_of(detail::u128 name) const {
        for (int i = 0; i < count; ++i)
            if (items[i].name == name) return items[i].size;
        return 0;
    }
    /// Adds a binding (E016 if the dimension is already bound, E004 past capacity).
    constexpr bindings& add(const binding& b) {
        if (b.size < 1) diagnostic::E010_dimension_size_must_be_at_least_1(detail::unpack_name(b.name).view());
        if (size_of(b.name) != 0) diagnostic::E016_dimension_bound_twice(detail::unpack_name(b.name).view());
        if (count == max_bindings) diagnostic::E004_too_many_sizes_one_bind_holds_at_most_max_bindings();
        items[count++] = b;
        return *this;
    }
};

/// A binding made from a name known only at run time (command lines, files): E015 for an
/// invalid name, E010 for a size below 1.
constexpr binding binding_for(std::string_view name, std::int64_t size) {
    if (!detail::is_valid_name(name)) diagnostic::E015_invalid_dimension_name(name);
    if (size < 1) diagnostic::E010_dimension_size_must_be_at_least_1(name);
    return binding{detail::pack_name(name), size};
}

/// Collects `dim = size` bindings.
template <std::same_as<binding>... B>
constexpr bindings bind(const B&... b) {
    bindings out;
    (out.add(b), ...);
    return out;
}

namespace detail {

/// The exact value of p at `at`, as a reduced 128-bit fraction (numerator, denominator).
struct exact_value {
    i128 num = 0;
    i128 den = 1;
};

/// The exact value, or `overflow = true` when an intermediate exceeds 128 bits.
constexpr exact_value evaluate_or_flag(const polynomial& p, const bindings& at, bool& overflow) {
    i64 sizes[max_dims]{};
    for (int i = 0; i < p.dim_count; ++i) {
        sizes[i] = at.size_of(p.dims[i]);
        if (sizes[i] == 0)
            diagnostic::E007_eval_of_an_unbound_dimension_bind_every_dimension_the_polynomial_uses(
                unpack_name(p.dims[i]).view());
    }
    exact_value sum;
    for (int k = 0; k < p.term_count && !overflow; ++k) {
        const term& t = p.terms[k];
        i128 num = t.coefficient.num;
        i128 den = t.coefficient.den;
        for (int i = 0; i < p.dim_count; ++i) {
            const int e = t.exponent(i);
            for (int r = 0; r < (e < 0 ? -e : e); ++r) {
                if (e > 0) num = mul128_or_flag(num, sizes[i], overflow);
                else den = mul128_or_flag(den, sizes[i], overflow);
            }
        }
        // past 128 bits (or at −2^127, whose magnitude does not fit) the caller widens
        if (overflow || num == i128_min || den == i128_min) {
            overflow = true;
            break;
        }
        // sum += num/den, kept reduced so that intermediates stay small
        const i128 g0 = gcd128(num, den);
        num /= g0;
        den /= g0;
        const i128 g = gcd128(sum.den, den);
        const i128 common = mul128_or_flag(sum.den / g, den, overflow);
        sum.num = add128_or_flag(mul128_or_flag(sum.num, den / g, overflow),
                                 mul128_or_flag(num, sum.den / g, overflow), overflow);
        sum.den = common;
        if (overflow || sum.num == i128_min) {
            overflow = true;
            break;
        }
        const i128 g2 = gcd128(sum.num, sum.den);
        if (g2 > 1) {
            sum.num /= g2;
            sum.den /= g2;
        }
    }
    return sum;
}

}  // namespace detail

/// The exact value of p at `at` as a rational (E007 for an unbound dimension, E009 when the
/// numerator or denominator does not fit 64 bits), whatever the intermediates.
constexpr rational eval_exact(const polynomial& p, const bindings& at) {
    bool overflow = false;
    detail::exact_value v = detail::evaluate_or_flag(p, at, overflow);
    if (overflow) {  // past 128 bits: over one common denominator in 4096 bits, as eval does
        detail::i64 sizes[max_dims]{};
        for (int i = 0; i < p.dim_count; ++i) sizes[i] = at.size_of(p.dims[i]);
        const detail::wide_rational w = detail::wide_rational_value(p.terms, p.term_count, p.dim_count, sizes);
        if (w.overflow)
            diagnostic::E009_eval_result_overflows_int64("eval_exact: the value's numerator or denominator needs more than 64 bits");
        v = {w.num, w.den};
    }
    if (v.num > std::numeric_limits<std::int64_t>::max() || v.num < std::numeric_limits<std::int64_t>::min() ||
        v.den > std::numeric_limits<std::int64_t>::max())
        diagnostic::E009_eval_result_overflows_int64("eval_exact");
    return rational(v.num, v.den);
}

/// The value of p at `at`, which must be an integer that fits 64 bits (E007, E008, E009).
/// Exact whatever the intermediates: past 128 bits it is recomputed over one common
/// denominator in 4096-bit integers (detail/wide_eval.hpp); E009 only when the value itself
/// does not fit, or an intermediate passes 4096 bits.
constexpr std::int64_t eval(const polynomial& p, const bindings& at) {
    bool overflow = false;
    detail::exact_value v = detail::evaluate_or_flag(p, at, overflow);
    if (overflow) {
        detail::i64 sizes[max_dims]{};
        for (int i = 0; i < p.dim_count; ++i) sizes[i] = at.size_of(p.dims[i]);
        const detail::wide_result w = detail::wide_integer_value(p.terms, p.term_count, p.dim_count, sizes);
        if (w.overflow) diagnostic::E009_eval_result_overflows_int64("eval: the value needs more than 64 bits, or an intermediate more than 4096");
        if (!w.integral) diagnostic::E008_eval_result_is_not_an_integer("a fraction");
        v = {w.value, 1};
    }
    if (v.den != 1) diagnostic::E008_eval_result_is_not_an_integer("a fraction");
    if (v.num > std::numeric_limits<std::int64_t>::max() ||
        v.num < std::numeric_limits<std::int64_t>::min())
        diagnostic::E009_eval_result_overflows_int64("eval");
    return static_cast<std::int64_t>(v.num);
}

/// p with every bound dimension replaced by its size; unbound dimensions stay symbolic.
constexpr polynomial partial_eval(const polynomial& p, const bindings& at) {
    polynomial out;
    for (int k = 0; k < p.term_count; ++k) {
        polynomial t;
        t = polynomial(p.terms[k].coefficient);
        for (int i = 0; i < p.dim_count; ++i) {
            const std::int64_t size = at.size_of(p.dims[i]);
            const polynomial base = size != 0 ? polynomial(size) : polynomial::dimension(p.dims[i]);
            t *= pow(base, p.terms[k].exponent(i));
        }
        out += t;
    }
    return out;
}

}  // namespace ordo
