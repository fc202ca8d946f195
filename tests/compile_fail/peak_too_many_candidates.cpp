// Each outer product makes a temporary of its own size (a·a·a, a·a·b, ..., a·b, ... over 7
// dimensions), so which program point holds the peak depends on the sizes: 97 such points,
// more than ordo::max_candidates (96).
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E021_peak_has_too_many_incomparable_candidates
// ordo-errors: 1
#include <ordo/graph.hpp>
using namespace ordo;
constexpr auto g = trace(
    [](auto a, auto b, auto c, auto d, auto e, auto f, auto g) {
        return einsum<"xyz->">(einsum<"x,y,z->xyz">(a, a, a)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, a, b)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, a, c)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, a, d)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, a, e)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, a, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, a, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, b, b)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, b, c)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, b, d)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, b, e)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, b, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, b, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, c, c)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, c, d)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, c, e)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, c, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, c, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, d, d)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, d, e)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, d, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, d, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, e, e)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, e, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, e, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, f, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, f, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(a, g, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, b, b)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, b, c)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, b, d)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, b, e)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, b, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, b, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, c, c)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, c, d)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, c, e)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, c, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, c, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, d, d)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, d, e)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, d, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, d, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, e, e)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, e, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, e, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, f, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, f, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(b, g, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(c, c, c)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(c, c, d)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(c, c, e)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(c, c, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(c, c, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(c, d, d)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(c, d, e)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(c, d, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(c, d, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(c, e, e)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(c, e, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(c, e, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(c, f, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(c, f, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(c, g, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(d, d, d)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(d, d, e)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(d, d, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(d, d, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(d, e, e)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(d, e, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(d, e, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(d, f, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(d, f, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(d, g, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(e, e, e)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(e, e, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(e, e, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(e, f, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(e, f, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(e, g, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(f, f, f)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(f, f, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(f, g, g)) +
               einsum<"xyz->">(einsum<"x,y,z->xyz">(g, g, g)) +
               einsum<"xy->">(einsum<"x,y->xy">(a, b)) +
               einsum<"xy->">(einsum<"x,y->xy">(a, c)) +
               einsum<"xy->">(einsum<"x,y->xy">(a, d)) +
               einsum<"xy->">(einsum<"x,y->xy">(a, e)) +
               einsum<"xy->">(einsum<"x,y->xy">(a, f)) +
               einsum<"xy->">(einsum<"x,y->xy">(a, g)) +
               einsum<"xy->">(einsum<"x,y->xy">(b, c)) +
               einsum<"xy->">(einsum<"x,y->xy">(b, d)) +
               einsum<"xy->">(einsum<"x,y->xy">(b, e)) +
               einsum<"xy->">(einsum<"x,y->xy">(b, f)) +
               einsum<"xy->">(einsum<"x,y->xy">(b, g)) +
               einsum<"xy->">(einsum<"x,y->xy">(c, d)) +
               einsum<"xy->">(einsum<"x,y->xy">(c, e));
    },
    input<"a", float>(dim<"a">),
    input<"b", float>(dim<"b">),
    input<"c", float>(dim<"c">),
    input<"d", float>(dim<"d">),
    input<"e", float>(dim<"e">),
    input<"f", float>(dim<"f">),
    input<"g", float>(dim<"g">));
constexpr auto peak = peak_memory(g);
