// Token id 7 does not index a table of V = 5 rows.
// ordo-expect: \[ordo:E306\] ordo::runtime: node 2 \(gather\): id 7 is outside axis 0 of 'table', of length 5
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
#include <cstdint>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto V = dim<"V">;
void broken() {
    const graph g = trace([](auto ids, auto table) { return embedding(ids, table); }, input<"ids", std::int32_t>(n),
                          param<"table", float>(V, d));
    const xt::xarray<std::int32_t> ids = {0, 3, 7};
    runtime::execute<float>(g, bind(n = 3, d = 2, V = 5), {{"ids", ids}});
}
