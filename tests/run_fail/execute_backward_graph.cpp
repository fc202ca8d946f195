// backward(g) is a graph to cost, not to run: softmax's gradient node has no kernel.
// ordo-expect: \[ordo:E303\] ordo::runtime: .* is a gradient node; the runtime executes forward graphs
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
void broken() {
    const graph g = trace([](auto x, auto w) { return softmax(matmul(x, w)); }, input<"x", float>(n, d),
                          param<"w", float>(d, d));
    runtime::execute<float>(backward(g), bind(n = 4, d = 8));
}
