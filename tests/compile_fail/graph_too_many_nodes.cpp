// A traced function that records 530 ops; a graph holds at most ordo::max_nodes (512) nodes.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E018_graph_has_too_many_nodes_or_regions
// ordo-errors: 1
#include <ordo/graph.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto g = trace(
    [](auto x) {
        for (int k = 0; k < 530; ++k) x = exp(x);
        return x;
    },
    input<"x", float>(n));
