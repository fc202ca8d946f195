// The body stores exp(s) in a captured variable that is read after the loop: only what the body
// returns leaves a loop.
// ordo-expect: \[ordo:E304\] ordo::runtime: .*exp.* is made inside a loop and used outside it by
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto l = dim<"l">;
constexpr auto L = dim<"L">;
void broken() {
    const graph g = trace(
        [](auto x) {
            auto inside = x;
            const auto y = repeat(l, L, x, [&](auto s) {
                inside = exp(s);
                return inside;
            });
            return y + inside;
        },
        input<"x", float>(n));
    runtime::execute<float>(g, bind(n = 4, L = 2));
}
