// Each exp makes a temporary of its own size (a, ..., h), so which program point holds the peak
// depends on the sizes: eight such points and the end, more than ordo::max_candidates (8).
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E021_peak_has_too_many_incomparable_candidates
#include <ordo/graph.hpp>
using namespace ordo;
constexpr auto g = trace(
    [](auto a, auto b, auto c, auto d, auto e, auto f, auto g, auto h) {
        return sum<0>(exp(a)) + sum<0>(exp(b)) + sum<0>(exp(c)) + sum<0>(exp(d)) + sum<0>(exp(e)) +
               sum<0>(exp(f)) + sum<0>(exp(g)) + sum<0>(exp(h));
    },
    input<"a", float>(dim<"a">), input<"b", float>(dim<"b">), input<"c", float>(dim<"c">),
    input<"d", float>(dim<"d">), input<"e", float>(dim<"e">), input<"f", float>(dim<"f">),
    input<"g", float>(dim<"g">), input<"h", float>(dim<"h">));
constexpr auto peak = peak_memory(g);
