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
