#pragma once
// Exact evaluation when 128-bit intermediates do not suffice: x³ − y³ at x = y = 2^43 is 0,
// n³/d³ at n = d = 2^43 is 1, though their terms pass 128 bits. Every term is brought over one
// common denominator C = (a multiple of the coefficient denominators) · Π size_i^(largest
// negative exponent of i), so no step divides: N = Σ term_k · C/den_k is built from
// multiplications by 64-bit factors and additions of `wide` integers (`wide_limbs` 32-bit
// limbs, 4096 bits), C too. The value N/C is then found bit by bit when it fits 64 bits (eval),
// or reduced by a binary gcd (eval_exact). Past 4096 bits the evaluation reports overflow
// (E009), never a wrapped value.

#include <ordo/symbolic/detail/integers.hpp>

namespace ordo::detail {

inline constexpr int wide_limbs = 128;

/// A signed integer of wide_limbs 32-bit limbs (magnitude and sign); `overflow` once any
/// result would not fit.
struct wide {
    std::uint32_t limb[wide_limbs]{};
    bool negative = false;

    static constexpr wide of(i128 v) {
        wide w;
        w.negative = v < 0;
        u128 m = v < 0 ? static_cast<u128>(-(v + 1)) + 1 : static_cast<u128>(v);
        for (int i = 0; i < 4; ++i, m >>= 32) w.limb[i] = static_cast<std::uint32_t>(m);
        return w;
    }
    [[nodiscard]] constexpr bool is_zero() const {
        for (std::uint32_t l : limb)
            if (l != 0) return false;
        return true;
    }
    /// this · f for f >= 0.
    constexpr void multiply(std::uint64_t f, bool& overflow) {
        const std::uint64_t lo = f & 0xFFFFFFFFu, hi = f >> 32;
        wide out;
        out.negative = negative;
        for (int part = 0; part < 2; ++part) {  // f = lo + hi·2^32, one 32-bit half at a time
            const std::uint64_t m = part == 0 ? lo : hi;
            if (m == 0) continue;
            std::uint64_t carry = 0;
            for (int i = 0; i + part < wide_limbs; ++i) {
                const std::uint64_t t = static_cast<std::uint64_t>(limb[i]) * m + out.limb[i + part] + carry;
                out.limb[i + part] = static_cast<std::uint32_t>(t);
                carry = t >> 32;
            }
            if (carry != 0 || (part == 1 && limb[wide_limbs - 1] != 0)) overflow = true;
        }
        *this = out;
    }
    [[nodiscard]] constexpr bool is_even() const { return (limb[0] & 1u) == 0; }
    /// |this| / 2.
    constexpr void halve() {
        for (int i = 0; i < wide_limbs; ++i)
            limb[i] = (limb[i] >> 1) | (i + 1 < wide_limbs ? limb[i + 1] << 31 : 0u);
    }
    /// |a| compared with |b|: −1, 0 or 1.
    static constexpr int compare_magnitude(const wide& a, const wide& b) {
        for (int i = wide_limbs - 1; i >= 0; --i)
            if (a.limb[i] != b.limb[i]) return a.limb[i] < b.limb[i] ? -1 : 1;
        return 0;
    }
    /// this + b (signed).
    constexpr void add(const wide& b, bool& overflow) {
        if (negative == b.negative) {
            std::uint64_t carry = 0;
            for (int i = 0; i < wide_limbs; ++i) {
                const std::uint64_t t = static_cast<std::uint64_t>(limb[i]) + b.limb[i] + carry;
                limb[i] = static_cast<std::uint32_t>(t);
                carry = t >> 32;
            }
            if (carry != 0) overflow = true;
            return;
        }
        const bool this_larger = compare_magnitude(*this, b) >= 0;
        const wide& big = this_larger ? *this : b;
        const wide& small = this_larger ? b : *this;
        wide out;
        out.negative = big.negative;
        std::int64_t borrow = 0;
        for (int i = 0; i < wide_limbs; ++i) {
            std::int64_t t = static_cast<std::int64_t>(big.limb[i]) - small.limb[i] - borrow;
            borrow = t < 0 ? 1 : 0;
            if (t < 0) t += std::int64_t{1} << 32;
            out.limb[i] = static_cast<std::uint32_t>(t);
        }
        *this = out;
        if (is_zero()) negative = false;
    }
};

/// A polynomial's value as N / C over one common denominator C > 0 (see the file comment).
struct wide_fraction {
    wide numerator;
    wide common;
    bool overflow = false;
};

template <typename Terms>
constexpr wide_fraction wide_value(const Terms& terms, int term_count, int dim_count, const i64* sizes) {
    wide_fraction r;
    // C = Π factors × Π size_i^(deepest negative exponent of i), where the factors (each below
    // 2^63) have every coefficient denominator as a divisor of their product: each new
    // denominator enters with what the earlier factors do not already hold
    i128 factors[64]{};
    int factor_count = 0;
    int deepest[32]{};
    for (int k = 0; k < term_count; ++k) {
        i128 rest = terms[k].coefficient.den;
        for (int j = 0; j < factor_count; ++j) rest /= gcd128(factors[j], rest);
        if (rest > 1) factors[factor_count++] = rest;
        for (int i = 0; i < dim_count; ++i)
            if (-terms[k].exponent(i) > deepest[i]) deepest[i] = -terms[k].exponent(i);
    }
    r.common = wide::of(1);
    for (int j = 0; j < factor_count; ++j) r.common.multiply(static_cast<std::uint64_t>(factors[j]), r.overflow);
    for (int i = 0; i < dim_count; ++i)
        for (int e = 0; e < deepest[i]; ++e) r.common.multiply(static_cast<std::uint64_t>(sizes[i]), r.overflow);
    for (int k = 0; k < term_count && !r.overflow; ++k) {
        // term · C = num · (Π factors / den) · Π size_i^(exponent_i + deepest_i); Π factors / den
        // factor by factor: what of each factor the denominator does not take (a prime's power
        // spread over several factors is taken from each in turn, so nothing is left over)
        wide t = wide::of(terms[k].coefficient.num);
        i128 rest = terms[k].coefficient.den;
        for (int j = 0; j < factor_count; ++j) {
            const i128 g = gcd128(factors[j], rest);
            rest /= g;
            t.multiply(static_cast<std::uint64_t>(factors[j] / g), r.overflow);
        }
        for (int i = 0; i < dim_count; ++i)
            for (int e = 0; e < terms[k].exponent(i) + deepest[i]; ++e)
                t.multiply(static_cast<std::uint64_t>(sizes[i]), r.overflow);
        r.numerator.add(t, r.overflow);
    }
    return r;
}

/// |a| / |b| when it is below 2^64 (`fits`), with whether it divides exactly.
struct wide_quotient {
    u128 value = 0;
    bool fits = false;
    bool exact = false;
};
constexpr wide_quotient divide_small(const wide& a, const wide& b) {
    wide_quotient q;
    wide remainder = a;
    remainder.negative = false;
    bool overflow = false;
    for (int bit = 63; bit >= 0; --bit) {
        wide step = b;
        step.negative = false;
        bool past = false;
        step.multiply(std::uint64_t{1} << bit, past);
        if (past || wide::compare_magnitude(step, remainder) > 0) continue;
        step.negative = true;
        remainder.add(step, overflow);
        q.value |= u128{1} << bit;
    }
    wide b_magnitude = b;
    b_magnitude.negative = false;
    q.fits = wide::compare_magnitude(remainder, b_magnitude) < 0;
    q.exact = remainder.is_zero();
    return q;
}

/// gcd(|a|, |b|), binary (halving and subtracting only).
constexpr wide wide_gcd(wide a, wide b) {
    a.negative = b.negative = false;
    if (a.is_zero()) return b;
    if (b.is_zero()) return a;
    int shift = 0;
    while (a.is_even() && b.is_even()) {
        a.halve();
        b.halve();
        ++shift;
    }
    bool overflow = false;
    while (!b.is_zero()) {
        while (a.is_even()) a.halve();
        while (b.is_even()) b.halve();
        if (wide::compare_magnitude(a, b) > 0) {
            const wide t = a;
            a = b;
            b = t;
        }
        wide minus_a = a;
        minus_a.negative = true;
        b.add(minus_a, overflow);  // b − a >= 0
        b.negative = false;
    }
    for (int i = 0; i < shift; ++i) a.multiply(2, overflow);
    return a;
}

/// The value as an integer of 64 bits: `integral` false when it is not an integer,
/// `overflow` when it does not fit or an intermediate passes 4096 bits.
struct wide_result {
    i128 value = 0;
    bool integral = true;
    bool overflow = false;
};

template <typename Terms>
constexpr wide_result wide_integer_value(const Terms& terms, int term_count, int dim_count, const i64* sizes) {
    wide_result r;
    const wide_fraction f = wide_value(terms, term_count, dim_count, sizes);
    r.overflow = f.overflow;
    if (r.overflow) return r;
    const wide_quotient q = divide_small(f.numerator, f.common);
    if (!q.fits) {  // the value needs more than 64 bits
        r.overflow = true;
        return r;
    }
    r.integral = q.exact;
    r.value = f.numerator.negative ? -static_cast<i128>(q.value) : static_cast<i128>(q.value);
    return r;
}

/// The value as a reduced fraction num/den, each below 2^64 in magnitude (`overflow` otherwise).
struct wide_rational {
    i128 num = 0;
    i128 den = 1;
    bool overflow = false;
};

template <typename Terms>
constexpr wide_rational wide_rational_value(const Terms& terms, int term_count, int dim_count, const i64* sizes) {
    wide_rational r;
    const wide_fraction f = wide_value(terms, term_count, dim_count, sizes);
    r.overflow = f.overflow;
    if (r.overflow) return r;
    if (f.numerator.is_zero()) return r;
    const wide g = wide_gcd(f.numerator, f.common);
    const wide_quotient num = divide_small(f.numerator, g), den = divide_small(f.common, g);
    if (!num.fits || !den.fits) {
        r.overflow = true;
        return r;
    }
    r.num = f.numerator.negative ? -static_cast<i128>(num.value) : static_cast<i128>(num.value);
    r.den = static_cast<i128>(den.value);
    return r;
}

}  // namespace ordo::detail
