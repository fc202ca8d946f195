#pragma once
// Random polynomials for the law tests, kept alongside the plain data they were built from
// (coefficients and exponent vectors), so tests can evaluate them without ordo's algebra.

#include <ordo/symbolic.hpp>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

namespace ordo_test {

inline constexpr auto a = ordo::dim<"a">;
inline constexpr auto b = ordo::dim<"b">;
inline constexpr auto c = ordo::dim<"c">;
inline const std::array<ordo::polynomial, 3> dims{a, b, c};

struct raw_term {
    std::int64_t num;
    std::int64_t den;
    std::array<int, 3> exponents;
};

struct random_polynomial {
    std::vector<raw_term> terms;
    ordo::polynomial value;  // built term by term through ordo's + and *
};

struct generator {
    std::mt19937_64 rng;
    explicit generator(std::uint64_t seed) : rng(seed) {}

    int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

    /// Up to `max_terms` terms, exponents in [lo, hi], coefficients p/q with small p, q.
    random_polynomial polynomial(int max_terms, int lo, int hi, bool positive = false) {
        random_polynomial out;
        const int count = uniform(1, max_terms);
        for (int k = 0; k < count; ++k) {
            raw_term t{uniform(positive ? 1 : -9, 9), uniform(1, 4), {}};
            if (t.num == 0) t.num = 1;
            for (int& e : t.exponents) e = uniform(lo, hi);
            out.terms.push_back(t);
            ordo::polynomial m(ordo::rational(t.num, t.den));
            for (std::size_t i = 0; i < 3; ++i) m = m * ordo::pow(dims[i], t.exponents[i]);
            out.value = out.value + m;
        }
        return out;
    }

    ordo::bindings sizes(int max_size) {
        return ordo::bind(a = uniform(1, max_size), b = uniform(1, max_size),
                          c = uniform(1, max_size));
    }
};

}  // namespace ordo_test
