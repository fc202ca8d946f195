// mha at d = 4, h = 8: its head width d/h would be 1/2, so no number is its cost.
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E029_sizes_make_an_extent_of_the_graph_below_1
#include <ordo/ordo.hpp>
using namespace ordo;
using namespace ordo::models::symbols;
constexpr auto attention = models::mha(b, n, d, h);
static_assert(eval(flops(attention), bind(b = 1, n = 8, d = 4, h = 8)) > 0);
