// An input passed as "zz": the graph has x and the weights, no zz (a misspelt name must not be ignored).
// ordo-expect: \[ordo:E310\] ordo::runtime: input 'zz' is not an input or weight of the graph; it has: x, w\.
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
void broken() {
    const graph g = trace([](auto x, auto w) { return matmul(x, w); }, input<"x", float>(n, d), param<"w", float>(d, d));
    const xt::xarray<float> zz = xt::zeros<float>({2, 2});
    runtime::execute<float>(g, bind(n = 2, d = 2), {{"zz", zz}});
}
