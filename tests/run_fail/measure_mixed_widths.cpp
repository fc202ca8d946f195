// i64 token ids (8 bytes) with an f32 table (4 bytes): measure counts bytes of one scalar width.
// ordo-expect: \[ordo:E307\] ordo::runtime::measure: .* is i64; measured bytes need one element width
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
#include <cstdint>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto V = dim<"V">;
void broken() {
    const graph g = trace([](auto ids, auto table) { return embedding(ids, table); }, input<"ids", std::int64_t>(n),
                          param<"table", float>(V, d));
    runtime::measure(g, bind(n = 3, d = 2, V = 5));
}
