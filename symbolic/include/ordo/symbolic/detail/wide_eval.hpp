#pragma once
// Exact evaluation when 128-bit intermediates do not suffice: x³ − y³ at x = y = 2^43 is 0,
// n³/d³ at n = d = 2^43 is 1, though their terms pass 128 bits. Every term is brought over one
// common denominator C = lcm(coefficient denominators) · Π size_i^(largest negative exponent
// of i), so no step divides: N = Σ term_k · C/den_k is built from multiplications by 64-bit
// factors and additions of `wide` integers (`wide_limbs` 32-bit limbs, 4096 bits). The value
// N/C is then found bit by bit when it fits 64 bits. Past 4096 bits the evaluation reports
// overflow (E009), never a wrapped value.

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

/// The exact value num/den of a polynomial given, per term, its coefficient and its exponents
/// over `sizes` (all >= 1): `fits` is false when the value is not an integer of 64 bits or an
/// intermediate passes 4096 bits (`overflow`).
struct wide_result {
    i128 value = 0;
    bool integral = true;
    bool overflow = false;
};

template <typename Terms>
constexpr wide_result wide_integer_value(const Terms& terms, int term_count, int dim_count, const i64* sizes) {
    wide_result r;
    // C = lcm of the coefficient denominators × Π size_i^(deepest negative exponent of i)
    i128 coefficient_lcm = 1;
    int deepest[32]{};
    for (int k = 0; k < term_count; ++k) {
        const i128 den = terms[k].coefficient.den;
        coefficient_lcm = mul128_or_flag(coefficient_lcm / gcd128(coefficient_lcm, den), den, r.overflow);
        for (int i = 0; i < dim_count; ++i)
            if (-terms[k].exponent(i) > deepest[i]) deepest[i] = -terms[k].exponent(i);
    }
    if (r.overflow) return r;
    wide common = wide::of(coefficient_lcm);
    for (int i = 0; i < dim_count; ++i)
        for (int e = 0; e < deepest[i]; ++e) common.multiply(static_cast<std::uint64_t>(sizes[i]), r.overflow);
    wide total;
    for (int k = 0; k < term_count && !r.overflow; ++k) {
        // term · C = num · (lcm/den) · Π size_i^(exponent_i + deepest_i)
        wide t = wide::of(terms[k].coefficient.num);
        t.multiply(static_cast<std::uint64_t>(coefficient_lcm / terms[k].coefficient.den), r.overflow);
        for (int i = 0; i < dim_count; ++i)
            for (int e = 0; e < terms[k].exponent(i) + deepest[i]; ++e)
                t.multiply(static_cast<std::uint64_t>(sizes[i]), r.overflow);
        total.add(t, r.overflow);
    }
    if (r.overflow) return r;
    // |value| = |total| / C: its bits from the top, while it stays below 2^63 + 1
    u128 quotient = 0;
    wide remainder = total;
    remainder.negative = false;
    for (int bit = 63; bit >= 0; --bit) {
        wide step = common;
        bool past = false;
        step.multiply(std::uint64_t{1} << bit, past);
        if (past || wide::compare_magnitude(step, remainder) > 0) continue;
        step.negative = true;
        remainder.add(step, r.overflow);
        quotient |= u128{1} << bit;
    }
    if (wide::compare_magnitude(remainder, common) >= 0) {  // the value needs more than 64 bits
        r.overflow = true;
        return r;
    }
    r.integral = remainder.is_zero();
    r.value = total.negative ? -static_cast<i128>(quotient) : static_cast<i128>(quotient);
    return r;
}

}  // namespace ordo::detail
