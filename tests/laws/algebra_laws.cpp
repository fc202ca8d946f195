// Ring laws, canonical form and evaluation, over many random Laurent polynomials.
// Evaluation is checked against boost::rational arithmetic on the raw terms the generator
// drew, not against ordo's own arithmetic.
#include "random_polynomials.hpp"

#include <boost/rational.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>

using ordo::polynomial;
using ordo_test::generator;
using fraction = boost::rational<long long>;

namespace {

fraction direct_value(const ordo_test::random_polynomial& p, const std::array<long long, 3>& x) {
    fraction sum = 0;
    for (const auto& t : p.terms) {
        fraction v(t.num, t.den);
        for (std::size_t i = 0; i < 3; ++i)
            for (int r = 0; r < std::abs(t.exponents[i]); ++r)
                v = t.exponents[i] > 0 ? v * x[i] : v / x[i];
        sum += v;
    }
    return sum;
}

fraction as_fraction(const ordo::rational& r) { return {r.num, r.den}; }

constexpr int rounds = 300;

}  // namespace

TEST_CASE("addition and multiplication form a commutative ring", "[laws]") {
    generator g(20261128);
    for (int round = 0; round < rounds; ++round) {
        const polynomial p = g.polynomial(3, -2, 3).value;
        const polynomial q = g.polynomial(3, -2, 3).value;
        const polynomial r = g.polynomial(3, -2, 3).value;
        CHECK(p + q == q + p);
        CHECK((p + q) + r == p + (q + r));
        CHECK(p * q == q * p);
        CHECK((p * q) * r == p * (q * r));
        CHECK(p * (q + r) == p * q + p * r);
        CHECK(p + polynomial(0) == p);
        CHECK(p * polynomial(1) == p);
        CHECK((p - p).is_zero());
        CHECK(p - q == p + -q);
    }
}

TEST_CASE("division by a monomial inverts multiplication", "[laws]") {
    generator g(7);
    for (int round = 0; round < rounds; ++round) {
        const polynomial p = g.polynomial(4, -2, 3).value;
        const auto m = g.polynomial(1, -2, 3);
        CHECK((p * m.value) / m.value == p);
        CHECK(ordo::pow(m.value, -2) * ordo::pow(m.value, 2) == polynomial(1));
    }
}

TEST_CASE("the canonical form does not depend on construction order", "[laws]") {
    generator g(11);
    for (int round = 0; round < rounds; ++round) {
        auto p = g.polynomial(6, -2, 3);
        std::shuffle(p.terms.begin(), p.terms.end(), g.rng);
        polynomial rebuilt;
        for (const auto& t : p.terms) {
            polynomial m(ordo::rational(t.num, t.den));
            for (std::size_t i = 0; i < 3; ++i)
                m = ordo::pow(ordo_test::dims[i], t.exponents[i]) * m;
            rebuilt = m + rebuilt;
        }
        CHECK(rebuilt == p.value);                      // same structure, any order
        CHECK(p.value.pruned() == p.value);             // normalising again changes nothing
        for (int k = 1; k < p.value.term_count; ++k)    // terms strictly ordered, none zero
            CHECK(polynomial::before(p.value.terms[k - 1], p.value.terms[k]));
        for (int k = 0; k < p.value.term_count; ++k) CHECK(!p.value.terms[k].coefficient.is_zero());
    }
}

TEST_CASE("evaluation is a ring homomorphism and matches direct arithmetic", "[laws]") {
    generator g(3);
    for (int round = 0; round < rounds; ++round) {
        const auto p = g.polynomial(4, -2, 3);
        const auto q = g.polynomial(4, -2, 3);
        const std::array<long long, 3> x{g.uniform(1, 6), g.uniform(1, 6), g.uniform(1, 6)};
        const auto at = ordo::bind(ordo_test::a = x[0], ordo_test::b = x[1], ordo_test::c = x[2]);
        const fraction vp = direct_value(p, x), vq = direct_value(q, x);
        CHECK(as_fraction(ordo::eval_exact(p.value, at)) == vp);
        CHECK(as_fraction(ordo::eval_exact(p.value + q.value, at)) == vp + vq);
        CHECK(as_fraction(ordo::eval_exact(p.value * q.value, at)) == vp * vq);
        CHECK(as_fraction(ordo::eval_exact(p.value - q.value, at)) == vp - vq);
    }
}

TEST_CASE("substitution agrees with evaluating the substituted value", "[laws]") {
    generator g(5);
    for (int round = 0; round < rounds; ++round) {
        const polynomial p = g.polynomial(3, 0, 3).value;
        const polynomial q = g.polynomial(2, 0, 2, true).value;  // positive: a size again
        const std::array<long long, 3> x{g.uniform(1, 5), g.uniform(1, 5), g.uniform(1, 5)};
        const auto at = ordo::bind(ordo_test::a = x[0], ordo_test::b = x[1], ordo_test::c = x[2]);
        const ordo::rational qa = ordo::eval_exact(q, at);
        if (!qa.is_integer()) continue;
        const auto at_substituted =
            ordo::bind(ordo_test::a = qa.num, ordo_test::b = x[1], ordo_test::c = x[2]);
        CHECK(ordo::eval_exact(ordo::substitute(p, ordo_test::a, q), at) ==
              ordo::eval_exact(p, at_substituted));
    }
}

TEST_CASE("closed-form sums equal the sums computed term by term", "[laws][sum]") {
    generator g(13);
    constexpr auto i = ordo::dim<"i">;
    for (int round = 0; round < 100; ++round) {
        const auto p = g.polynomial(3, 0, 4);  // in a, b, c; a plays the index's role below
        const polynomial summand = ordo::substitute(p.value, ordo_test::a, i);
        const long long lo = g.uniform(1, 3), hi = g.uniform(lo - 1, 12);
        const std::array<long long, 3> x{1, g.uniform(1, 5), g.uniform(1, 5)};
        fraction expected = 0;
        for (long long k = lo; k <= hi; ++k)
            expected += direct_value(p, {k, x[1], x[2]});
        const polynomial closed = ordo::sum(i, polynomial(lo), polynomial(hi), summand);
        const auto at = ordo::bind(ordo_test::b = x[1], ordo_test::c = x[2]);
        CHECK(as_fraction(ordo::eval_exact(ordo::partial_eval(closed, at), ordo::bind())) ==
              expected);
    }
    // Symbolic bounds: Σ_{i=1}^{n} i^k at n = 1..30, for every power the table supports.
    constexpr auto n = ordo::dim<"n">;
    for (int k = 0; k <= 20; ++k) {
        const polynomial closed = ordo::sum(i, 1, n, ordo::pow(i, k));
        for (long long top = 1; top <= 8; ++top) {
            __extension__ __int128 expected = 0;
            for (long long j = 1; j <= top; ++j) {
                __extension__ __int128 power = 1;
                for (int r = 0; r < k; ++r) power *= j;
                expected += power;
            }
            CHECK(ordo::eval(closed, ordo::bind(n = top)) == static_cast<std::int64_t>(expected));
        }
    }
}

TEST_CASE("overflow is reported, never wrapped", "[laws][errors]") {
    constexpr auto n = ordo::dim<"n">;
    const polynomial big = polynomial(std::int64_t{1} << 62) * n;
    CHECK_THROWS_AS(big * 4, ordo::overflow_error);
    CHECK_THROWS_WITH(big * 4, Catch::Contains("E001"));
    CHECK_THROWS_WITH(ordo::pow(n, 128), Catch::Contains("E002"));
    CHECK_THROWS_WITH(ordo::pow(1 + n, 70), Catch::Contains("E003"));
    CHECK_THROWS_WITH(ordo::eval(ordo::pow(n, 5), ordo::bind(n = 1'000'000)),
                      Catch::Contains("E009"));
    CHECK_THROWS_WITH(ordo::eval(ordo::pow(n, 3), ordo::bind(n = 1LL << 50)), Catch::Contains("E009"));
}

// Issue 15: eval is exact whenever the value fits 64 bits, whatever its terms; the value
// itself past 64 bits is E009, never a crash (n³/d³ used to divide by zero) or E001.
TEST_CASE("eval is exact whatever the intermediates", "[laws][errors]") {
    constexpr auto x = ordo::dim<"x">;
    constexpr auto y = ordo::dim<"y">;
    constexpr std::int64_t big = std::int64_t{1} << 43;  // x³ = 2^129: past 128 bits
    static_assert(ordo::eval(x * x * x - y * y * y, ordo::bind(x = big, y = big)) == 0);
    static_assert(ordo::eval(x * x * x / (y * y * y), ordo::bind(x = big, y = big)) == 1);
    CHECK(ordo::eval(x * x * x - y * y * y + 5, ordo::bind(x = big, y = big)) == 5);
    CHECK(ordo::eval(x * x * x - 8 * y * y * y + x, ordo::bind(x = 2 * big, y = big)) == 2 * big);  // 2^132 cancels
    // (2^44)³ − (2^43)³ = 7·2^129: the value itself needs more than 64 bits
    CHECK_THROWS_WITH(ordo::eval(x * x * x - y * y * y, ordo::bind(x = big * 2, y = big)),
                      Catch::Contains("E009") && Catch::Contains("more than 64 bits"));
    CHECK_THROWS_WITH(ordo::eval(x * x * x / (y * y * y), ordo::bind(x = big, y = big * 2)), Catch::Contains("E008"));
    CHECK_THROWS_WITH(ordo::eval(-8 * x * x, ordo::bind(x = std::int64_t{1} << 62)), Catch::Contains("E009"));
}

// The libFuzzer target's findings (tests/fuzz/corpus/finding-*), each against values worked
// out here by hand.
TEST_CASE("fuzzer findings: exact where the value fits", "[laws][errors][fuzz]") {
    constexpr auto n = ordo::dim<"n">;
    constexpr auto b = ordo::dim<"b">;
    constexpr auto d = ordo::dim<"d">;
    constexpr auto h = ordo::dim<"h">;
    constexpr std::int64_t min64 = std::numeric_limits<std::int64_t>::min();
    // sub:E001 — (−1)·n − (−2^63)·n = (2^63 − 1)·n: the difference fits although −(−2^63) does not
    CHECK(-n - ordo::polynomial(min64) * n == std::numeric_limits<std::int64_t>::max() * n);
    CHECK(ordo::rational(-1) - ordo::rational(min64) == ordo::rational(std::numeric_limits<std::int64_t>::max()));
    // eval_exact:E009 — b³ − d³ + 5 at b = d = 2^43 is 5 (terms of 2^129)
    constexpr std::int64_t big = std::int64_t{1} << 43;
    CHECK(ordo::eval_exact(b * b * b - d * d * d + 5, ordo::bind(b = big, d = big)) == ordo::rational(5));
    CHECK(ordo::eval_exact((b * b * b - d * d * d + 5) / 3, ordo::bind(b = big, d = big)) == ordo::rational(5, 3));
    // eval_exact:E009-min — −2^63 fits
    CHECK(ordo::eval_exact(ordo::polynomial(min64), ordo::bind()) == ordo::rational(min64));
    CHECK(ordo::eval_exact(-8 * n * n, ordo::bind(n = std::int64_t{1} << 30)) == ordo::rational(min64));
    // eval:E009-lcm — denominators the three largest primes below 2^61, 2^62, 2^63: their lcm
    // has 186 bits, the value is 0 (and b/p1 + d/p2 + h/p3 is a fraction: E008, not E009)
    const ordo::rational p1(1, 2305843009213693951), p2(1, 4611686018427387847), p3(1, 9223372036854775783);
    const ordo::polynomial cancel = ordo::polynomial(p1) * (b - b * b) + ordo::polynomial(p2) * (d - d * d) +
                                    ordo::polynomial(p3) * (h - h * h);
    CHECK(ordo::eval(cancel, ordo::bind(b = 1, d = 1, h = 1)) == 0);
    CHECK(ordo::eval_exact(cancel, ordo::bind(b = 1, d = 1, h = 1)) == ordo::rational(0));
    const ordo::polynomial fraction = ordo::polynomial(p1) * b + ordo::polynomial(p2) * d + ordo::polynomial(p3) * h;
    CHECK_THROWS_WITH(ordo::eval(fraction, ordo::bind(b = 1, d = 1, h = 1)), Catch::Contains("[ordo:E008]"));
    CHECK_THROWS_WITH(ordo::eval_exact(fraction, ordo::bind(b = 1, d = 1, h = 1)), Catch::Contains("[ordo:E009]"));
}

TEST_CASE("products do not depend on the order of the factors near capacity", "[laws]") {
    constexpr auto x = ordo::dim<"x">;
    constexpr auto y = ordo::dim<"y">;
    polynomial s;
    for (int i = 0; i <= 20; ++i) s += ordo::pow(x, i);
    const polynomial f = x * y - y + x - 1;  // (x + 1)(y + 1) - 2 ... 4 terms
    CHECK(f * s == s * f);
    CHECK((f * s).term_count == 4);  // the partial sums had more than max_terms terms
}

TEST_CASE("coefficients are read without dividing", "[laws]") {
    constexpr auto n = ordo::dim<"n">;
    constexpr auto d = ordo::dim<"d">;
    CHECK(ordo::coefficient(ordo::pow(n, -100) + 1, ordo::pow(n, 100)) == ordo::rational(0));
    CHECK(ordo::coefficient(3 * n * n * d + 2 * n, n * n * d) == ordo::rational(3));
    CHECK(ordo::coefficient(3 * n * n * d + 2 * n, 5 * n) == ordo::rational(2));
    CHECK(ordo::coefficient(3 * n * n * d + 2 * n, n * n) == ordo::rational(0));
}

TEST_CASE("integer constants are range-checked", "[errors]") {
    constexpr auto n = ordo::dim<"n">;
    CHECK_THROWS_WITH(n * 18446744073709551615ULL, Catch::Contains("E001"));
    CHECK(n * 5ULL == 5 * n);
    CHECK(ordo::to_string(polynomial(std::numeric_limits<std::int64_t>::min()) * n) ==
          "−9223372036854775808·n");
}

TEST_CASE("bad bindings throw errors that name the dimension", "[errors]") {
    constexpr auto d = ordo::dim<"d">;
    constexpr auto h = ordo::dim<"h">;
    CHECK_THROWS_WITH(ordo::eval(d / h, ordo::bind(d = 128)),
                      Catch::Contains("E007") && Catch::Contains("'h'"));
    CHECK_THROWS_AS(ordo::eval(d / h, ordo::bind(d = 128)), ordo::binding_error);
    CHECK_THROWS_WITH(ordo::eval(d / h, ordo::bind(d = 130, h = 4)), Catch::Contains("E008"));
    CHECK_THROWS_WITH(ordo::bind(d = 0), Catch::Contains("E010") && Catch::Contains("'d'"));
    CHECK_THROWS_WITH(ordo::bind(d = -3), Catch::Contains("E010"));
    CHECK_THROWS_WITH(ordo::bind(d = 1, d = 2), Catch::Contains("E016") && Catch::Contains("'d'"));
    CHECK_THROWS_WITH(d / (d + h), Catch::Contains("E006"));
    CHECK_THROWS_WITH(d / 0, Catch::Contains("E005"));
    CHECK(ordo::eval(d / h, ordo::bind(d = 128, h = 4)) == 32);
}

TEST_CASE("printing", "[format]") {
    constexpr auto b = ordo::dim<"b">;
    constexpr auto n = ordo::dim<"n">;
    constexpr auto d = ordo::dim<"d">;
    constexpr auto h = ordo::dim<"h">;
    const polynomial f = 8 * b * n * d * d + 4 * b * n * n * d;
    CHECK(ordo::to_string(f) == "8·b·d²·n + 4·b·d·n²");
    CHECK(ordo::to_string(f, ordo::notation::unicode, "b n d") == "8·b·n·d² + 4·b·n²·d");
    CHECK(ordo::to_string(f, ordo::notation::ascii, "b n d") == "8*b*n*d^2 + 4*b*n^2*d");
    CHECK(ordo::to_string(f, ordo::notation::latex, "b n d") == "8 b n d^{2} + 4 b n^{2} d");
    const polynomial g = 3 * d / (2 * h) - n * n / 2 + 1;
    CHECK(ordo::to_string(g) == "−n²/2 + 3·d/(2·h) + 1");
    CHECK(ordo::to_string(g, ordo::notation::ascii) == "-n^2/2 + 3*d/(2*h) + 1");
    CHECK(ordo::to_string(g, ordo::notation::latex) == "-\\frac{n^{2}}{2} + \\frac{3 d}{2 h} + 1");
    CHECK(ordo::to_string(d / h) == "d/h");
    CHECK(ordo::to_string(b / (n * h)) == "b/(h·n)");
    CHECK(ordo::to_string(3 * d / (2 * h * n)) == "3·d/(2·h·n)");
    CHECK(ordo::to_string(polynomial(0)) == "0");
}
