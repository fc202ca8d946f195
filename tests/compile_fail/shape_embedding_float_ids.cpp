// Token ids select rows, so they must be integers.
// ordo-expect: \[ordo:E109\]
// ordo-expect: embedding: token ids must have an integer type, got f32
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto V = dim<"V">;
constexpr auto g = trace([](auto ids, auto table) { return embedding(ids, table); }, input<"ids", float>(n),
                         param<"table", float>(V, d));
