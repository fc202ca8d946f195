// backward(g) runs where each gradient node has a kernel; a loop inside another is not run backward yet.
// ordo-expect: \[ordo:E303\] ordo::runtime: node [0-9]+ \(gradient\) is the gradient of exp inside the loop over 'i'; the runtime runs top-level loops backward, not a loop inside another yet
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto i = dim<"i">;
constexpr auto l = dim<"l">;
constexpr auto L = dim<"L">;
void broken() {
    const graph g = trace([](auto x) { return repeat(l, L, x, [](auto s) { return repeat(i, n, s, [](auto t) { return exp(t); }); }); },
                          input<"x", float>(n));
    runtime::execute<float>(backward(g), bind(n = 4, L = 2));
}
