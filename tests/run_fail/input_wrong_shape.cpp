// The caller's x has 15 features where the graph declares d = 16 at these sizes.
// ordo-expect: \[ordo:E301\] ordo::runtime: input 'x' must have shape \[2, 8, 16\], got \[2, 8, 15\]
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
void broken() {
    const graph g = trace([](auto x, auto w) { return matmul(x, w); }, input<"x", float>(b, n, d),
                          param<"w", float>(d, d));
    const xt::xarray<float> x = xt::zeros<float>({2, 8, 15});
    runtime::execute<float>(g, bind(b = 2, n = 8, d = 16), {{"x", x}});
}
