// Gathering along axis 1 of [b, E] needs ids that start with b (one row of choices per b).
// ordo-expect: \[ordo:E113\]
// ordo-expect: gather along axis 1 of \[b, E\]: ids \[n, e\] must start with the 1 axes before it
// ordo-errors: 1
#include <ordo/ordo.hpp>
#include <cstdint>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto E = dim<"E">;
constexpr auto e = dim<"e">;
constexpr auto g = trace([](auto t, auto ids) { return gather<1>(t, ids); }, input<"t", float>(b, E),
                         input<"ids", std::int32_t>(n, e));
