#pragma once
// Fixed-width integers and overflow-checked arithmetic shared by the algebra.
//
// Every operation here either returns the exact result or reports overflow through a
// diagnostic (a compile error in constant evaluation, an exception at run time): the
// algebra never wraps around.

#include <ordo/symbolic/diagnostics.hpp>

#include <cstdint>
#include <limits>

namespace ordo::detail {

__extension__ using i128 = __int128;
__extension__ using u128 = unsigned __int128;

using i64 = std::int64_t;

inline constexpr i128 i128_max = static_cast<i128>(~u128{0} >> 1);
inline constexpr i128 i128_min = -i128_max - 1;

constexpr i128 abs128(i128 v) {
    if (v == i128_min) diagnostic::E001_coefficient_overflow_exact_arithmetic_would_wrap("abs");
    return v < 0 ? -v : v;
}

// Overflow-checked operations on 128-bit integers. Implemented by hand: clang lowers
// __builtin_mul_overflow on __int128 to a compiler-rt routine that libgcc lacks.
/// a·b, or `overflow = true` (and an unspecified value) when it does not fit.
constexpr i128 mul128_or_flag(i128 a, i128 b, bool& overflow) {
    constexpr i128 small = i128{1} << 62;  // |a|, |b| < 2^62: the product fits, skip the check
    if (a < small && a > -small && b < small && b > -small) return a * b;
    if (a == 0 || b == 0) return 0;
    const u128 ua = static_cast<u128>(a < 0 ? -(a + 1) : a) + (a < 0 ? 1 : 0);
    const u128 ub = static_cast<u128>(b < 0 ? -(b + 1) : b) + (b < 0 ? 1 : 0);
    const bool negative = (a < 0) != (b < 0);
    const u128 limit = negative ? static_cast<u128>(i128_max) + 1 : static_cast<u128>(i128_max);
    if (ua > limit / ub) {
        overflow = true;
        return 0;
    }
    const u128 product = ua * ub;
    return negative ? static_cast<i128>(~product + 1) : static_cast<i128>(product);
}

/// a + b, or `overflow = true` when it does not fit.
constexpr i128 add128_or_flag(i128 a, i128 b, bool& overflow) {
    if ((b > 0 && a > i128_max - b) || (b < 0 && a < i128_min - b)) {
        overflow = true;
        return 0;
    }
    return a + b;
}

constexpr i128 add128(i128 a, i128 b, const char* where) {
    bool overflow = false;
    const i128 r = add128_or_flag(a, b, overflow);
    if (overflow) diagnostic::E001_coefficient_overflow_exact_arithmetic_would_wrap(where);
    return r;
}

constexpr i128 sub128(i128 a, i128 b, const char* where) {
    if ((b < 0 && a > i128_max + b) || (b > 0 && a < i128_min + b))
        diagnostic::E001_coefficient_overflow_exact_arithmetic_would_wrap(where);
    return a - b;
}

constexpr i128 mul128(i128 a, i128 b, const char* where) {
    bool overflow = false;
    const i128 r = mul128_or_flag(a, b, overflow);
    if (overflow) diagnostic::E001_coefficient_overflow_exact_arithmetic_would_wrap(where);
    return r;
}

constexpr i128 gcd128(i128 a, i128 b) {
    a = abs128(a);
    b = abs128(b);
    while (b != 0) {
        const i128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

// Narrowing that refuses to lose information.
constexpr i64 to_i64(i128 v, const char* where) {
    if (v > std::numeric_limits<i64>::max() || v < std::numeric_limits<i64>::min())
        diagnostic::E001_coefficient_overflow_exact_arithmetic_would_wrap(where);
    return static_cast<i64>(v);
}

}  // namespace ordo::detail
