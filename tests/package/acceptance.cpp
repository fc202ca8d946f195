// Issue 11's acceptance example, verbatim: today's architectures against the installed package
// (find_package(ordo), ordo::ordo).
#include <ordo/ordo.hpp>
using namespace ordo;

constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto m = dim<"m">;
constexpr auto d = dim<"d">;
constexpr auto h = dim<"h">;
constexpr auto g = dim<"g">;
constexpr auto k = dim<"k">;  // head width, independent of d/h
constexpr auto f = dim<"f">;
constexpr auto E = dim<"E">;  // experts
constexpr auto e = dim<"e">;  // experts active per token
constexpr auto r = dim<"r">;  // latent width
constexpr auto p = dim<"p">;  // rotary key width

constexpr auto cross = models::cross_attention(b, n, m, d, h);
static_assert(theta(flops(cross)) == theta(b * n * d * d + b * m * d * d + b * n * m * d));
static_assert(theta(flops(cross), assume(m << n, n << d)) == theta(b * n * d * d));

constexpr auto moe = models::moe_mlp(b, n, d, f, E, e);
static_assert(params(moe) == d * E + 3 * E * d * f);
static_assert(coefficient(flops(moe, conventions::gemm_only), b * n * e * d * f) == 6);
static_assert(theta(flops(moe), assume(constant(e), E << f)) == theta(b * n * d * f));

constexpr auto router = [](auto x, auto wr) {
    auto [gates, experts] = top_k<-1>(softmax(matmul(x, wr)), e);  // [b,n,e] values, [b,n,e] i32
    return gates;
};
constexpr auto R = trace(router, input<"x", float>(b, n, d), param<"wr", float>(d, E));
static_assert(output_shape(R) == shape(b, n, e));

constexpr auto rope = [](auto x, auto cos, auto sin) { return rotary<-1>(x, cos, sin); };
constexpr auto P = trace(rope, input<"x", float>(b, h, n, k), input<"cos", float>(n, k),
                         input<"sin", float>(n, k));
static_assert(output_shape(P) == shape(b, h, n, k));
static_assert(theta(flops(P)) == theta(b * h * n * k));

static_assert(params(models::gqa(b, n, d, h, g, k)) == 2 * d * h * k + 2 * d * g * k);

constexpr auto mla = models::mla_incremental(b, n, d, h, k, r, p);
static_assert(kv_cache_bytes(mla) == 4 * b * n * (r + p));  // f32: r + p elements per token
static_assert(is_little_o(kv_cache_bytes(mla), kv_cache_bytes(models::mha_incremental(b, n, d, h)),
                          assume(r << d, p << d)));

int main() {}
