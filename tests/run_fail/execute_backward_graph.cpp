// backward(g) runs where each gradient node has a kernel; concat's gradient has none yet.
// ordo-expect: \[ordo:E303\] ordo::runtime: .* is the gradient of concat, which has no runtime kernel yet
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
void broken() {
    const graph g = trace([](auto x, auto w) { return concat<-1>(matmul(x, w), x); }, input<"x", float>(n, d),
                          param<"w", float>(d, d));
    runtime::execute<float>(backward(g), bind(n = 4, d = 8));
}
