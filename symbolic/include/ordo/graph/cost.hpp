#pragma once
/// \file
/// ordo::cost<Unit>: a cost polynomial (or, for peaks, a piecewise_max of polynomials) tagged with
/// its unit — FLOPs, bytes or elements — through Boost.Units, so FLOPs never add to bytes
/// (E201), plus the facts of the graph it came from (d/h >= 1 gives h <= d), which every
/// asymptotic question about it uses without the user restating them.
///
///     static_assert(ordo::flops(g) == 8 * b * n * d * d + ...);       // compare with a polynomial
///     static_assert(ordo::theta(ordo::flops(g), ordo::assume(n << d)) == ordo::theta(b * n * d * d));
///     constexpr auto intensity = ordo::ratio(ordo::flops(g), ordo::bytes_moved(g));  // FLOP/B

#include <ordo/graph/piecewise_max.hpp>

#include <boost/units/base_dimension.hpp>
#include <boost/units/base_unit.hpp>
#include <boost/units/derived_dimension.hpp>
#include <boost/units/make_system.hpp>
#include <boost/units/quantity.hpp>
#include <boost/units/unit.hpp>

#include <ostream>
#include <string>
#include <string_view>

namespace ordo {

namespace units {
// Base dimensions and units of ordo's unit system (ordinals chosen clear of Boost's own).
struct flop_dimension : boost::units::base_dimension<flop_dimension, 30101> {};
struct byte_dimension : boost::units::base_dimension<byte_dimension, 30102> {};
struct element_dimension : boost::units::base_dimension<element_dimension, 30103> {};
struct flop_base_unit : boost::units::base_unit<flop_base_unit, flop_dimension::dimension_type, 30101> {
    static constexpr const char* name() { return "FLOP"; }
    static constexpr const char* symbol() { return "FLOP"; }
};
struct byte_base_unit : boost::units::base_unit<byte_base_unit, byte_dimension::dimension_type, 30102> {
    static constexpr const char* name() { return "byte"; }
    static constexpr const char* symbol() { return "B"; }
};
struct element_base_unit : boost::units::base_unit<element_base_unit, element_dimension::dimension_type, 30103> {
    static constexpr const char* name() { return "element"; }
    static constexpr const char* symbol() { return "elem"; }
};
using system = boost::units::make_system<flop_base_unit, byte_base_unit, element_base_unit>::type;
using flops = boost::units::unit<flop_dimension::dimension_type, system>;
using bytes = boost::units::unit<byte_dimension::dimension_type, system>;
using elements = boost::units::unit<element_dimension::dimension_type, system>;
}  // namespace units

namespace detail {
constexpr assumptions merged(const assumptions& a, const assumptions& b) {
    assumptions out = a;
    for (int k = 0; k < b.count; ++k) {
        bool known = false;
        for (int j = 0; j < out.count && !known; ++j)
            known = out.items[j].kind == b.items[k].kind && out.items[j].ratio == b.items[k].ratio;
        if (!known && out.count == max_assumptions)
            diagnostic::E017_too_many_assumptions("a cost's question: the graph's facts and the assumptions together");
        if (!known) out.add(b.items[k]);
    }
    return out;
}
}  // namespace detail

/// A cost in `Unit` (units::flops, units::bytes, units::elements, or a ratio of them).
template <typename Unit>
class cost {
public:
    using unit = Unit;
    constexpr cost() = default;
    constexpr cost(const piecewise_max& value, const assumptions& facts)
        : quantity_(boost::units::quantity<Unit, piecewise_max>::from_value(value)), facts_(facts) {}

    /// The value (a polynomial unless this is a peak over incomparable program points).
    [[nodiscard]] constexpr const piecewise_max& value() const { return quantity_.value(); }
    /// The value as one polynomial (for a peak with several candidates: their sum, Θ-equal).
    [[nodiscard]] constexpr polynomial polynomial_value() const {
        return value().is_polynomial() ? value().candidates[0] : value().sum();
    }
    /// Facts implied by the graph's extents.
    [[nodiscard]] constexpr const assumptions& facts() const { return facts_; }

    friend constexpr bool operator==(const cost& a, const polynomial& p) { return a.value() == p; }
    friend constexpr bool operator==(const cost& a, const cost& b) { return a.value() == b.value(); }

    template <typename U2>
    friend constexpr cost operator+(const cost& a, const cost<U2>& b) {
        static_assert(std::is_same_v<Unit, U2>,
                      "[ordo:E201] costs of different units do not add (FLOPs never add to bytes). "
                      "See docs/troubleshooting.md#e201");
        return cost(a.value() + b.value(), detail::merged(a.facts(), b.facts()));
    }
    /// The difference of two costs that are polynomials (a peak over incomparable program
    /// points is a maximum, and a difference of maxima is none: E033).
    template <typename U2>
    friend constexpr cost operator-(const cost& a, const cost<U2>& b) {
        static_assert(std::is_same_v<Unit, U2>,
                      "[ordo:E201] costs of different units do not subtract (FLOPs never add to bytes). "
                      "See docs/troubleshooting.md#e201");
        if (!a.value().is_polynomial() || !b.value().is_polynomial())
            diagnostic::E033_difference_of_costs_that_are_peaks();
        return cost(a.polynomial_value() - b.polynomial_value(), detail::merged(a.facts(), b.facts()));
    }
    /// Scaling by a count (e.g. layers, tokens).
    friend constexpr cost operator*(const cost& a, const polynomial& f) {
        return cost(a.value() * f, a.facts());
    }
    friend constexpr cost operator*(const polynomial& f, const cost& a) { return a * f; }

private:
    boost::units::quantity<Unit, piecewise_max> quantity_;
    assumptions facts_;
};

/// The unit's symbol: "FLOP", "B", "elem", "FLOP/B".
template <typename Unit>
std::string unit_symbol() {
    if constexpr (std::is_same_v<Unit, units::flops>) return "FLOP";
    else if constexpr (std::is_same_v<Unit, units::bytes>) return "B";
    else if constexpr (std::is_same_v<Unit, units::elements>) return "elem";
    else if constexpr (std::is_same_v<Unit, typename boost::units::divide_typeof_helper<units::flops, units::bytes>::type>) return "FLOP/B";
    else if constexpr (std::is_same_v<Unit, typename boost::units::divide_typeof_helper<units::bytes, units::flops>::type>) return "B/FLOP";
    else return "1";
}

/// A cost as text with its unit: `2·n·d² FLOP`; a peak over incomparable program points as
/// `max(…, …) B`. (ordo's, not Boost.Units' to_string, which ADL also finds and which has no
/// definition for a cost.)
template <typename U>
std::string to_string(const cost<U>& c, notation how = notation::unicode, std::string_view order = {}) {
    std::string s;
    if (c.value().is_polynomial()) {
        s = to_string(c.value().candidates[0], how, order);
    } else {
        s = "max(";
        for (int k = 0; k < c.value().count; ++k) s += (k ? ", " : "") + to_string(c.value().candidates[k], how, order);
        s += ")";
    }
    return s + " " + unit_symbol<U>();
}
template <typename U>
std::ostream& operator<<(std::ostream& os, const cost<U>& c) {
    return os << to_string(c);
}

/// Θ-class of a cost, under the graph's facts and `a`.
template <typename U>
constexpr cost<U> theta(const cost<U>& c, const assumptions& a = {}) {
    const assumptions all = detail::merged(c.facts(), a);
    return cost<U>(theta(c.polynomial_value(), all), c.facts());
}
/// The coefficient of monomial `m` in a cost (`coefficient(flops(g), b * n * d * d) == 8`).
template <typename U>
constexpr rational coefficient(const cost<U>& c, const polynomial& m) {
    return coefficient(c.polynomial_value(), m);
}
/// The cost's value at `at` (E007, E008, E009 as for a polynomial), after the graph's facts:
/// sizes that make one of its extents below 1 (d/h with h > d, top_k's k > E) are E029, as
/// the runtime refuses them, not a number for a graph that cannot exist.
template <typename U>
constexpr std::int64_t eval(const cost<U>& c, const bindings& at) {
    for (int k = 0; k < c.facts().count; ++k) {
        const relation& fact = c.facts().items[k];
        if (fact.kind == relation_kind::constant) continue;
        bool bound = true;
        for (int i = 0; i < fact.ratio.dim_count; ++i) bound &= at.size_of(fact.ratio.dims[i]) != 0;
        if (!bound) continue;  // sizes for another question; eval names what it needs
        const rational r = eval_exact(fact.ratio, at);
        if (r.num < r.den) diagnostic::E029_sizes_make_an_extent_of_the_graph_below_1("a fact of the graph (rhs/lhs of lhs <= rhs)");
    }
    return eval(c.value(), at);
}
namespace detail {
/// The polynomial of a comparison's other side: a cost (its facts join) or a polynomial.
template <typename G>
constexpr polynomial side_of(const G& g) {
    if constexpr (requires { g.polynomial_value(); }) return g.polynomial_value();
    else return polynomial(g);
}
template <typename G>
constexpr assumptions facts_of(const G& g) {
    if constexpr (requires { g.facts(); }) return g.facts();
    else return assumptions{};
}
}  // namespace detail

template <typename U, typename G>
constexpr bool is_big_o(const cost<U>& f, const G& g, const assumptions& a = {}) {
    return is_big_o(f.polynomial_value(), detail::side_of(g), detail::merged(detail::merged(f.facts(), detail::facts_of(g)), a));
}
template <typename U, typename G>
constexpr bool is_little_o(const cost<U>& f, const G& g, const assumptions& a = {}) {
    return is_little_o(f.polynomial_value(), detail::side_of(g), detail::merged(detail::merged(f.facts(), detail::facts_of(g)), a));
}
template <typename U, typename G>
constexpr bool is_big_omega(const cost<U>& f, const G& g, const assumptions& a = {}) {
    return is_big_omega(f.polynomial_value(), detail::side_of(g), detail::merged(detail::merged(f.facts(), detail::facts_of(g)), a));
}
template <typename U, typename G>
constexpr bool is_theta(const cost<U>& f, const G& g, const assumptions& a = {}) {
    return is_theta(f.polynomial_value(), detail::side_of(g), detail::merged(detail::merged(f.facts(), detail::facts_of(g)), a));
}

/// Θ(a / b) as a Laurent polynomial when Θ(b) is one monomial (the MQA paper's ratio column);
/// E023 otherwise. The unit is the ratio of the units (FLOP/B).
template <typename U1, typename U2>
constexpr auto ratio(const cost<U1>& a, const cost<U2>& b, const assumptions& extra = {}) {
    using unit = typename boost::units::divide_typeof_helper<U1, U2>::type;
    const assumptions all = detail::merged(detail::merged(a.facts(), b.facts()), extra);
    const polynomial denominator = theta(b.polynomial_value(), all);
    if (!denominator.is_monomial())
        diagnostic::E023_ratio_needs_a_denominator_whose_theta_is_one_monomial("ordo::ratio");
    return cost<unit>(theta(a.polynomial_value(), all) / denominator, all);
}

}  // namespace ordo
