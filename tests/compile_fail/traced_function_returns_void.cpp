// A forgotten `return`: the traced function returns nothing, and the graph would have no output.
// ordo-expect: \[ordo:E111\] a traced function must return a tensor
// ordo-errors: 1
#include <ordo/graph.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto ok = trace([](auto x) { return exp(x); }, input<"x", float>(n));
constexpr auto bad = trace([](auto x) { (void)exp(x); }, input<"x", float>(n));
