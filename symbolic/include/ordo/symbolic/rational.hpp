#pragma once
// ordo::rational: an exact fraction of 64-bit integers, always in lowest terms with a
// positive denominator, so == is structural. Intermediates are 128-bit; a result that does
// not fit 64 bits is diagnostic E001 (compile error or ordo::overflow_error), never wrapped.

#include <ordo/symbolic/detail/integers.hpp>

namespace ordo {

struct rational {
    std::int64_t num = 0;  ///< numerator; carries the sign
    std::int64_t den = 1;  ///< denominator; always >= 1

    constexpr rational() = default;
    constexpr rational(std::int64_t n) : num(n) {}  // NOLINT: integers are rationals
    constexpr rational(detail::i128 n, detail::i128 d) { *this = make(n, d); }

    /// The reduced fraction n/d (d != 0).
    static constexpr rational make(detail::i128 n, detail::i128 d) {
        if (d == 0) diagnostic::E005_division_by_zero("rational");
        if (d < 0) {
            n = detail::mul128(n, -1, "rational");
            d = detail::mul128(d, -1, "rational");
        }
        const detail::i128 g = detail::gcd128(n, d);
        rational r;
        r.num = detail::to_i64(g == 0 ? n : n / g, "rational");
        r.den = detail::to_i64(g == 0 ? d : d / g, "rational");
        return r;
    }

    [[nodiscard]] constexpr bool is_integer() const { return den == 1; }
    [[nodiscard]] constexpr bool is_zero() const { return num == 0; }

    friend constexpr bool operator==(const rational&, const rational&) = default;

    friend constexpr rational operator-(const rational& a) {
        return make(-static_cast<detail::i128>(a.num), a.den);
    }
    friend constexpr rational operator+(const rational& a, const rational& b) {
        using detail::i128;
        if (a.den == b.den) return make(i128{a.num} + b.num, a.den);
        return make(i128{a.num} * b.den + i128{b.num} * a.den, i128{a.den} * b.den);
    }
    /// Directly, not as a + (−b): −(−2^63) does not fit although (−1) − (−2^63) does.
    friend constexpr rational operator-(const rational& a, const rational& b) {
        using detail::i128;
        if (a.den == b.den) return make(i128{a.num} - b.num, a.den);
        return make(i128{a.num} * b.den - i128{b.num} * a.den, i128{a.den} * b.den);
    }
    friend constexpr rational operator*(const rational& a, const rational& b) {
        using detail::i128;
        return make(i128{a.num} * b.num, i128{a.den} * b.den);
    }
    friend constexpr rational operator/(const rational& a, const rational& b) {
        using detail::i128;
        if (b.num == 0) diagnostic::E005_division_by_zero("rational division");
        return make(i128{a.num} * b.den, i128{a.den} * b.num);
    }
    friend constexpr bool operator<(const rational& a, const rational& b) {
        using detail::i128;
        return i128{a.num} * b.den < i128{b.num} * a.den;
    }
};

/// r as the nearest double, for printing and plotting (checks stay exact).
constexpr double to_double(const rational& r) { return static_cast<double>(r.num) / static_cast<double>(r.den); }

}  // namespace ordo
