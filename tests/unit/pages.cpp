// ordo::pages on a user's own graph: the page reflects the graph (ops, shapes, Θ), the real-shape
// table binds published shapes as documented, and bad sizes are rejected by name. Figures are
// worked out here by hand from the model's definition.
#include <ordo/models.hpp>
#include <ordo/pages.hpp>

#include <catch2/catch.hpp>

#include <regex>
#include <stdexcept>

namespace {

constexpr auto n = ordo::dim<"n">;
constexpr auto d = ordo::dim<"d">;

// y = gelu(x·w): x [n, d], w [d, d].
ordo::graph mlp() {
    return ordo::trace([](auto x, auto w) { return ordo::gelu(ordo::matmul(x, w)); },
                       ordo::input<"x", float>(n, d), ordo::param<"w", float>(d, d));
}

ordo::pages::page_info mlp_info() {
    return {.name = "mlp", .title = "My MLP", .print_order = "n d", .sizes = "n=1024,d=512"};
}

std::size_t count(const std::string& text, const std::string& pattern) {
    const std::regex re(pattern);
    return static_cast<std::size_t>(std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}

/// The table row of a real model on a page.
std::string row(const std::string& page, const std::string& model) {
    const std::size_t at = page.find("| " + model + " |");
    REQUIRE(at != std::string::npos);
    return page.substr(at, page.find('\n', at) - at);
}

}  // namespace

TEST_CASE("a user's graph gets a page describing that graph", "[pages]") {
    const ordo::graph g = mlp();
    const std::string page = ordo::pages::graph_page(g, mlp_info());
    CHECK(page.rfind("# My MLP\n", 0) == 0);
    CHECK(page.find("```mermaid") != std::string::npos);
    CHECK(page.find("x (input)") != std::string::npos);
    CHECK(page.find("w (param)") != std::string::npos);
    // one per-op row per node, one Mermaid edge per operand (x→matmul, w→matmul, matmul→gelu)
    CHECK(count(page, R"(\n\| \d+ \| )") == static_cast<std::size_t>(g.node_count));
    CHECK(count(page, "-->") == 3);
    CHECK(page.find("`[n, d]`") != std::string::npos);
    // Θ of FLOPs under n ≪ d: the matmul's n·d² dominates gelu's n·d
    CHECK(page.find("| n ≪ d | $n d^{2}$ |") != std::string::npos);
    // both sides of the crossover are linear in n: it never happens
    CHECK(page.find("Along n with the other sizes above: never.") != std::string::npos);
    CHECK(page.find("No measured evidence") != std::string::npos);
    // the roofline table: one row per published machine
    CHECK(page.find("## On the roofline") != std::string::npos);
    for (const char* machine : {"| a100_sxm |", "| h100_sxm |", "| h200 |", "| mi300x |"}) CHECK(page.find(machine) != std::string::npos);
    CHECK(page.find("## Source") == std::string::npos);  // no code given
    CHECK(page.find("## Published figures\n\nNone recorded") != std::string::npos);  // none given
}

TEST_CASE("a page's training section: saved activations and training memory at its sizes", "[pages][training]") {
    const std::string page = ordo::pages::graph_page(mlp(), mlp_info());
    REQUIRE(page.find("## Training") != std::string::npos);
    // gelu's gradient reads its input (x·w, n·d floats) and the matmul's reads x (n·d floats)
    const long long n_ = 1024, d_ = 512, saved = 4 * (n_ * d_ + n_ * d_);
    CHECK(row(page, "saved, `none`").find(ordo::pages::grouped(saved)) != std::string::npos);
    CHECK(row(page, "saved, `full`").find(ordo::pages::grouped(4 * n_ * d_)) != std::string::npos);  // x only
    // 16 bytes per parameter (d² of them) in both recipes, plus what is saved without recomputation
    CHECK(row(page, "training memory, `fp32_adam`").find(ordo::pages::grouped(16 * d_ * d_ + saved)) != std::string::npos);
}

TEST_CASE("crossovers in closed form, along n or along a window", "[pages]") {
    // y = (x·xᵀ)·((x + x)·w), x [n, d], w [d, d]: on the weight 2nd² FLOPs; between activations
    // 2n²d + 2n²d + nd. They cross where 4n²d + nd = 2nd²: n* = (2d − 1)/4, at d = 512 1023/4.
    const ordo::graph g = ordo::trace(
        [](auto x, auto w) { return ordo::einsum<"nm,md->nd">(ordo::einsum<"nd,md->nm">(x, x), ordo::matmul(x + x, w)); },
        ordo::input<"x", float>(n, d), ordo::param<"w", float>(d, d));
    CHECK(ordo::pages::crossover_formula(g, "n d") == "$n^{*} = \\frac{2 d - 1}{4}$");
    CHECK(ordo::pages::crossover_text(g, ordo::pages::parse_sizes("n=1,d=512")) == "n = 256 (exactly 1023/4)");
    // Sliding-window attention: projections 8bnd² against scores and mixing 4bnwd plus the
    // softmax's 5 per score 5bhnw; linear in n on both sides (never), crossing in w at 8d²/(4d + 5h).
    namespace s = ordo::models::symbols;
    const ordo::graph window = ordo::models::sliding_window(s::b, n, d, s::h, s::w);
    CHECK(ordo::pages::crossover_formula(window, "b n d h w") == "");
    CHECK(ordo::pages::crossover_text(window, ordo::pages::parse_sizes("b=1,n=64,d=4096,h=32,w=8")) == "never");
    CHECK(ordo::pages::crossover_formula(window, "b n d h w", "w") == "$w^{*} = \\frac{8 d^{2}}{4 d + 5 h}$");
    CHECK(ordo::pages::crossover_text(window, ordo::pages::parse_sizes("b=1,n=64,d=4096,h=32,w=8"), "w") ==
          "w = 8,113 (exactly 4194304/517)");
    const std::string page = ordo::pages::graph_page(window, {.name = "w", .print_order = "b n d h w",
                                                              .sizes = "b=1,n=64,d=4096,h=32,w=8", .sweep = "w"});
    CHECK(page.find("Along n with the other sizes above: never.") != std::string::npos);
    CHECK(page.find("Along w with the other sizes above: w = 8,113") != std::string::npos);
}

TEST_CASE("a user's published figures are checked under each regime", "[pages]") {
    ordo::pages::page_info info = mlp_info();
    info.published = {{"my paper", ordo::cost_kind::flops, ordo::bound_kind::theta, n * d * d, "n ≤ d", ordo::assume(n <= d)},
                      {"my other paper", ordo::cost_kind::flops, ordo::bound_kind::theta, n * d}};
    const std::string page = ordo::pages::graph_page(mlp(), info);
    // gelu(x·w): Θ(n·d²) everywhere; Θ(n·d) nowhere. Columns: own assumption, none, n ≪ d, d ≪ n.
    CHECK(row(page, "my paper").find("| n ≤ d: ✓ | ✓ | ✓ | ✓ |") != std::string::npos);
    CHECK(row(page, "my other paper").find("| (none) ✗ | ✗ | ✗ | ✗ |") != std::string::npos);
    CHECK(row(page, "my paper").find("$\\Theta\\left(n d^{2}\\right)$") != std::string::npos);
}

TEST_CASE("the real-shape table binds published shapes", "[pages]") {
    const ordo::graph g = mlp();
    const std::string page = ordo::pages::graph_page(g, mlp_info());
    // parameters = d² at GPT-2 small's d = 768 and GPT-3's d = 12288
    CHECK(row(page, "GPT-2 small").find("| 589,824 |") != std::string::npos);
    CHECK(row(page, "GPT-3 175B").find("| 150,994,944 |") != std::string::npos);
    CHECK(count(page, R"(\n\| (GPT|LLaMA|Mistral)[^|]*\| `)") == ordo::pages::real_models().size());
    CHECK(page.find("KV cache per token") == std::string::npos);  // no KV cache in this graph

    // one head: d is the head dimension, 768 / 12 = 64, so d² = 4,096
    ordo::pages::page_info head = mlp_info();
    head.shapes = ordo::pages::real_shapes::per_head;
    CHECK(row(ordo::pages::graph_page(g, head), "GPT-2 small").find("| 4,096 |") != std::string::npos);

    ordo::pages::page_info none = mlp_info();
    none.shapes = ordo::pages::real_shapes::none;
    CHECK(ordo::pages::graph_page(g, none).find("## At real model shapes") == std::string::npos);
}

TEST_CASE("windows and KV caches at real shapes", "[pages]") {
    namespace s = ordo::models::symbols;
    const auto& models = ordo::pages::real_models();
    const auto gpt2 = ordo::pages::real_bindings(models[0], ordo::pages::real_shapes::as_named, {});
    const auto mistral = ordo::pages::real_bindings(models[4], ordo::pages::real_shapes::as_named, {});
    CHECK(gpt2.size_of(ordo::detail::pack_name("w")) == 1024);  // no window: w = n
    CHECK(mistral.size_of(ordo::detail::pack_name("w")) == 4096);
    CHECK(mistral.size_of(ordo::detail::pack_name("n")) == 8192);  // Jiang et al. 2023 Table 1: context_len
    // defaults fill what a model does not publish, and never override it
    const auto tiled = ordo::pages::real_bindings(models[0], ordo::pages::real_shapes::per_head, ordo::pages::parse_sizes("M=4096,d=7"));
    CHECK(tiled.size_of(ordo::detail::pack_name("M")) == 4096);
    CHECK(tiled.size_of(ordo::detail::pack_name("d")) == 64);

    // incremental MHA caches K and V: 2 · d floats per position and layer, 2 · 768 · 4 B at GPT-2
    const std::string page = ordo::pages::graph_page(
        ordo::models::mha_incremental(s::b, s::n, s::d, s::h),
        {.name = "inc", .title = "inc", .print_order = "b n d h", .sizes = "b=1,n=16,d=8,h=2"});
    CHECK(page.find("KV cache per token (bytes)") != std::string::npos);
    CHECK(row(page, "GPT-2 small").find("| 6,144 |") != std::string::npos);
}

TEST_CASE("the widest grouped-query model is found by its shapes", "[pages]") {
    using ordo::pages::family, ordo::pages::real_model;
    // LLaMA-2 70B (d = 8192, g = 8 < h = 64) is wider than Mistral 7B (d = 4096, g = 8 < h = 32)
    const real_model* widest = ordo::pages::widest_grouped_query(ordo::pages::real_models());
    REQUIRE(widest != nullptr);
    CHECK(std::string(widest->name) == "LLaMA-2 70B (GQA 8)");
    // multi-head (g = h) and multi-query (g = 1) are not grouped-query
    const real_model others[] = {{"mha", family::gpt2, "d=64,h=8,g=8"}, {"mqa", family::gpt2, "d=128,h=8,g=1"}};
    CHECK(ordo::pages::widest_grouped_query(others) == nullptr);
    const real_model one[] = {{"gqa", family::llama, "d=32,h=8,g=2"}, {"mqa", family::gpt2, "d=128,h=8,g=1"}};
    CHECK(ordo::pages::widest_grouped_query(one) == &one[0]);
}

TEST_CASE("sizes: order kept, overrides by name, bad text named", "[pages]") {
    const ordo::bindings at = ordo::pages::parse_sizes("n=4,d=8", "d=16,h=2");
    REQUIRE(at.count == 3);
    CHECK(at.items[0].name == ordo::detail::pack_name("n"));
    CHECK(at.size_of(ordo::detail::pack_name("d")) == 16);
    CHECK(at.items[2].name == ordo::detail::pack_name("h"));
    CHECK_THROWS_WITH(ordo::pages::parse_sizes("n=4,d"), Catch::Contains("expected name=size, got 'd'"));
    CHECK_THROWS_WITH(ordo::pages::parse_sizes("n=four"), Catch::Contains("not an integer size: 'n=four'"));
    CHECK_THROWS_WITH(ordo::pages::parse_sizes("n=4x"), Catch::Contains("'n=4x'"));
    CHECK_THROWS_WITH(ordo::pages::parse_sizes("n=0"), Catch::Contains("n"));
    CHECK_THROWS_AS(ordo::pages::graph_page(mlp(), {.name = "x", .title = "x", .source = "", .code = "",
                                                    .print_order = "", .sizes = "n=1024,d="}),
                    std::invalid_argument);
}

// Issue 15: a page evaluates costs at its sizes, so sizes the graph cannot run at (an extent
// d/h below 1, or not an integer) fail as eval and the runtime fail, naming the extent.
TEST_CASE("a page refuses sizes at which an extent is below 1 or fractional", "[pages][errors]") {
    constexpr auto b = ordo::dim<"b">;
    constexpr auto h = ordo::dim<"h">;
    const ordo::graph g = ordo::models::mha(b, n, d, h);
    const auto info = [](const char* sizes) {
        return ordo::pages::page_info{.name = "mha", .title = "MHA", .print_order = "b n d h", .sizes = sizes};
    };
    CHECK_NOTHROW(ordo::pages::graph_page(g, info("b=1,n=8,d=64,h=4")));
    CHECK_THROWS_WITH(ordo::pages::graph_page(g, info("b=1,n=8,d=64,h=3")),
                      Catch::Contains("[ordo:E008]") && Catch::Contains("d/h"));
    CHECK_THROWS_WITH(ordo::pages::graph_page(g, info("b=1,n=8,d=4,h=8")),
                      Catch::Contains("[ordo:E029]") && Catch::Contains("d/h"));
}
