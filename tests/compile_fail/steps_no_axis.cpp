// steps over n positions needs a sequence with an axis of extent n; a second sequence stepped
// alongside, [b, d], has none.
// ordo-expect: \[ordo:E106\]
// ordo-expect: steps: no axis of \[b, d\] has the step count n
// ordo-errors: 1
#include <ordo/ordo.hpp>
#include <boost/hana/tuple.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto i = dim<"i">;
constexpr auto g = trace(
    [](auto x, auto y) { return steps(i, n, boost::hana::make_tuple(x, y), [](auto xi, auto yi) { return xi + yi; }); },
    input<"x", float>(b, n, d), input<"y", float>(b, d));
