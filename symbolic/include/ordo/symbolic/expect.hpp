#pragma once
/// \file
/// Checking forms of static assertions, whose failures print the values compared.
///
/// `static_assert(theta(f) == theta(g))` fails with "static assertion failed" and nothing
/// else: neither class is shown. The forms below take the polynomials as template arguments,
/// so a failure can put them in the diagnostic's text, as the shape diagnostics do:
///
///     static_assert(ordo::expect_theta<flops_g, b * n * d * d + b * n * n * d>());
///     static_assert(ordo::expect_theta<flops_g, b * n * d * d, ordo::assume(n << d)>());
///     static_assert(ordo::expect_value<d / h, ordo::bind(d = 128, h = 4), 32>());
///
/// E030: "expect_theta: expected Theta(b*n*d^2 + b*n^2*d), got Theta(b*n*d^2)".
/// E031: "expect_value: d/h at d = 128, h = 4 is 32, expected 31".
/// E007: "expect_value: dimension h is not bound ..." — unlike eval, which runs inside a
/// constant evaluation where no compiler can print a computed name, expect_value knows
/// the polynomial and its sizes as template arguments, so its E007 names the dimension.

#include <ordo/symbolic/asymptotic.hpp>
#include <ordo/symbolic/detail/raise.hpp>
#include <ordo/symbolic/detail/write_polynomial.hpp>
#include <ordo/symbolic/eval.hpp>

namespace ordo {

namespace diagnostic {
template <typename Message>
struct E030_theta_classes_differ {
    static_assert(sizeof(Message) == 0,
                  "[ordo:E030] expect_theta: the Theta-classes differ (spelled out in the instantiation "
                  "line). See docs/troubleshooting.md#e030");
};
template <typename Message>
struct E031_value_differs {
    static_assert(sizeof(Message) == 0,
                  "[ordo:E031] expect_value: the value differs from the expected one (spelled out in the instantiation "
                  "line). See docs/troubleshooting.md#e031");
};
template <typename Message>
struct E007_dimension_is_not_bound {
    static_assert(sizeof(Message) == 0,
                  "[ordo:E007] expect_value: a dimension of the polynomial is not bound (spelled out in the instantiation "
                  "line). See docs/troubleshooting.md#e007");
};
}  // namespace diagnostic

namespace detail {
constexpr void write_sizes(text_buffer& t, const polynomial& p, const bindings& at) {
    for (int i = 0; i < p.dim_count; ++i) {
        if (i) t << ", ";
        t << unpack_name(p.dims[i]).view() << " = " << static_cast<long long>(at.size_of(p.dims[i]));
    }
}

template <auto F, auto A>
inline constexpr polynomial theta_of = theta(polynomial(F), assumptions(A));

/// Slot of the first dimension of p that `at` leaves unbound, or -1.
constexpr int first_unbound(const polynomial& p, const bindings& at) {
    for (int i = 0; i < p.dim_count; ++i)
        if (at.size_of(p.dims[i]) == 0) return i;
    return -1;
}
}  // namespace detail

/// True when Θ(F) = Θ(G) under A; otherwise a compile error, E030, with both classes.
/// F, G: polynomials, or what converts to one (dimensions, `d / h`); A: ordo::assume(...).
template <auto F, auto G, auto A = assumptions{}>
constexpr bool expect_theta() {
    if constexpr (!(detail::theta_of<F, A> == detail::theta_of<G, A>)) {
        ::ordo::diagnostic::raise<diagnostic::E030_theta_classes_differ>(([] {
                                  detail::text_buffer t;
                                  t << "expect_theta: expected Theta(";
                                  detail::write_polynomial(t, detail::theta_of<G, A>);
                                  t << "), got Theta(";
                                  detail::write_polynomial(t, detail::theta_of<F, A>);
                                  t << ')';
                                  if (assumptions(A).count > 0)
                                      t << " under " << assumptions(A).count << " assumption(s)";
                                  return t;
                              }));
    }
    return true;  // a failure is the error above; `false` would add "static assertion failed"
}

/// True when P at `At` is exactly Expected (an integer or an ordo::rational); otherwise
/// E031 with the value and the sizes, or E007 naming a dimension `At` does not bind.
template <auto P, auto At, auto Expected>
constexpr bool expect_value() {
    constexpr int unbound = detail::first_unbound(polynomial(P), bindings(At));
    if constexpr (unbound >= 0) {
        ::ordo::diagnostic::raise<diagnostic::E007_dimension_is_not_bound>(([] {
                                  detail::text_buffer t;
                                  const polynomial p = polynomial(P);
                                  const auto name = detail::unpack_name(p.dims[detail::first_unbound(p, bindings(At))]);
                                  t << "expect_value: dimension " << name.view() << " of ";
                                  detail::write_polynomial(t, p);
                                  t << " is not bound; bind it, e.g. ordo::bind(..., " << name.view() << " = 64)";
                                  return t;
                              }));
    } else {
        if constexpr (!(eval_exact(polynomial(P), bindings(At)) == rational(Expected))) {
            ::ordo::diagnostic::raise<diagnostic::E031_value_differs>(([] {
                                      detail::text_buffer t;
                                      const polynomial p = polynomial(P);
                                      t << "expect_value: ";
                                      detail::write_polynomial(t, p);
                                      t << " at ";
                                      detail::write_sizes(t, p, bindings(At));
                                      t << " is ";
                                      detail::write_rational(t, eval_exact(p, bindings(At)));
                                      t << ", expected ";
                                      detail::write_rational(t, rational(Expected));
                                      return t;
                                  }));
        }
    }
    return true;  // a failure is the error above
}

}  // namespace ordo
