// Issue 15: a cost evaluated at sizes the graph cannot run at fails as the runtime does,
// naming the extent, instead of printing a number.
#include <ordo/ordo.hpp>

#include <catch2/catch.hpp>

using namespace ordo;
using namespace ordo::models::symbols;
using Catch::Matchers::Contains;

TEST_CASE("costs at sizes that make an extent below 1 or fractional are errors", "[sizes][errors]") {
    const graph g = models::mha(b, n, d, h);
    CHECK(eval(flops(g), bind(b = 1, n = 8, d = 64, h = 4)) > 0);
    CHECK_THROWS_WITH(eval(flops(g), bind(b = 1, n = 8, d = 4, h = 8)), Contains("[ordo:E029]"));
    CHECK_THROWS_WITH(eval(params(g), bind(d = 4, h = 8)), Contains("E029"));
    CHECK_THROWS_WITH(check_sizes(g, bind(b = 1, n = 8, d = 4096, h = 3)),
                      Contains("[ordo:E008]") && Contains("extent d/h of 'w") && Contains("(4096/3 at these sizes)"));
    CHECK_THROWS_WITH(check_sizes(g, bind(b = 1, n = 8, d = 4, h = 8)), Contains("[ordo:E029]") && Contains("1/2"));
    CHECK_NOTHROW(check_sizes(g, bind(b = 1, n = 8, d = 64, h = 4)));
    // top_k's fact k <= E
    const graph route = trace([](auto x) { return top_k<-1>(x, e).values; }, input<"x", float>(n, E));
    CHECK_THROWS_WITH(eval(flops(route), bind(n = 2, E = 3, e = 5)), Contains("E029"));
    CHECK(eval(flops(route), bind(n = 2, E = 3, e = 2)) == 2 * 3 * 2);
}

// Issue 15: a graph's facts and a question's assumptions share one capacity; past it, E017
// says that the graph's facts count too (it used to drop facts past 8 without a word).
TEST_CASE("a question past the capacity of facts and assumptions names both", "[sizes][errors]") {
    constexpr auto a = dim<"a">;
    const graph g = trace([](auto x, auto...) { return x; }, input<"x1", float>(a / dim<"b">), input<"x2", float>(a / dim<"c">),
                          input<"x3", float>(a / dim<"d">), input<"x4", float>(a / dim<"e">), input<"x5", float>(a / dim<"f">),
                          input<"x6", float>(a / dim<"g">), input<"x7", float>(a / dim<"h">), input<"x8", float>(a / dim<"i">));
    REQUIRE(g.facts.count == max_assumptions);
    CHECK_NOTHROW(theta(params(g)));
    CHECK_THROWS_WITH(theta(params(g), assume(a << dim<"z">)),
                      Contains("[ordo:E017]") && Contains("the graph's facts and the assumptions together"));
}
