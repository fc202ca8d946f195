#pragma once
// Exponent vectors packed into one 128-bit integer: 16 signed 8-bit fields, field i in byte
// (15 - i), each biased by 128. Integer order on the packed value is then lexicographic
// order on the vector (dimension slot 0 first), so comparing two monomials is one integer
// comparison: the "packed exponents" representation measured fastest in constant evaluation.

#include <ordo/symbolic/detail/integers.hpp>

namespace ordo::detail {

inline constexpr int exponent_slots = 16;

inline constexpr u128 zero_exponents = [] {
    u128 v = 0;
    for (int i = 0; i < exponent_slots; ++i) v = (v << 8) | 0x80;
    return v;
}();

constexpr int exponent_at(u128 packed, int slot) {
    return static_cast<int>((packed >> (8 * (exponent_slots - 1 - slot))) & 0xFF) - 128;
}

constexpr u128 with_exponent(u128 packed, int slot, int e, const char* where) {
    if (e < -127 || e > 127)
        diagnostic::E002_exponent_overflow_exponents_are_limited_to_plus_minus_127(where);
    const int shift = 8 * (exponent_slots - 1 - slot);
    packed &= ~(u128{0xFF} << shift);
    packed |= static_cast<u128>(e + 128) << shift;
    return packed;
}

/// Sum (or difference) of two exponent vectors over the first `slots` slots.
constexpr u128 add_exponents(u128 a, u128 b, int slots, int sign_b, const char* where) {
    u128 out = zero_exponents;
    for (int i = 0; i < slots; ++i)
        out = with_exponent(out, i, exponent_at(a, i) + sign_b * exponent_at(b, i), where);
    return out;
}

}  // namespace ordo::detail
