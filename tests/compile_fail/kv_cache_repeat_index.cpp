// kv_cache grows over the steps of a steps loop, not over a repeat loop's layers.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E025_kv_cache_needs_the_index_of_a_steps_loop
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto d = dim<"d">;
constexpr auto l = dim<"l">;
constexpr auto L = dim<"L">;
constexpr auto g = trace([](auto x) { return repeat(l, L, x, [](auto s) { return kv_cache(s, l) + s; }); },
                         input<"x", float>(c<1>, c<1>, d));
