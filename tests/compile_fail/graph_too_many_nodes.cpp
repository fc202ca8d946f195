// A traced function that records 270 ops; a graph holds at most ordo::max_nodes (256) nodes.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E018_graph_has_too_many_nodes_or_regions
// ordo-errors: 1
#include <ordo/graph.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto g = trace(
    [](auto x) {
        for (int k = 0; k < 270; ++k) x = exp(x);
        return x;
    },
    input<"x", float>(n));
