// Bad input: errors name the symbol, the tensor, the expected and the actual shape.
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <tuple>

using namespace ordo;
namespace rt = ordo::runtime;
using Catch::Matchers::Contains;

using namespace ordo::models::symbols;  // b, n, d, h, E, e, L, V

namespace {
constexpr auto i = dim<"i">;
constexpr auto l = dim<"l">;
constexpr auto j = dim<"j">;
const graph attention = models::mha(b, n, d, h);
}  // namespace

TEST_CASE("a binding that misses a symbol names it", "[runtime][errors]") {
    CHECK_THROWS_WITH(rt::execute<float>(attention, bind(b = 2, n = 8, d = 16)), Contains("'h'") && Contains("E007"));
    CHECK_THROWS_AS(rt::measure(attention, bind(b = 2, n = 8, h = 4)), ordo::binding_error);
}

// Issue 15: the runtime's E007 said "[ordo:E007] ... [ordo:E007] ..." and linked twice.
TEST_CASE("an error with context names its ID and its link once", "[runtime][errors]") {
    try {
        rt::execute<float>(attention, bind(b = 2, n = 8, d = 16));
        FAIL("no error");
    } catch (const ordo::error& e) {
        const std::string text = e.what();
        CHECK(text.find("[ordo:E007]") == 0);
        CHECK(text.find("[ordo:", 1) == std::string::npos);
        CHECK(text.find("See docs/troubleshooting.md#e007.") == text.rfind("See docs"));
        CHECK(text.find("'h'") != std::string::npos);
    }
}

TEST_CASE("a zero or negative size names the symbol", "[runtime][errors]") {
    CHECK_THROWS_WITH(bind(b = 2, n = 0, d = 16, h = 4), Contains("'n'") && Contains("E010"));
    CHECK_THROWS_WITH(bindings().add(binding_for("d", -4)), Contains("'d'"));
}

TEST_CASE("d not divisible by h is an error naming both", "[runtime][errors]") {
    CHECK_THROWS_WITH(rt::execute<float>(attention, bind(b = 2, n = 8, d = 18, h = 4)),
                      Contains("d/h") && Contains("d = 18") && Contains("h = 4") && Contains("E008"));
}

TEST_CASE("sizes whose extents overflow are an error naming them", "[runtime][errors]") {
    const graph square = trace([](auto x) { return matmul(x, x); }, input<"x", float>(n, n));
    CHECK_THROWS_WITH(rt::execute<float>(attention, bind(b = 2, n = 8, d = std::int64_t{1} << 62, h = 1)),
                      Contains("E009") && Contains("'x'") && Contains("[b, n, d]"));
    CHECK_THROWS_WITH(rt::measure(square, bind(n = std::int64_t{1} << 40)), Contains("E009"));
}

// Issue 15: a run whose tensors cannot fit is refused before it allocates, naming peak, budget
// and sizes (it used to compute for seconds, then die of std::bad_alloc or the OOM killer).
TEST_CASE("a run past its memory budget is refused before it starts", "[runtime][errors]") {
    const auto huge = bind(b = 1, n = std::int64_t{1} << 20, d = 1024, h = 1);  // 4 TiB of scores
    CHECK_THROWS_WITH(rt::execute<float>(attention, huge), Contains("E312") && Contains("the memory available now") &&
                                                                 Contains("n = 1048576"));
    CHECK_THROWS_WITH(rt::measure(attention, huge), Contains("E312"));
    rt::run_options tight;
    tight.memory_budget = 4096;
    const auto small = bind(b = 2, n = 8, d = 16, h = 4);
    CHECK_THROWS_WITH(rt::execute<float>(attention, small, {}, tight),
                      Contains("E312") && Contains("budget of 4096 bytes (run_options::memory_budget)"));
    tight.memory_budget = eval(peak_memory(attention), small);  // exactly the peak: allowed
    CHECK_NOTHROW(rt::execute<float>(attention, small, {}, tight));
    tight.memory_budget -= 1;
    CHECK_THROWS_WITH(rt::execute<float>(attention, small, {}, tight), Contains("E312"));
    CHECK(rt::available_memory() > 0);
}

TEST_CASE("inputs of the wrong shape or element type are rejected with both shapes", "[runtime][errors]") {
    const auto at = bind(b = 2, n = 8, d = 16, h = 4);
    const xt::xarray<float> wrong = xt::zeros<float>({2, 8, 15});
    CHECK_THROWS_WITH(rt::execute<float>(attention, at, {{"x", wrong}}),
                      Contains("'x'") && Contains("[2, 8, 16]") && Contains("[2, 8, 15]") && Contains("E301"));
    const xt::xarray<double> wide = xt::zeros<double>({2, 8, 16});
    CHECK_THROWS_WITH(rt::execute<float>(attention, at, {{"x", wide}}), Contains("'x'") && Contains("f32") && Contains("f64"));
    CHECK_NOTHROW(rt::execute<float>(attention, at, {{"x", xt::xarray<float>(xt::zeros<float>({2, 8, 16}))}}));
}

TEST_CASE("token ids outside the table are rejected", "[runtime][errors]") {
    const graph lookup = trace([](auto ids, auto table) { return embedding(ids, table); }, input<"ids", std::int32_t>(n),
                               param<"table", float>(V, d));
    const xt::xarray<std::int32_t> ids = {0, 3, 7};
    CHECK_THROWS_WITH(rt::execute<float>(lookup, bind(n = 3, d = 2, V = 5), {{"ids", ids}}), Contains("E306") && Contains("(gather)") && Contains("id 7") && Contains("axis 0 of 'table', of length 5"));
}

TEST_CASE("a backward loop's stack past max_rank, a KV cache's gradient outside a steps loop, a stray step_output: named",
          "[runtime][errors]") {
    // a value of 6 axes read by the backward inside a layer loop would be stacked with a 7th
    const graph wide = trace([](auto x) { return repeat(l, L, x, [](auto s) { return exp(s); }); },
                             input<"x", float>(b, n, d, h, E, e));
    CHECK_THROWS_WITH(backward(wide), Contains("[ordo:E018]") && Contains("axes of a value stacked over a loop"));
    // the per-step form of a cache's gradient (one operand): no kernel, named rather than read past
    graph lone = trace([](auto x) { return exp(x); }, input<"x", float>(n));
    node g = ordo::detail::make_node_with(op_kind::gradient, payloads::gradient{op_kind::kv_cache, 0, 0});
    g.operand_count = 1;
    g.operands[0] = lone.output;
    g.shape = lone.nodes[lone.output].shape;
    lone.nodes[lone.node_count] = g;
    lone.output = lone.outputs[0] = lone.node_count++;
    CHECK_THROWS_WITH(rt::execute<float>(lone, bind(n = 4)),
                      Contains("E303") && Contains("is the gradient of a KV cache outside a top-level steps loop"));
    // a step_output with no loop result to write into
    graph stray = trace([](auto x) { return exp(x); }, input<"x", float>(n));
    node w = ordo::detail::make_node_with(op_kind::step_output, payloads::loop{0, 0});
    w.operand_count = 1;
    w.operands[0] = stray.output;
    w.shape = stray.nodes[stray.output].shape;
    stray.nodes[stray.node_count] = w;
    stray.output = stray.outputs[0] = stray.node_count++;
    CHECK_THROWS_WITH(rt::execute<float>(stray, bind(n = 4)), Contains("E303") && Contains("(step_output) writes into no loop result"));
}

TEST_CASE("graphs the runtime cannot run are rejected with the node", "[runtime][errors]") {
    // a gradient node in a loop three deep: not run backward (run in the forward order, it would
    // be a wrong gradient); a top-level loop's and a loop's inside one are run, in reverse
    const graph deep = trace(
        [](auto x) {
            return repeat(l, L, x, [](auto s) {
                return repeat(i, n, s, [](auto t) { return repeat(j, d, t, [](auto u) { return exp(u); }); });
            });
        },
        input<"x", float>(n));
    CHECK_THROWS_WITH(rt::measure(backward(deep), bind(n = 4, L = 2, d = 2)),
                      Contains("E303") && Contains("(gradient) is the gradient of exp inside the loop over 'j'") &&
                          Contains("runs a top-level loop and a loop inside one backward, not a loop nested deeper"));
    const graph nested = trace([](auto x) { return repeat(l, L, x, [](auto s) { return repeat(i, n, s, [](auto t) { return exp(t); }); }); },
                               input<"x", float>(n));
    CHECK_NOTHROW(rt::measure(backward(nested), bind(n = 4, L = 2)));
    const graph looped = trace([](auto x) { return repeat(l, L, x, [](auto s) { return exp(s); }); }, input<"x", float>(n));
    CHECK_NOTHROW(rt::measure(backward(looped), bind(n = 4, L = 2)));
    const graph stepped = trace([](auto x) { return steps(i, n, x, [](auto t) { return exp(t); }); }, input<"x", float>(n, d));
    CHECK_NOTHROW(rt::measure(backward(stepped), bind(n = 4, d = 2)));

    // a value made inside a loop but read after it (only a loop's result may leave it)
    graph leaky = trace([](auto x) { return repeat(l, L, x, [](auto s) { return exp(s); }) + x; }, input<"x", float>(n));
    int inside = -1;
    for (int id = 0; id < leaky.node_count; ++id)
        if (leaky.nodes[id].kind == op_kind::exp) inside = id;
    leaky.nodes[leaky.output].operands[0] = inside;  // what a leaked capture would record
    CHECK_THROWS_WITH(rt::execute<float>(leaky, bind(n = 4, L = 2)), Contains("E304") && Contains("exp"));
    // ... or returned from the graph
    graph returned = trace([](auto x) { return repeat(l, L, x, [](auto s) { return exp(s); }); }, input<"x", float>(n));
    for (int id = 0; id < returned.node_count; ++id)
        if (returned.nodes[id].kind == op_kind::exp) returned.output = returned.outputs[0] = id;
    CHECK_THROWS_WITH(rt::execute<float>(returned, bind(n = 4, L = 2)),
                      Contains("E304") && Contains("(exp) is made inside a loop and is an output of the graph"));

    // reshape of a strided view (one step of a batched sequence)
    const graph strided = trace([](auto x) { return steps(i, n, x, [](auto t) { return reshape(reshape(t, b, d), b, c<1>, d); }); },
                                input<"x", float>(b, n, d));
    CHECK_THROWS_WITH(rt::execute<float>(strided, bind(b = 2, n = 3, d = 4)), Contains("E305") && Contains("reshape"));
    CHECK_NOTHROW(rt::execute<float>(strided, bind(b = 1, n = 3, d = 4)));  // one sequence: contiguous
}

TEST_CASE("ids outside the axis they index are rejected, for every op that indexes", "[runtime][errors]") {
    const graph pick = trace([](auto t, auto ids) { return gather<1>(t, ids); }, input<"t", float>(b, n, d),
                             input<"ids", std::int32_t>(b, e));
    const xt::xarray<std::int32_t> beyond = {{0, 3}};
    CHECK_THROWS_WITH(rt::execute<float>(pick, bind(b = 1, n = 3, d = 2, e = 2), {{"ids", beyond}}),
                      Contains("E306") && Contains("id 3") && Contains("axis 1 of 't', of length 3"));
    const xt::xarray<std::int32_t> negative = {{-1, 0}};
    CHECK_THROWS_WITH(rt::measure(pick, bind(b = 1, n = 3, d = 2, e = 2), conventions::standard, {{"ids", negative}}),
                      Contains("E306") && Contains("id -1"));
    const graph routed = trace([](auto x, auto w, auto chosen) { return expert_matmul(x, w, chosen); },
                               input<"x", float>(n, d), param<"w", float>(E, d, d), input<"chosen", std::int32_t>(n, e));
    const xt::xarray<std::int32_t> experts = {{0, 1}, {2, 4}};
    CHECK_THROWS_WITH(rt::execute<float>(routed, bind(n = 2, d = 2, E = 3, e = 2), {{"chosen", experts}}),
                      Contains("E306") && Contains("(expert_matmul)") && Contains("id 4") && Contains("of 'w', of length 3"));
}

TEST_CASE("top_k with k above its axis is rejected with both", "[runtime][errors]") {
    const graph largest = trace([](auto x) { return top_k<-1>(x, e).values; }, input<"x", float>(n, E));
    CHECK_THROWS_WITH(rt::execute<float>(largest, bind(n = 2, E = 3, e = 5)),
                      Contains("E309") && Contains("k = 5 exceeds the axis extent 3"));
    CHECK_THROWS_WITH(rt::measure(largest, bind(n = 2, E = 3, e = 4)), Contains("E309"));
    CHECK_NOTHROW(rt::execute<float>(largest, bind(n = 2, E = 3, e = 3)));
}

TEST_CASE("an input under a name the graph does not have is rejected with the names it has", "[runtime][errors]") {
    const auto at = bind(b = 1, n = 4, d = 8, h = 2);
    const xt::xarray<float> x = xt::zeros<float>({1, 4, 8});
    CHECK_THROWS_WITH(rt::execute<float>(attention, at, {{"zz", x}}),
                      Contains("E310") && Contains("'zz'") && Contains("it has: x, ") && Contains("wq"));
    CHECK_THROWS_WITH(rt::measure(attention, at, conventions::standard, {{"x", x}, {"X", x}}), Contains("E310") && Contains("'X'"));
    CHECK_NOTHROW(rt::execute<float>(attention, at, {{"x", x}}));
}

TEST_CASE("every output stays alive, also one a later node reads", "[runtime][errors]") {
    const graph both = trace([](auto x) { const auto a = exp(x); return std::tuple{a, a + x}; }, input<"x", double>(n));
    const xt::xarray<double> x = {0.0, 1.0, -2.0};
    const auto y = rt::execute_all<double>(both, bind(n = 3), {{"x", x}});
    REQUIRE(y.size() == 2);
    for (std::size_t j = 0; j < 3; ++j) {
        CHECK(y[0](j) == std::exp(x(j)));
        const double sum = std::exp(x(j)) + x(j);
        CHECK(y[1](j) == sum);
    }
    const bool first = rt::execute<double>(both, bind(n = 3), {{"x", x}}) == y[0];
    CHECK(first);  // execute: the first output
}
