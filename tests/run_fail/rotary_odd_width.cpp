// Rotary embeddings rotate pairs: a head width of 5 cannot be split into halves.
// ordo-expect: \[ordo:E311\] ordo::runtime: rotary rotates pairs of the last axis, which must be even; it is 5\.
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto k = dim<"k">;
void broken() {
    const graph g = trace([](auto x, auto c, auto s) { return rotary<-1>(x, c, s); }, input<"x", float>(n, k),
                          input<"cos", float>(n, k), input<"sin", float>(n, k));
    runtime::execute<float>(g, bind(n = 3, k = 5));
}
