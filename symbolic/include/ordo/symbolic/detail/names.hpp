#pragma once
// Dimension names packed into one 128-bit integer (up to 15 characters, first character in
// the most significant byte), so that comparing two packed names compares the names
// lexicographically and a polynomial's name table stays small in constant evaluation.

#include <ordo/symbolic/detail/integers.hpp>

#include <cstddef>
#include <string_view>

namespace ordo::detail {

inline constexpr std::size_t max_name_length = 15;

constexpr bool is_valid_name(std::string_view name) {
    if (name.empty() || name.size() > max_name_length) return false;
    const char first = name[0];
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_'))
        return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return false;
    return true;
}

constexpr u128 pack_name(std::string_view name) {
    u128 packed = 0;
    for (std::size_t i = 0; i < max_name_length + 1; ++i) {
        packed <<= 8;
        if (i < name.size()) packed |= static_cast<unsigned char>(name[i]);
    }
    return packed;
}

/// The characters of a packed name, '\0'-terminated.
struct unpacked_name {
    char text[max_name_length + 1]{};
    std::size_t length = 0;
    [[nodiscard]] constexpr std::string_view view() const { return {text, length}; }
};

constexpr unpacked_name unpack_name(u128 packed) {
    unpacked_name out;
    for (std::size_t i = 0; i < max_name_length + 1; ++i) {
        const auto c = static_cast<char>((packed >> (8 * (max_name_length - i))) & 0xFF);
        if (c == '\0') break;
        out.text[i] = c;
        out.length = i + 1;
    }
    return out;
}

}  // namespace ordo::detail
