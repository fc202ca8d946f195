// A summed index that only one operand has: its gradient is a broadcast ordo does not derive.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E026_backward_of_an_einsum_index_found_in_one_operand_only
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto g = trace([](auto x, auto y) { return einsum<"nd,d->n">(x, y); }, input<"x", float>(n, d),
                         input<"y", float>(d));
constexpr auto ok = backward(g);
constexpr auto e = trace([](auto x, auto y) { return einsum<"nk,d->n">(x, y); }, input<"x", float>(n, d),
                         input<"y", float>(d));
constexpr auto bad = backward(e);
