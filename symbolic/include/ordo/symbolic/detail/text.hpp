#pragma once
// Text built during constant evaluation, for diagnostics whose message depends on shapes.
//
// g++ prints a class-type template argument holding a char array as a string literal, so a
// message built here and passed as a template argument (detail::text<N>) appears verbatim in
// the first lines of the error: `In instantiation of 'ordo::E102<text<..>{"einsum ..."}>'`.

#include <cstddef>
#include <string_view>

namespace ordo::detail {

inline constexpr std::size_t text_capacity = 240;

/// A growable constexpr string of bounded capacity (truncates past it).
struct text_buffer {
    char data[text_capacity]{};
    std::size_t length = 0;

    constexpr text_buffer& operator<<(std::string_view s) {
        for (char c : s)
            if (length + 1 < text_capacity) data[length++] = c;
        return *this;
    }
    constexpr text_buffer& operator<<(char c) { return *this << std::string_view(&c, 1); }
    constexpr text_buffer& operator<<(long long v) {
        char digits[24]{};
        int n = 0;
        const bool negative = v < 0;
        unsigned long long u = negative ? 0ULL - static_cast<unsigned long long>(v)
                                        : static_cast<unsigned long long>(v);
        do {
            digits[n++] = static_cast<char>('0' + u % 10);
            u /= 10;
        } while (u != 0);
        if (negative) *this << '-';
        while (n > 0) *this << digits[--n];
        return *this;
    }
    constexpr text_buffer& operator<<(int v) { return *this << static_cast<long long>(v); }
    [[nodiscard]] constexpr std::string_view view() const { return {data, length}; }
};

/// Exactly-sized text, usable as a template argument (so compilers print it).
template <std::size_t N>
struct text {
    char value[N]{};
};

template <std::size_t N>
constexpr text<N + 1> shrink(const text_buffer& b) {
    text<N + 1> t;
    for (std::size_t i = 0; i < N; ++i) t.value[i] = b.data[i];
    return t;
}

}  // namespace ordo::detail
