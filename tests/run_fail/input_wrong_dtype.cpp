// x is declared f32 but the caller passes an array of doubles.
// ordo-expect: \[ordo:E302\] ordo::runtime: input 'x' must be f32, got f64
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
void broken() {
    const graph g = trace([](auto x) { return softmax(x); }, input<"x", float>(n, d));
    const xt::xarray<double> x = xt::zeros<double>({4, 8});
    runtime::execute<float>(g, bind(n = 4, d = 8), {{"x", x}});
}
