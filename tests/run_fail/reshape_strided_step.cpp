// Step i of x [b, n, d] is a strided view when b > 1; flattening it with reshape is refused.
// ordo-expect: \[ordo:E305\] ordo::runtime: .*reshape.* reshapes a strided view; reshape before slicing
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto i = dim<"i">;
void broken() {
    const graph g = trace(
        [](auto x, auto w) {
            return steps(i, n, x, [&](auto x_i) { return reshape(matmul(reshape(x_i, b, d), w), b, c<1>, d); });
        },
        input<"x", float>(b, n, d), param<"w", float>(d, d));
    runtime::execute<float>(g, bind(b = 2, n = 3, d = 4));
}
