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

#include <ordo/symbolic/fixed_string.hpp>
#include <ordo/symbolic/polynomial.hpp>

#include <concepts>

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

    constexpr symbol() : polynomial(polynomial::dimension(detail::pack_name(Name.view()))) {}

    /// `b = 2`: bind this dimension to a size (>= 1, else E010).
    template <std::integral T>
    constexpr binding operator=(T size) const {  // NOLINT: deliberately returns a binding
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

/// p with the dimension `x` replaced by the polynomial `r` (a negative power of `x` needs a
/// monomial `r`, E006).
template <fixed_string Name>
constexpr polynomial substitute(const polynomial& p, const symbol<Name>&, const polynomial& r) {
    const int slot = p.slot_of(detail::pack_name(Name.view()));
    if (slot < 0) return p;
    polynomial out;
    for (int k = 0; k < p.term_count; ++k) {
        out += detail::term_without(p, k, slot) * pow(r, p.terms[k].exponent(slot));
    }
    return out;
}

}  // namespace ordo
