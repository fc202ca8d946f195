#pragma once
// The exact reference that tests/fuzz/algebra_fuzz.cpp checks ordo against.
//
// A polynomial here is a map from exponent vectors (over the fuzzer's four dimensions) to
// boost::multiprecision::cpp_rational coefficients, and a value is computed term by term in
// cpp_int. Nothing here calls ordo's arithmetic or ordo::eval: `read` only reads the terms of a
// polynomial ordo returned, and checks on the way that it is in the canonical form that
// polynomial.hpp documents (so that ordo's structural == can be trusted by the other checks).
// Boost 1.81 caveat: never divide a cpp_rational by a cpp_int (1 / cpp_int(4) is 1 there; see
// substitute_sizes); divide by a cpp_rational.

#include <ordo/symbolic.hpp>

#include <boost/multiprecision/cpp_int.hpp>

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ordo_fuzz {

namespace mp = boost::multiprecision;
using big = mp::cpp_int;
using fraction = mp::cpp_rational;

/// The dimensions the decoder draws from, in ordo's slot order (names sorted by byte).
inline constexpr int dims = 4;
inline constexpr std::array<const char*, dims> dim_names{"b", "d", "h", "n"};

using exponents = std::array<int, dims>;
using poly = std::map<exponents, fraction>;  ///< never holds a zero coefficient
using sizes = std::array<std::optional<std::int64_t>, dims>;  ///< bound sizes, by dimension

inline const big int64_min = big(std::numeric_limits<std::int64_t>::min());
inline const big int64_max = big(std::numeric_limits<std::int64_t>::max());

inline bool fits_int64(const big& v) { return v >= int64_min && v <= int64_max; }
/// An ordo::rational holds it: reduced numerator and denominator of 64 bits.
inline bool fits_coefficient(const fraction& c) {
    return fits_int64(mp::numerator(c)) && mp::denominator(c) <= int64_max;
}
inline int degree_of(const exponents& e) { return e[0] + e[1] + e[2] + e[3]; }
inline bool exponent_ok(int e) { return e >= -127 && e <= 127; }

inline void accumulate(poly& p, const exponents& e, const fraction& c) {
    if (c == 0) return;
    auto [it, inserted] = p.try_emplace(e, c);
    if (!inserted) {
        it->second += c;
        if (it->second == 0) p.erase(it);
    }
}

inline poly add(const poly& a, const poly& b, int sign) {
    poly r = a;
    for (const auto& [e, c] : b) accumulate(r, e, sign < 0 ? fraction(-c) : c);
    return r;
}

inline poly negate(const poly& a) { return add(poly{}, a, -1); }

inline poly multiply(const poly& a, const poly& b) {
    poly r;
    for (const auto& [ea, ca] : a)
        for (const auto& [eb, cb] : b) {
            exponents e{};
            for (int i = 0; i < dims; ++i) e[i] = ea[i] + eb[i];
            accumulate(r, e, ca * cb);
        }
    return r;
}

/// 1/m for a one-term polynomial m.
inline poly reciprocal(const poly& m) {
    const auto& [e, c] = *m.begin();
    exponents inv{};
    for (int i = 0; i < dims; ++i) inv[i] = -e[i];
    return poly{{inv, fraction(1) / c}};
}

/// Why ordo's multiplication may raise E001 (overflow anywhere is an error, polynomial.hpp):
/// a product of two coefficients does not fit, a result coefficient does not fit, or a
/// monomial collects three or more products, whose running sums ordo also keeps in 64 bits.
inline bool multiply_may_overflow(const poly& a, const poly& b) {
    std::map<exponents, int> contributions;
    for (const auto& [ea, ca] : a)
        for (const auto& [eb, cb] : b) {
            if (!fits_coefficient(ca * cb)) return true;
            exponents e{};
            for (int i = 0; i < dims; ++i) e[i] = ea[i] + eb[i];
            if (++contributions[e] >= 3) return true;
        }
    for (const auto& [e, c] : multiply(a, b))
        if (!fits_coefficient(c)) return true;
    return false;
}

/// ordo multiplies every pair of terms before combining them: an exponent sum outside
/// [-127, 127] in any pair is E002, even when that monomial cancels later.
inline bool multiply_exponent_overflow(const poly& a, const poly& b) {
    for (const auto& [ea, ca] : a)
        for (const auto& [eb, cb] : b)
            for (int i = 0; i < dims; ++i)
                if (!exponent_ok(ea[i] + eb[i])) return true;
    return false;
}

inline bool any_coefficient_overflows(const poly& p) {
    for (const auto& [e, c] : p)
        if (!fits_coefficient(c)) return true;
    return false;
}

/// Canonical order of polynomial.hpp: total degree, then exponent vector, both descending.
inline bool canonical_before(const exponents& a, const exponents& b) {
    return degree_of(a) != degree_of(b) ? degree_of(a) > degree_of(b) : a > b;
}

struct read_result {
    poly value;
    std::string problem;  ///< empty when ordo's polynomial is canonical
};

/// The terms of an ordo polynomial, checking its canonical form on the way.
inline read_result read(const ordo::polynomial& p) {
    read_result r;
    if (p.dim_count < 0 || p.dim_count > dims || p.term_count < 0 || p.term_count > ordo::max_terms)
        return {{}, "dim_count or term_count out of range"};
    int slot_dim[dims]{};
    for (int i = 0; i < p.dim_count; ++i) {
        slot_dim[i] = -1;
        for (int d = 0; d < dims; ++d)
            if (p.dims[i] == ordo::detail::pack_name(dim_names[d])) slot_dim[i] = d;
        if (slot_dim[i] < 0) return {{}, "a dimension the input never named"};
        if (i > 0 && slot_dim[i] <= slot_dim[i - 1]) return {{}, "dimensions not sorted"};
    }
    bool used[dims]{};
    exponents previous{};
    for (int k = 0; k < p.term_count; ++k) {
        const ordo::term& t = p.terms[k];
        exponents e{};
        for (int s = 0; s < ordo::max_dims; ++s) {
            const int x = t.exponent(s);
            if (s >= p.dim_count) {
                if (x != 0) return {{}, "an exponent in an unused slot"};
                continue;
            }
            e[slot_dim[s]] = x;
            used[s] |= x != 0;
        }
        if (t.degree != degree_of(e)) return {{}, "a term's degree is not the sum of its exponents"};
        const ordo::rational& c = t.coefficient;
        if (c.num == 0 || c.den < 1) return {{}, "a zero coefficient or a bad denominator"};
        if (mp::gcd(big(c.num), big(c.den)) != 1) return {{}, "a coefficient not in lowest terms"};
        if (k > 0 && !canonical_before(previous, e)) return {{}, "terms not in canonical order"};
        previous = e;
        r.value.emplace(e, fraction(big(t.coefficient.num), big(t.coefficient.den)));
    }
    for (int i = 0; i < p.dim_count; ++i)
        if (!used[i]) return {{}, "a listed dimension that no term uses"};
    return r;
}

/// The dimensions p really uses.
inline std::array<bool, dims> used_dims(const poly& p) {
    std::array<bool, dims> u{};
    for (const auto& [e, c] : p)
        for (int i = 0; i < dims; ++i) u[i] = u[i] || e[i] != 0;
    return u;
}

/// The exact value of p at `at`, or nullopt when p uses an unbound dimension.
inline std::optional<fraction> value(const poly& p, const sizes& at) {
    const auto u = used_dims(p);
    for (int i = 0; i < dims; ++i)
        if (u[i] && !at[i]) return std::nullopt;
    fraction sum = 0;
    for (const auto& [e, c] : p) {
        big num = mp::numerator(c), den = mp::denominator(c);
        for (int i = 0; i < dims; ++i) {
            if (e[i] == 0) continue;
            const big power = mp::pow(big(*at[i]), static_cast<unsigned>(e[i] < 0 ? -e[i] : e[i]));
            (e[i] > 0 ? num : den) *= power;
        }
        sum += fraction(num, den);
    }
    return sum;
}

struct wide_size {
    unsigned bits = 0;      ///< of the largest integer
    unsigned lcm_bits = 0;  ///< of the lcm of the coefficient denominators
};

/// Sizes of the integers in eval's documented fallback (eval.hpp, wide_eval.hpp): the common
/// denominator C = lcm(denominators) · Π size_i^(deepest negative exponent), each term · C,
/// and the running sums. eval may report E009 for a value that fits only past 4096 bits.
inline wide_size wide_bits(const poly& p, const sizes& at) {
    big lcm = 1;
    exponents deepest{};
    for (const auto& [e, c] : p) {
        lcm = mp::lcm(lcm, big(mp::denominator(c)));
        for (int i = 0; i < dims; ++i) deepest[i] = std::max(deepest[i], -e[i]);
    }
    big common = lcm;
    for (int i = 0; i < dims; ++i)
        if (deepest[i] > 0) common *= mp::pow(big(*at[i]), static_cast<unsigned>(deepest[i]));
    unsigned bits = mp::msb(common);
    big total = 0;
    for (const auto& [e, c] : p) {
        big t = mp::numerator(c) * (lcm / mp::denominator(c));
        for (int i = 0; i < dims; ++i)
            if (e[i] + deepest[i] > 0)
                t *= mp::pow(big(*at[i]), static_cast<unsigned>(e[i] + deepest[i]));
        total += t;
        if (t != 0) bits = std::max(bits, static_cast<unsigned>(mp::msb(abs(t))));
        if (total != 0) bits = std::max(bits, static_cast<unsigned>(mp::msb(abs(total))));
    }
    return {bits, static_cast<unsigned>(mp::msb(lcm)) + 1};
}

/// p with every bound dimension replaced by its size (partial_eval's meaning).
inline poly substitute_sizes(const poly& p, const sizes& at) {
    poly r;
    for (const auto& [e, c] : p) {
        fraction k = c;
        exponents rest = e;
        for (int i = 0; i < dims; ++i) {
            if (!at[i] || e[i] == 0) continue;
            const big power = mp::pow(big(*at[i]), static_cast<unsigned>(e[i] < 0 ? -e[i] : e[i]));
            // fraction / fraction, never fraction / cpp_int: Boost 1.81's eval_divide(rational,
            // integer) returns the dividend unchanged whenever it is 1 (it tests the dividend,
            // not the divisor, against one), so 1 / cpp_int(4) is 1.
            k = e[i] > 0 ? fraction(k * fraction(power)) : fraction(k / fraction(power));
            rest[i] = 0;
        }
        accumulate(r, rest, k);
    }
    return r;
}

// --- Asymptotics: necessary conditions checked on a grid of growth directions ---------------
//
// Writing each dimension as e^{s·t_i} (asymptotic.hpp, detail/growth.hpp), a monomial x^a grows
// like e^{s·a·t}. The directions the assumptions admit form a cone K: t_i > 0 for a growing
// dimension, t_i = 0 for a constant one, r·t >= 0 for a relation lhs <= rhs (r = rhs - lhs),
// r·t > 0 for lhs << rhs. Two facts that need no LP, so they check ordo's LP independently:
//  - f = O(g) implies max_f a·t <= max_g+ b·t for every t in the closure of K (g+: g's positive
//    terms; for t on the boundary, strict > persists at nearby directions inside K);
//  - f = o(g) implies max_f a·t < max_g+ b·t for every t in K itself.
// And an integer t in K is a witness that the assumptions are consistent (no E012).

struct growth_cone {
    std::array<bool, dims> constant{};
    std::vector<std::pair<exponents, bool>> rows;  ///< ratio rhs/lhs, strict (<<)
    [[nodiscard]] bool has_relations() const { return !rows.empty(); }
};

inline int dot(const exponents& a, const exponents& t) {
    return a[0] * t[0] + a[1] * t[1] + a[2] * t[2] + a[3] * t[3];
}

/// Calls f(t) for integer directions: in K (`inside`, growing t_i in 1..top) or in its closure
/// (growing t_i in 0..top, not all zero).
template <typename F>
void for_each_direction(const growth_cone& k, bool inside, int top, F f) {
    const int lo = inside ? 1 : 0;
    exponents t{};
    for (t[0] = lo; t[0] <= top; ++t[0])
        for (t[1] = lo; t[1] <= top; ++t[1])
            for (t[2] = lo; t[2] <= top; ++t[2])
                for (t[3] = lo; t[3] <= top; ++t[3]) {
                    exponents u = t;
                    bool nonzero = false;
                    for (int i = 0; i < dims; ++i) {
                        if (k.constant[i]) u[i] = 0;
                        nonzero |= u[i] != 0;
                    }
                    // a constant dimension is visited once, at 0
                    bool first = true;
                    for (int i = 0; i < dims; ++i) first &= !k.constant[i] || t[i] == lo;
                    if (!first || !nonzero) continue;
                    bool admitted = true;
                    for (const auto& [r, strict] : k.rows) {
                        const int d = dot(r, u);
                        admitted &= d > 0 || (d == 0 && !(strict && inside));
                    }
                    if (admitted) f(u);
                }
}

inline bool has_witness(const growth_cone& k) {
    bool found = false;
    for_each_direction(k, true, 5, [&](const exponents&) { found = true; });
    return found || [&] {  // all dimensions constant: the zero direction is the only one
        for (bool c : k.constant)
            if (!c) return false;
        for (const auto& [r, strict] : k.rows)
            if (strict) return false;
        return true;
    }();
}

/// max over the positive terms of g of b·t (nullopt for none).
inline std::optional<int> top_positive(const poly& g, const exponents& t) {
    std::optional<int> best;
    for (const auto& [e, c] : g)
        if (c > 0 && (!best || dot(e, t) > *best)) best = dot(e, t);
    return best;
}

/// A direction refuting f = O(g) (little: f = o(g)), if the grid has one.
inline std::optional<exponents> refute(const poly& f, const poly& g, const growth_cone& k,
                                       bool little) {
    std::optional<exponents> found;
    for_each_direction(k, little, 3, [&](const exponents& t) {
        if (found) return;
        const auto top = top_positive(g, t);
        for (const auto& [e, c] : f)
            if (!top || (little ? dot(e, t) >= *top : dot(e, t) > *top)) found = t;
    });
    return found;
}

/// A direction in K along which a negative term of p is not o(p's positive terms): then Θ(p)
/// is undetermined and theta must raise E013.
inline std::optional<exponents> negative_not_negligible(const poly& p, const growth_cone& k) {
    std::optional<exponents> found;
    for_each_direction(k, true, 3, [&](const exponents& t) {
        if (found) return;
        const auto top = top_positive(p, t);
        for (const auto& [e, c] : p)
            if (c < 0 && (!top || dot(e, t) >= *top)) found = t;
    });
    return found;
}

inline std::string describe(const poly& p) {
    if (p.empty()) return "0";
    std::string out;
    for (const auto& [e, c] : p) {
        if (!out.empty()) out += " + ";
        out += "(" + c.str() + ")";
        for (int i = 0; i < dims; ++i)
            if (e[i] != 0) out += std::string("*") + dim_names[i] + "^" + std::to_string(e[i]);
    }
    return out;
}

}  // namespace ordo_fuzz
