// backward(g) runs where each gradient node has a kernel; a loop three deep is not run backward.
// ordo-expect: \[ordo:E303\] ordo::runtime: node [0-9]+ \(gradient\) is the gradient of exp inside the loop over 'j', which does not run in reverse: the runtime runs a top-level loop and a loop inside one backward, not a loop nested deeper
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto i = dim<"i">;
constexpr auto j = dim<"j">;
constexpr auto l = dim<"l">;
constexpr auto L = dim<"L">;
void broken() {
    const graph g = trace(
        [](auto x) {
            return repeat(l, L, x, [](auto s) {
                return repeat(i, n, s, [](auto t) { return repeat(j, d, t, [](auto u) { return exp(u); }); });
            });
        },
        input<"x", float>(n));
    runtime::execute<float>(backward(g), bind(n = 4, L = 2, d = 2));
}
