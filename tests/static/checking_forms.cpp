// The checking forms (symbolic/expect.hpp) hold where the plain static_asserts hold; their
// failures are the compile-fail tests expect_*.cpp. And the text they print is checked here:
// detail::write_polynomial is what E030 and E031 show.
#include <ordo/symbolic.hpp>

#include <string_view>

using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto h = dim<"h">;

constexpr auto f = 8 * b * n * d * d + 4 * b * n * n * d;
static_assert(expect_theta<f, b * n * d * d + b * n * n * d>());
static_assert(expect_theta<f, b * n * d * d, assume(n << d)>());
static_assert(expect_theta<f, b * n * n * d, assume(d << n)>());
static_assert(expect_theta<d / h, d, assume(constant(h))>());
static_assert(expect_value<f, bind(b = 2, n = 1024, d = 4096), 309'237'645'312>());
static_assert(expect_value<d / h, bind(d = 128, h = 4), 32>());
static_assert(expect_value<d / h, bind(d = 130, h = 4), rational(65, 2)>());
static_assert(expect_value<n * n * n / (d * d * d), bind(n = 1ll << 20, d = 1ll << 20), 1>());

template <auto P>
constexpr bool writes(std::string_view expected) {
    detail::text_buffer t;
    detail::write_polynomial(t, polynomial(P));
    return t.view() == expected;
}
static_assert(writes<f>("8*b*d^2*n + 4*b*d*n^2"));
static_assert(writes<d / h>("d/h"));
static_assert(writes<1 / (h * h)>("1/h^2"));
constexpr auto mixed = polynomial(rational(1, 2)) - 3 * b;
static_assert(writes<mixed>("1/2 - 3*b") || writes<mixed>("-3*b + 1/2"));
static_assert(writes<polynomial{}>("0"));
