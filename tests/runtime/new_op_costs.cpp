// The ops of "One op, one place" on the runtime: for each, counted FLOPs under every
// convention and the measured peak equal the symbolic costs at three sizes. The runtime counts
// what its kernels execute; the symbolic side states it in op_traits — two derivations.
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <tuple>

using namespace ordo;
namespace rt = ordo::runtime;

using namespace ordo::models::symbols;  // b, n, d, f, V

namespace {

void check_costs(const std::string& what, const graph& g, std::initializer_list<bindings> sizes) {
    for (const bindings& at : sizes)
        for (const convention* c : conventions::all) {
            INFO(what << " under " << c->name);
            const auto measured = rt::measure(g, at, *c);
            CHECK(measured.flops == eval(flops(g, *c), at));
            CHECK(measured.peak_bytes == eval(peak_memory(g), at));
        }
}
}  // namespace

TEST_CASE("negate, sin, cos: counted FLOPs and peak equal the symbolic costs", "[runtime][ops][new]") {
    const graph g = trace([](auto x) { return sin(x) * cos(x) + -x; }, input<"x", float>(b, n, d));
    check_costs("elementwise", g, {bind(b = 1, n = 3, d = 4), bind(b = 2, n = 5, d = 6), bind(b = 3, n = 2, d = 7)});
}

TEST_CASE("slice: counted FLOPs and peak equal the symbolic costs", "[runtime][ops][new]") {
    const graph g = trace([](auto x) { return exp(slice<-1>(x, d / c<2>, d / c<2>)) + slice<-1>(x, zero, d / c<2>); },
                          input<"x", float>(b, n, d));
    check_costs("slice", g, {bind(b = 1, n = 3, d = 4), bind(b = 2, n = 5, d = 6), bind(b = 3, n = 2, d = 10)});
}

TEST_CASE("gather and embedding: counted FLOPs (one-hot under chinchilla) and peak equal the symbolic costs",
          "[runtime][ops][new]") {
    const graph g = trace(
        [](auto tokens, auto table, auto t, auto positions) {
            return std::tuple{embedding(tokens, table), gather<1>(t, positions)};  // [b, n, d], [b, m, d]
        },
        input<"tokens", std::int32_t>(b, n), param<"table", float>(V, d), input<"t", float>(b, n, d),
        input<"positions", std::int32_t>(b, m));
    check_costs("gather", g, {bind(b = 1, n = 3, d = 4, V = 5, m = 2), bind(b = 2, n = 5, d = 3, V = 11, m = 7),
                              bind(b = 3, n = 2, d = 6, V = 2, m = 1)});
}

TEST_CASE("top_k: counted compares and peak equal the symbolic costs", "[runtime][ops][new]") {
    const graph g = trace([](auto x) { return top_k<-1>(x, e).values; }, input<"x", float>(b, n, E));
    check_costs("top_k", g, {bind(b = 1, n = 3, E = 4, e = 2), bind(b = 2, n = 5, E = 8, e = 8), bind(b = 2, n = 2, E = 7, e = 1)});
    const graph both = trace([](auto x) { const auto r = top_k<-1>(x, e); return std::tuple{r.values, r.indices}; },
                             input<"x", float>(b, E));
    check_costs("top_k, both outputs", both, {bind(b = 1, E = 4, e = 2), bind(b = 3, E = 6, e = 3), bind(b = 2, E = 5, e = 5)});
}

TEST_CASE("expert_matmul: counted FLOPs and peak equal the symbolic costs", "[runtime][ops][new]") {
    const graph g = trace(
        [](auto x, auto router, auto w1, auto w2) {
            const auto r = top_k<-1>(softmax(matmul(x, router)), e);    // [b, n, e]
            const auto up = silu(expert_matmul(x, w1, r.indices));     // [b, n, e, f]
            const auto down = expert_matmul(up, w2, r.indices);        // [b, n, e, d]
            return einsum<"bned,bne->bnd">(down, r.values);
        },
        input<"x", float>(b, n, d), param<"router", float>(d, E), param<"w1", float>(E, d, f), param<"w2", float>(E, f, d));
    check_costs("expert_matmul", g, {bind(b = 1, n = 2, d = 4, f = 6, E = 3, e = 1), bind(b = 2, n = 3, d = 5, f = 4, E = 4, e = 2),
                                     bind(b = 1, n = 4, d = 3, f = 2, E = 6, e = 6)});
}

TEST_CASE("rotary: counted FLOPs and peak equal the symbolic costs", "[runtime][ops][new]") {
    const graph g = trace(
        [](auto x, auto positions, auto frequencies) {
            const auto tables = rotary_tables(positions, frequencies);
            return rotary<-1>(x, tables.cos, tables.sin);
        },
        input<"x", float>(b, n, d), input<"positions", float>(n), input<"frequencies", float>(d));
    check_costs("rotary", g, {bind(b = 1, n = 3, d = 4), bind(b = 2, n = 5, d = 6), bind(b = 2, n = 4, d = 12)});
}
