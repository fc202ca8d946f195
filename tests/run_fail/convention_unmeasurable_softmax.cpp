// A convention counting 4 FLOPs per softmax element: the runtime measures 5 (standard), 3 or 0.
// ordo-expect: \[ordo:E308\] counted_flops: convention 'four' counts softmax in a way the runtime cannot measure
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
void broken() {
    const graph g = trace([](auto x) { return softmax(x); }, input<"x", float>(n, d));
    convention four = conventions::standard;
    four.name = "four";
    four.softmax_flops_per_element = 4;
    runtime::measure(g, bind(n = 4, d = 8), four);
}
