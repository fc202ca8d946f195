// backward(g) runs where each gradient node has a kernel; layer_norm's gradient has none yet.
// ordo-expect: \[ordo:E303\] ordo::runtime: .* is the gradient of layer_norm, which has no runtime kernel yet
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
void broken() {
    const graph g = trace([](auto x, auto w, auto gain, auto bias) { return layer_norm(matmul(x, w), gain, bias); },
                          input<"x", float>(n, d), param<"w", float>(d, d), param<"gain", float>(d), param<"bias", float>(d));
    runtime::execute<float>(backward(g), bind(n = 4, d = 8));
}
