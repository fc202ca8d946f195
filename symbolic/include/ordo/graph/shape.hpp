#pragma once
/// \file
/// Shapes: up to `max_rank` extents, a structural value (so a tensor's shape is part of its
/// type) that also compares and prints at run time.
///
///     static_assert(ordo::output_shape(g) == ordo::shape(b, n, d));

#include <ordo/symbolic/dim.hpp>
#include <ordo/symbolic/format.hpp>

#include <string>

namespace ordo {

inline constexpr int max_rank = 6;

struct shape_value {
    int rank = 0;
    extent extents[max_rank]{};

    friend constexpr bool operator==(const shape_value& a, const shape_value& b) {
        if (a.rank != b.rank) return false;
        for (int i = 0; i < a.rank; ++i)
            if (!(a.extents[i] == b.extents[i])) return false;
        return true;
    }
    [[nodiscard]] constexpr const extent& operator[](int axis) const { return extents[axis]; }

    /// Number of elements, as a polynomial.
    [[nodiscard]] constexpr polynomial volume() const { return volume_times(extent{}); }
    /// Number of elements times a further extent (one monomial, built once).
    [[nodiscard]] constexpr polynomial volume_times(const extent& factor) const {
        detail::monomial_product m;
        for (int i = 0; i < rank; ++i) m *= extents[i];
        m *= factor;
        return m.to_polynomial();
    }
    /// This shape with `axis` removed.
    [[nodiscard]] constexpr shape_value without(int axis) const {
        shape_value s;
        for (int i = 0; i < rank; ++i)
            if (i != axis) s.extents[s.rank++] = extents[i];
        return s;
    }
    /// This shape with `e` inserted before position `axis`.
    [[nodiscard]] constexpr shape_value inserted(int axis, const extent& e) const {
        shape_value s;
        for (int i = 0; i <= rank; ++i) {
            if (i == axis) s.extents[s.rank++] = e;
            if (i < rank) s.extents[s.rank++] = extents[i];
        }
        return s;
    }
    [[nodiscard]] constexpr shape_value with(int axis, const extent& e) const {
        shape_value s = *this;
        s.extents[axis] = e;
        return s;
    }
};

/// A shape from monomials, e.g. `ordo::shape(b, n, d / h)` (E011-like misuse is a
/// compile error: each argument must be a monomial with a positive coefficient).
template <std::convertible_to<polynomial>... E>
constexpr shape_value shape(const E&... e) {
    static_assert(sizeof...(E) <= max_rank, "[ordo:E107] a shape has at most ordo::max_rank (6) axes");
    shape_value s;
    auto add = [&](const polynomial& p) {
        bool ok = true;
        s.extents[s.rank++] = to_extent(p, &ok);
        if (!ok) diagnostic::E006_division_by_a_polynomial_that_is_not_a_monomial("ordo::shape");
    };
    (add(e), ...);
    return s;
}

namespace detail {
constexpr void write_shape(text_buffer& out, const shape_value& s) {
    out << '[';
    for (int i = 0; i < s.rank; ++i) {
        if (i) out << ", ";
        write_extent(out, s.extents[i]);
    }
    out << ']';
}
}  // namespace detail

/// "[b, n, d/h]".
inline std::string to_string(const shape_value& s) {
    detail::text_buffer t;
    detail::write_shape(t, s);
    return std::string(t.view());
}

}  // namespace ordo
