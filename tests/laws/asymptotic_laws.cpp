// Asymptotic decisions, checked against brute force over growth directions.
//
// In two dimensions (x = e^{s·t_x}, y = e^{s·t_y}, s -> ∞) a positive f is O(g) exactly when
// no direction t in the admissible cone has max_f a·t > max_g b·t. With exponents in
// [-2, 3], the cone of violating directions (if any) is bounded by rays with integer
// coordinates of size <= 5, so it contains an integer direction with coordinates <= 10: the
// grid [0, 12]² decides the question exactly, independently of the LP.
#include "random_polynomials.hpp"

#include <ordo/graph.hpp>

#include <catch2/catch.hpp>

using ordo::polynomial;

namespace {

constexpr auto x = ordo::dim<"x">;
constexpr auto y = ordo::dim<"y">;

struct exps {
    int ex, ey;
};

std::vector<exps> random_monomials(ordo_test::generator& g, int max_count) {
    std::vector<exps> out(static_cast<std::size_t>(g.uniform(1, max_count)));
    for (auto& e : out) e = {g.uniform(-2, 3), g.uniform(-2, 3)};
    return out;
}

polynomial as_polynomial(const std::vector<exps>& ms) {
    polynomial p;
    for (const auto& e : ms) p = p + ordo::pow(x, e.ex) * ordo::pow(y, e.ey);
    return p;
}

int max_growth(const std::vector<exps>& ms, int tx, int ty) {
    int best = -1'000'000;
    for (const auto& e : ms) best = std::max(best, e.ex * tx + e.ey * ty);
    return best;
}

enum class cone { all, x_at_most_y, y_constant };

bool admissible(cone c, int tx, int ty) {
    if (c == cone::x_at_most_y) return tx <= ty;
    if (c == cone::y_constant) return ty == 0;
    return true;
}

// f = O(g) by brute force over the grid of directions.
bool brute_big_o(const std::vector<exps>& f, const std::vector<exps>& g, cone c) {
    for (int tx = 0; tx <= 12; ++tx)
        for (int ty = 0; ty <= 12; ++ty)
            if ((tx || ty) && admissible(c, tx, ty) && max_growth(f, tx, ty) > max_growth(g, tx, ty))
                return false;
    return true;
}

// Strict domination in every direction: sufficient for f = o(g).
bool brute_strictly_below(const std::vector<exps>& f, const std::vector<exps>& g, cone c) {
    for (int tx = 0; tx <= 12; ++tx)
        for (int ty = 0; ty <= 12; ++ty)
            if ((tx || ty) && admissible(c, tx, ty) && max_growth(f, tx, ty) >= max_growth(g, tx, ty))
                return false;
    return true;
}

ordo::assumptions assumptions_for(cone c) {
    if (c == cone::x_at_most_y) return ordo::assume(x <= y);
    if (c == cone::y_constant) return ordo::assume(ordo::constant(y));
    return {};
}

}  // namespace

TEST_CASE("is_big_o agrees with brute force over growth directions", "[laws][asymptotic]") {
    ordo_test::generator g(42);
    int agreed_true = 0, agreed_false = 0;
    for (const cone c : {cone::all, cone::x_at_most_y, cone::y_constant}) {
        for (int round = 0; round < 400; ++round) {
            const auto f = random_monomials(g, 3);
            const auto bound = random_monomials(g, 4);
            const bool expected = brute_big_o(f, bound, c);
            const bool decided =
                ordo::is_big_o(as_polynomial(f), as_polynomial(bound), assumptions_for(c));
            CHECK(decided == expected);
            (expected ? agreed_true : agreed_false) += decided == expected;
        }
    }
    CHECK(agreed_true > 100);  // both answers occur often: the test exercises both
    CHECK(agreed_false > 100);
}

TEST_CASE("is_little_o is bracketed by brute force", "[laws][asymptotic]") {
    ordo_test::generator g(43);
    for (const cone c : {cone::all, cone::x_at_most_y, cone::y_constant}) {
        for (int round = 0; round < 400; ++round) {
            const auto f = random_monomials(g, 3);
            const auto bound = random_monomials(g, 4);
            const bool little =
                ordo::is_little_o(as_polynomial(f), as_polynomial(bound), assumptions_for(c));
            if (little) CHECK(brute_big_o(f, bound, c));                // o implies O
            if (brute_strictly_below(f, bound, c)) CHECK(little);       // strict everywhere: o
        }
    }
    // Ties on the boundary still grow: x = o(x·y) because y grows; not when y is constant.
    CHECK(ordo::is_little_o(x, x * y));
    CHECK(!ordo::is_little_o(x, x * y, ordo::assume(ordo::constant(y))));
}

TEST_CASE("Θ laws: p = O(p + q), Θ(p) = Θ(theta(p)), theta is idempotent", "[laws][asymptotic]") {
    ordo_test::generator g(44);
    for (int round = 0; round < 300; ++round) {
        const polynomial p = g.polynomial(5, -1, 3, true).value;
        const polynomial q = g.polynomial(5, -1, 3, true).value;
        CHECK(ordo::is_big_o(p, p + q));
        CHECK(ordo::is_big_omega(p + q, q));
        CHECK(ordo::is_theta(p, ordo::theta(p)));
        CHECK(ordo::theta(ordo::theta(p)) == ordo::theta(p));
        CHECK(ordo::theta(p) == ordo::theta(3 * p));
        CHECK(ordo::is_theta(p + q, ordo::theta(p) + ordo::theta(q)));
        const auto at_most = ordo::assume(ordo_test::a <= ordo_test::b);
        CHECK(ordo::is_theta(p, ordo::theta(p, at_most), at_most));
        const auto held = ordo::assume(ordo::constant(ordo_test::c));
        CHECK(ordo::is_theta(p, ordo::theta(p, held), held));
        CHECK(ordo::theta(p, held).slot_of(ordo::detail::pack_name("c")) < 0);  // c dropped
    }
}

TEST_CASE("negative terms: decided when negligible, refused otherwise", "[asymptotic][errors]") {
    constexpr auto n = ordo::dim<"n">;
    constexpr auto d = ordo::dim<"d">;
    CHECK(ordo::theta(n * (n - 1) / 2) == n * n);
    CHECK(ordo::is_theta(n * n - n * d + d * d * d, n * n + d * d * d));
    CHECK_THROWS_WITH(ordo::theta(n - d), Catch::Contains("E013"));
    CHECK_THROWS_WITH(ordo::theta(n * n - 2 * n * d + d * d), Catch::Contains("E013"));
    CHECK(ordo::theta(n - d, ordo::assume(d << n)) == n);
    CHECK_THROWS_WITH(ordo::theta(n, ordo::assume(n << n)), Catch::Contains("E012"));
    CHECK_THROWS_WITH(ordo::theta(n, ordo::assume(n <= 1)), Catch::Contains("E012"));
    CHECK_THROWS_WITH(ordo::theta(n, ordo::assume(n << d, d <= n)), Catch::Contains("E012"));
    CHECK_THROWS_WITH(ordo::assume(n + d <= n), Catch::Contains("E011"));
    CHECK_THROWS_WITH(ordo::assume(ordo::constant(n * d)), Catch::Contains("E011"));
}

TEST_CASE("an intensity with several regimes asks for one (E023), one regime gives it", "[asymptotic]") {
    constexpr auto n = ordo::dim<"n">;
    constexpr auto d = ordo::dim<"d">;
    const ordo::graph g = ordo::trace([](auto x, auto w) { return ordo::matmul(x, w); }, ordo::input<"x", float>(n, d),
                                      ordo::param<"w", float>(d, d));
    const ordo::intensity i = ordo::arithmetic_intensity(g, 2);  // 2·n·d² FLOPs over 4·(2·n·d + d²) bytes
    CHECK_THROWS_WITH(ordo::theta(i).only(),
                      Catch::Contains("E023") && Catch::Contains("laurent_envelope::only") &&
                          Catch::Contains("Add an assumption"));
    CHECK_THROWS_WITH(ordo::is_theta(i, ordo::polynomial(d)), Catch::Contains("E023"));
    CHECK(ordo::theta(i, ordo::assume(d <= n)).only() == ordo::polynomial(d));
    CHECK(ordo::theta(i, ordo::assume(n <= d)).only() == ordo::polynomial(n));
}
