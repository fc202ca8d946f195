// backward(g) runs where each gradient node has a kernel; loops are not run backward yet.
// ordo-expect: \[ordo:E303\] ordo::runtime: node [0-9]+ \(gradient\) is the gradient of exp inside the loop over 'l'; the runtime does not run loops backward yet
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto l = dim<"l">;
constexpr auto L = dim<"L">;
void broken() {
    const graph g = trace([](auto x) { return repeat(l, L, x, [](auto s) { return exp(s); }); }, input<"x", float>(n));
    runtime::execute<float>(backward(g), bind(n = 4, L = 2));
}
