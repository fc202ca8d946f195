// at(w, l) slices one layer of a stacked weight: its first axis must be the repeat count.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E020_sliced_axis_is_not_the_loop_count
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto L = dim<"L">;
constexpr auto l = dim<"l">;
constexpr auto g = trace(
    [](auto x, auto w) { return repeat(l, L, x, [&](auto s) { return matmul(s, at(w, l)); }); },
    input<"x", float>(n, d), param<"w", float>(d, d, d));
