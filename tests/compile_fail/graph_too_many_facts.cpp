// Nine extents a/b, a/c, ..., a/j imply nine facts (b <= a, ...); a graph holds
// ordo::max_assumptions (8), and dropping one silently would leave questions without it.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E028_graph_implies_more_facts
// ordo-errors: 1
#include <ordo/graph.hpp>
using namespace ordo;
constexpr auto a = dim<"a">;
constexpr auto g = trace([](auto x, auto...) { return x; }, input<"x1", float>(a / dim<"b">), input<"x2", float>(a / dim<"c">),
                         input<"x3", float>(a / dim<"d">), input<"x4", float>(a / dim<"e">), input<"x5", float>(a / dim<"f">),
                         input<"x6", float>(a / dim<"g">), input<"x7", float>(a / dim<"h">), input<"x8", float>(a / dim<"i">),
                         input<"x9", float>(a / dim<"j">));
