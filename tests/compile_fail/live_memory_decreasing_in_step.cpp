// At step i each row is cut into i chunks and summed: the [b, d/i] partial sums shrink as i
// grows, so the loop's peak need not be at its last step.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E022_live_memory_in_a_loop_is_not_increasing
// ordo-errors: 1
#include <ordo/graph.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto i = dim<"i">;
constexpr auto g = trace(
    [](auto x) {
        return steps(i, n, x, [](auto x_i) {
            const auto chunks = sum<1>(reshape(x_i, b, i, d / i));  // [b, d/i]
            return x_i * reshape(sum<-1>(chunks), b, c<1>, c<1>);
        });
    },
    input<"x", float>(b, n, d));
constexpr auto peak = peak_memory(g);
