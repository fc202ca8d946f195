// The algebra issue's acceptance snippet, verbatim.
#include <ordo/symbolic.hpp>

constexpr auto b = ordo::dim<"b">;
constexpr auto n = ordo::dim<"n">;
constexpr auto d = ordo::dim<"d">;
constexpr auto i = ordo::dim<"i">;
constexpr auto x = ordo::dim<"x">;
constexpr auto y = ordo::dim<"y">;
using ordo::assume, ordo::is_big_o, ordo::is_little_o, ordo::theta;

constexpr auto f = 8 * b * n * d * d + 4 * b * n * n * d;  // MHA: projections + attention core
static_assert(f == 4 * b * n * d * (2 * d + n));
static_assert(theta(f) == theta(b * n * d * d + b * n * n * d));
static_assert(theta(f) != theta(b * n * d * d));                  // in general both terms matter
static_assert(theta(f, assume(n << d)) == theta(b * n * d * d));  // the MQA paper's regime
static_assert(theta(f, assume(d << n)) == theta(b * n * n * d));  // long context
static_assert(is_big_o(x * y, x * x + y * y));                    // exact for sums
static_assert(!is_big_o(x, y));
static_assert(is_big_o(x, y, assume(x <= y)));
static_assert(is_little_o(b * n * n * d, b * n * d * d, assume(n << d)));
static_assert(ordo::sum(i, 1, n, i) == (n * n + n) / 2);
static_assert(ordo::eval(f, ordo::bind(b = 2, n = 1024, d = 4096)) == 309'237'645'312);
