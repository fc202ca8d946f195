// top_k of k = 5 along an axis of E = 3: the graph's fact k <= E does not hold at these sizes.
// ordo-expect: \[ordo:E309\] ordo::runtime: top_k: k = 5 exceeds the axis extent 3, in node 1 \(top_k\)
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto E = dim<"E">;
constexpr auto k = dim<"k">;
void broken() {
    const graph g = trace([](auto x) { return top_k<-1>(x, k).values; }, input<"x", float>(n, E));
    runtime::execute<float>(g, bind(n = 2, E = 3, k = 5));
}
