#pragma once
// ordo::fixed_string: a string literal usable as a template argument (C++20 class-type
// non-type template parameter), so names live in types: ordo::dim<"b">, input<"x", float>.

#include <cstddef>
#include <string_view>

namespace ordo {

template <std::size_t N>
struct fixed_string {
    char value[N]{};  // includes the terminating '\0'

    constexpr fixed_string() = default;
    constexpr fixed_string(const char (&text)[N]) {  // NOLINT: implicit from a literal by design
        for (std::size_t i = 0; i < N; ++i) value[i] = text[i];
    }
    [[nodiscard]] constexpr std::size_t size() const { return N - 1; }
    [[nodiscard]] constexpr std::string_view view() const { return {value, N - 1}; }
    constexpr operator std::string_view() const { return view(); }  // NOLINT

    template <std::size_t M>
    friend constexpr bool operator==(const fixed_string& a, const fixed_string<M>& b) {
        return a.view() == b.view();
    }
};

/// `A` followed by `B`, as one name: `joined<"first_", "wq">` is "first_wq" (names of one
/// layer's weights built from a prefix).
template <fixed_string A, fixed_string B>
inline constexpr auto joined = [] {
    fixed_string<A.size() + B.size() + 1> out;
    for (std::size_t i = 0; i < A.size(); ++i) out.value[i] = A.value[i];
    for (std::size_t i = 0; i < B.size(); ++i) out.value[A.size() + i] = B.value[i];
    return out;
}();

}  // namespace ordo
