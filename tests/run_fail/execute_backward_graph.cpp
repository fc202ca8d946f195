// backward(g) runs where each gradient node has a kernel; steps loops are not run backward yet.
// ordo-expect: \[ordo:E303\] ordo::runtime: node [0-9]+ \(gradient\) is the gradient of exp inside the loop over 'i'; the runtime runs layer loops \(a top-level repeat\) backward, not steps or nested loops yet
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto i = dim<"i">;
constexpr auto d = dim<"d">;
void broken() {
    const graph g = trace([](auto x) { return steps(i, n, x, [](auto t) { return exp(t); }); }, input<"x", float>(n, d));
    runtime::execute<float>(backward(g), bind(n = 4, d = 2));
}
