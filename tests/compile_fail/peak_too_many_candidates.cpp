// Each exp makes a temporary of its own size (a·b, a·c, ..., of 9 dimensions), so which program
// point holds the peak depends on the sizes: 33 such points and the end, more than
// ordo::max_candidates (32).
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E021_peak_has_too_many_incomparable_candidates
// ordo-errors: 1
#include <ordo/graph.hpp>
using namespace ordo;
constexpr auto g = trace(
    [](auto t0, auto t1, auto t2, auto t3, auto t4, auto t5, auto t6, auto t7, auto t8, auto t9, auto t10, auto t11, auto t12, auto t13, auto t14, auto t15, auto t16, auto t17, auto t18, auto t19, auto t20, auto t21, auto t22, auto t23, auto t24, auto t25, auto t26, auto t27, auto t28, auto t29, auto t30, auto t31, auto t32) {
        return sum<0>(sum<0>(exp(t0))) + sum<0>(sum<0>(exp(t1))) + sum<0>(sum<0>(exp(t2))) +
               sum<0>(sum<0>(exp(t3))) + sum<0>(sum<0>(exp(t4))) + sum<0>(sum<0>(exp(t5))) +
               sum<0>(sum<0>(exp(t6))) + sum<0>(sum<0>(exp(t7))) + sum<0>(sum<0>(exp(t8))) +
               sum<0>(sum<0>(exp(t9))) + sum<0>(sum<0>(exp(t10))) + sum<0>(sum<0>(exp(t11))) +
               sum<0>(sum<0>(exp(t12))) + sum<0>(sum<0>(exp(t13))) + sum<0>(sum<0>(exp(t14))) +
               sum<0>(sum<0>(exp(t15))) + sum<0>(sum<0>(exp(t16))) + sum<0>(sum<0>(exp(t17))) +
               sum<0>(sum<0>(exp(t18))) + sum<0>(sum<0>(exp(t19))) + sum<0>(sum<0>(exp(t20))) +
               sum<0>(sum<0>(exp(t21))) + sum<0>(sum<0>(exp(t22))) + sum<0>(sum<0>(exp(t23))) +
               sum<0>(sum<0>(exp(t24))) + sum<0>(sum<0>(exp(t25))) + sum<0>(sum<0>(exp(t26))) +
               sum<0>(sum<0>(exp(t27))) + sum<0>(sum<0>(exp(t28))) + sum<0>(sum<0>(exp(t29))) +
               sum<0>(sum<0>(exp(t30))) + sum<0>(sum<0>(exp(t31))) + sum<0>(sum<0>(exp(t32)));
    },
    input<"t0", float>(dim<"a">, dim<"b">),
    input<"t1", float>(dim<"a">, dim<"c">),
    input<"t2", float>(dim<"a">, dim<"d">),
    input<"t3", float>(dim<"a">, dim<"e">),
    input<"t4", float>(dim<"a">, dim<"f">),
    input<"t5", float>(dim<"a">, dim<"g">),
    input<"t6", float>(dim<"a">, dim<"h">),
    input<"t7", float>(dim<"a">, dim<"i">),
    input<"t8", float>(dim<"b">, dim<"c">),
    input<"t9", float>(dim<"b">, dim<"d">),
    input<"t10", float>(dim<"b">, dim<"e">),
    input<"t11", float>(dim<"b">, dim<"f">),
    input<"t12", float>(dim<"b">, dim<"g">),
    input<"t13", float>(dim<"b">, dim<"h">),
    input<"t14", float>(dim<"b">, dim<"i">),
    input<"t15", float>(dim<"c">, dim<"d">),
    input<"t16", float>(dim<"c">, dim<"e">),
    input<"t17", float>(dim<"c">, dim<"f">),
    input<"t18", float>(dim<"c">, dim<"g">),
    input<"t19", float>(dim<"c">, dim<"h">),
    input<"t20", float>(dim<"c">, dim<"i">),
    input<"t21", float>(dim<"d">, dim<"e">),
    input<"t22", float>(dim<"d">, dim<"f">),
    input<"t23", float>(dim<"d">, dim<"g">),
    input<"t24", float>(dim<"d">, dim<"h">),
    input<"t25", float>(dim<"d">, dim<"i">),
    input<"t26", float>(dim<"e">, dim<"f">),
    input<"t27", float>(dim<"e">, dim<"g">),
    input<"t28", float>(dim<"e">, dim<"h">),
    input<"t29", float>(dim<"e">, dim<"i">),
    input<"t30", float>(dim<"f">, dim<"g">),
    input<"t31", float>(dim<"f">, dim<"h">),
    input<"t32", float>(dim<"f">, dim<"i">));
constexpr auto peak = peak_memory(g);
