#pragma once
/// \file
/// Named dimensions: `ordo::dim<"b">` is a constexpr object that *is* the polynomial `b`
/// (so `8 * b * n * d` just works) and whose name is also in its type (`symbol<"b">`), so
/// graphs can carry dimensions in types.
///
///     constexpr auto b = ordo::dim<"b">;
///     constexpr auto f = 2 * b * b + b;        // a polynomial
///     constexpr auto at = ordo::bind(b = 4);   // `b = 4` binds the dimension to a size
///
/// Names: 1 to 15 characters, letters, digits and '_', not starting with a digit (E015).

#include <ordo/symbolic/extent.hpp>
#include <ordo/symbolic/fixed_string.hpp>
#include <ordo/symbolic/polynomial.hpp>

#include <concepts>
#include <utility>

namespace ordo {

/// A dimension bound to a concrete size, made by `dim = size`.
struct binding {
    detail::u128 name = 0;
    std::int64_t size = 0;
};

namespace detail {
template <fixed_string Name>
inline constexpr bool dimension_name_is_valid = is_valid_name(Name.view());
}  // namespace detail

/// The dimension named `Name`; an ordo::polynomial with one term.
template <fixed_string Name>
struct symbol : polynomial {
    static_assert(detail::dimension_name_is_valid<Name>,
                  "[ordo:E015] invalid dimension name: use 1 to 15 letters, digits or '_', not "
                  "starting with a digit. See docs/troubleshooting.md#e015");

    static constexpr fixed_string name = Name;
    /// The dimension as an extent, for shapes in types.
    static constexpr extent extent_value = detail::extent_of_dimension(detail::pack_name(Name.view()));

    constexpr symbol() : polynomial(polynomial::dimension(detail::pack_name(Name.view()))) {}

    /// `b = 2`: bind this dimension to a size (>= 1, else E010).
    template <std::integral T>
        requires(!std::same_as<T, bool> && !std::same_as<T, char>)
    [[nodiscard]] constexpr binding operator=(T size) const {  // NOLINT: returns a binding
        if (size < 1) diagnostic::E010_dimension_size_must_be_at_least_1(Name.view());
        if constexpr (sizeof(T) > sizeof(std::int64_t) || std::is_unsigned_v<T>)
            if (size > T(std::numeric_limits<std::int64_t>::max()))
                diagnostic::E009_eval_result_overflows_int64(Name.view());
        return binding{detail::pack_name(Name.view()), static_cast<std::int64_t>(size)};
    }
};

/// The dimension named `Name`, e.g. `constexpr auto d = ordo::dim<"d">;`.
template <fixed_string Name>
inline constexpr symbol<Name> dim{};

/// Satisfied by the types of `ordo::dim<...>` objects.
template <typename T>
concept Dimension = requires { T::name; } && std::derived_from<T, polynomial>;

/// Satisfied by objects whose extent is known from their type: dimensions, their products
/// and quotients (`d / h`), and integer constants `ordo::c<4>`.
template <typename T>
concept TypedExtent = std::derived_from<T, polynomial> && requires {
    { T::extent_value } -> std::convertible_to<extent>;
};

/// Any size: a typed extent or a computed polynomial (`4 * d`). The catalog's models take
/// Extents, not TypedExtents, so that `4 * d` stops at one E110 that says to write
/// `ordo::c<4> * d`, not at "no matching function" and a list of candidates.
template <typename T>
concept Extent = std::derived_from<T, polynomial>;

/// A monomial whose value is also in its type, made by `*` and `/` of typed extents.
template <extent E>
struct extent_t : polynomial {
    static constexpr extent extent_value = E;
    constexpr extent_t() : polynomial(to_polynomial(E)) {}
};

/// The integer N as a typed extent: `ordo::c<4> * d` is the extent 4·d.
template <std::int64_t N>
    requires(N >= 1)
inline constexpr extent_t<extent{N, 1, 0, {}, {}}> c{};

namespace detail {
template <extent A, extent B, int Sign>
constexpr auto typed_combination() {
    constexpr auto result = [] {
        bool ok = true;
        const extent e = combine_extents(A, B, Sign, &ok);
        return std::pair<extent, bool>{e, ok};
    }();
    if constexpr (result.second) {
        return extent_t<result.first>{};
    } else {  // too many dimensions for an extent: an ordinary polynomial
        return Sign > 0 ? polynomial(to_polynomial(A) * to_polynomial(B))
                        : polynomial(to_polynomial(A) / to_polynomial(B));
    }
}
}  // namespace detail

/// Products and quotients of typed extents keep their value in the type (`d / h`).
template <TypedExtent A, TypedExtent B>
constexpr auto operator*(const A&, const B&) {
    return detail::typed_combination<A::extent_value, B::extent_value, 1>();
}
template <TypedExtent A, TypedExtent B>
constexpr auto operator/(const A&, const B&) {
    return detail::typed_combination<A::extent_value, B::extent_value, -1>();
}

namespace detail {
/// p with the dimension whose packed name is `name` replaced by `r`.
constexpr polynomial partial_substitute(const polynomial& p, u128 name, const polynomial& r) {
    const int slot = p.slot_of(name);
    if (slot < 0) return p;
    polynomial out;
    for (int k = 0; k < p.term_count; ++k)
        out += detail::term_without(p, k, slot) * pow(r, p.terms[k].exponent(slot));
    return out;
}
}  // namespace detail

/// The highest power of dimension `x` in p (0 if p does not mention it).
template <fixed_string Name>
constexpr int degree(const polynomial& p, const symbol<Name>&) {
    const int slot = p.slot_of(detail::pack_name(Name.view()));
    int best = 0;
    for (int k = 0; k < p.term_count && slot >= 0; ++k)
        if (p.terms[k].exponent(slot) > best) best = p.terms[k].exponent(slot);
    return best;
}

/// p with the dimension `x` replaced by the polynomial `r` (a negative power of `x` needs a
/// monomial `r`, E006).
template <fixed_string Name>
constexpr polynomial substitute(const polynomial& p, const symbol<Name>&, const polynomial& r) {
    return detail::partial_substitute(p, detail::pack_name(Name.view()), r);
}

}  // namespace ordo
