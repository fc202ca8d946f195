// kv_cache needs the index of an enclosing steps loop.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E019_loop_index_used_outside_its_loop
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto d = dim<"d">;
constexpr auto i = dim<"i">;
constexpr auto g = trace([](auto x) { return kv_cache(x, i); }, input<"x", float>(b, c<1>, d));
