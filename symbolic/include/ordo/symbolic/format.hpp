#pragma once
/// \file
/// Printing polynomials: Unicode (`8·b·d²·n + 4·b·d·n²`), LaTeX (`8 b d^{2} n + 4 b d n^{2}`)
/// and plain ASCII (`8*b*d^2*n + 4*b*d*n^2`). Terms appear in canonical order (highest total
/// degree first); within a term, dimensions appear in name order unless `order` lists names
/// to put first ("b n m d h k" gives the literature's b·n·d²). Negative powers go to a
/// denominator: `d/h`, `3·d/(2·h)`. Run time only (returns std::string).

#include <ordo/symbolic/polynomial.hpp>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace ordo {

enum class notation { unicode, latex, ascii };

namespace detail {

inline std::string superscript(int e) {
    static constexpr std::string_view digits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string out = e < 0 ? "⁻" : "";
    const std::string plain = std::to_string(e < 0 ? -e : e);
    for (char c : plain) out += digits[c - '0'];
    return out;
}

inline std::vector<int> print_order(const polynomial& p, std::string_view order) {
    std::vector<int> slots;
    std::vector<bool> placed(static_cast<std::size_t>(p.dim_count), false);
    while (!order.empty()) {
        const auto space = order.find(' ');
        const std::string_view name = order.substr(0, space);
        order = space == std::string_view::npos ? std::string_view{} : order.substr(space + 1);
        if (name.empty() || !is_valid_name(name)) continue;
        const int slot = p.slot_of(pack_name(name));
        if (slot >= 0 && !placed[static_cast<std::size_t>(slot)]) {
            slots.push_back(slot);
            placed[static_cast<std::size_t>(slot)] = true;
        }
    }
    for (int i = 0; i < p.dim_count; ++i)
        if (!placed[static_cast<std::size_t>(i)]) slots.push_back(i);
    return slots;
}

// Appends instead of "(" + s + ")": g++ 12 -O3 warns falsely (-Wrestrict) on the latter.
inline void wrap_in_parentheses(std::string& s) {
    std::string wrapped;
    wrapped.reserve(s.size() + 2);
    wrapped += '(';
    wrapped += s;
    wrapped += ')';
    s = std::move(wrapped);
}

/// "a·b²" (or LaTeX / ASCII) for the powers of one sign in a term; empty when none.
inline std::string power_product(const polynomial& p, const term& t, const std::vector<int>& slots,
                                 int sign, notation how) {
    std::string out;
    int factors = 0;
    for (int slot : slots) {
        int e = t.exponent(slot) * sign;
        if (e <= 0) continue;
        if (factors++ > 0) out += how == notation::unicode ? "·" : how == notation::latex ? " " : "*";
        out += unpack_name(p.dims[slot]).view();
        if (e == 1) continue;
        if (how == notation::unicode) out += superscript(e);
        else if (how == notation::latex) out.append("^{").append(std::to_string(e)).append("}");
        else out.append("^").append(std::to_string(e));
    }
    return out;
}

}  // namespace detail

/// p as text (see the file comment).
inline std::string to_string(const polynomial& p, notation how = notation::unicode,
                             std::string_view order = {}) {
    if (p.is_zero()) return "0";
    const std::vector<int> slots = detail::print_order(p, order);
    const std::string times = how == notation::unicode ? "·" : how == notation::latex ? " " : "*";
    std::string out;
    for (int k = 0; k < p.term_count; ++k) {
        const term& t = p.terms[k];
        const bool negative = t.coefficient.num < 0;
        if (k == 0) out += negative ? (how == notation::unicode ? "−" : "-") : "";
        else out += negative ? (how == notation::unicode ? " − " : " - ") : " + ";
        // the magnitude, computed unsigned so that INT64_MIN prints correctly
        const unsigned long long num = negative ? 0ULL - static_cast<unsigned long long>(t.coefficient.num)
                                                : static_cast<unsigned long long>(t.coefficient.num);
        std::string top = detail::power_product(p, t, slots, 1, how);
        std::string bottom = detail::power_product(p, t, slots, -1, how);
        if (num != 1 || top.empty()) {
            std::string scaled = std::to_string(num);
            if (!top.empty()) scaled.append(times).append(top);
            top = std::move(scaled);
        }
        if (t.coefficient.den != 1) {
            std::string scaled = std::to_string(t.coefficient.den);
            if (!bottom.empty()) scaled.append(times).append(bottom);
            bottom = std::move(scaled);
        }
        const bool compound = bottom.find(times) != std::string::npos && how != notation::latex;  // 2·h·k
        if (bottom.empty()) {
            out += top;
        } else if (how == notation::latex) {
            out.append("\\frac{").append(top).append("}{").append(bottom).append("}");
        } else {
            if (compound) detail::wrap_in_parentheses(bottom);
            out.append(top).append("/").append(bottom);
        }
    }
    return out;
}

inline std::ostream& operator<<(std::ostream& os, const polynomial& p) { return os << to_string(p); }

}  // namespace ordo
