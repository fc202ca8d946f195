// The backward pass on the runtime: backward(g)'s counted FLOPs equal its symbolic FLOPs under
// every convention for each catalog model whose gradient nodes all have kernels (so each
// gradient rule's constant is checked by counting), and the gradients it computes agree with
// central finite differences (double).
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include "../../tools/report.hpp"

#include <catch2/catch.hpp>
#include <xtensor/xrandom.hpp>

#include <set>
#include <string>

using namespace ordo;
namespace rt = ordo::runtime;

namespace {
constexpr auto r = dim<"r">;
constexpr auto q = dim<"q">;
constexpr auto k = dim<"k">;
}  // namespace

TEST_CASE("backward graphs: counted FLOPs equal the symbolic ones, model by model", "[runtime][backward]") {
    const std::array<const convention*, 4> all{&conventions::standard, &conventions::gemm_only, &conventions::macs,
                                               &conventions::chinchilla};
    std::set<std::string> ran;
    models::for_each_entry([&](const auto& entry) {
        const graph g = entry.make();
        if (g.region_count > 1) return;  // loops (layers, decoding steps, tiles): not run backward yet
        graph bw;
        try {
            bw = backward(g);
        } catch (const ordo::error&) {  // E018: a backward graph past max_nodes (deepseek_decoder)
            return;
        }
        const bindings at = ordo_tool::parse_sizes(std::string(entry.checks[0]), "");
        rt::op_counts counts;
        try {
            counts = rt::count_operations(bw, at);
        } catch (const ordo::error& e) {
            if (std::string(e.id()) != "E303") throw;  // a gradient without a kernel yet
            return;
        }
        INFO(entry.name << " at " << entry.checks[0]);
        for (const convention* c : all) CHECK(rt::counted_flops(counts, *c) == eval(flops(bw, *c), at));
        ran.insert(std::string(entry.name));
    });
    // the attention models, whose gradients are contractions, softmax and the accumulating adds
    for (const char* name : {"mha", "mqa", "gqa", "cross_attention", "standard_attention"}) {
        INFO(name);
        CHECK(ran.count(name) == 1);
    }
}

TEST_CASE("backward graphs compute the gradient: central differences agree", "[runtime][backward]") {
    constexpr auto n = dim<"n">;
    // add, multiply (both with a broadcast operand), causal_mask, softmax, and x and s used twice
    const graph g = trace([](auto x, auto s) { return softmax(causal_mask(x * s)) * x + s; }, input<"x", double>(n, n),
                          param<"s", double>(n));
    const graph bw = backward(g, backward_options{true});  // replays the forward: its values are real
    const auto at = bind(n = 5);
    const xt::xarray<double> x = xt::random::randn<double>({5, 5}), s = xt::random::randn<double>({5}),
                             dy = xt::random::randn<double>({5, 5});
    const xt::xarray<double> analytic = rt::execute<double>(bw, at, {{"x", x}, {"s", s}, {"grad_output", dy}});
    // the output is the gradient of one leaf: s [n] or x [n, n], by its shape
    const bool of_s = analytic.dimension() == 1;
    const auto loss = [&](const xt::xarray<double>& xv, const xt::xarray<double>& sv) {
        return xt::sum(rt::execute<double>(g, at, {{"x", xv}, {"s", sv}}) * dy)();
    };
    xt::xarray<double> theta = of_s ? s : x;
    double worst = 0;
    for (std::size_t j = 0; j < theta.size(); ++j) {
        constexpr double step = 1e-6;
        xt::xarray<double> up = theta, down = theta;
        up.flat(j) += step;
        down.flat(j) -= step;
        const double numeric = of_s ? (loss(x, up) - loss(x, down)) / (2 * step) : (loss(up, s) - loss(down, s)) / (2 * step);
        worst = std::max(worst, std::abs(numeric - analytic.flat(j)));
    }
    INFO("gradient of " << (of_s ? "s" : "x"));
    CHECK(worst < 1e-6);
}

TEST_CASE("each gradient kernel performs the operations its rule counts, and is a derivative", "[runtime][backward]") {
    const std::array<const convention*, 4> all{&conventions::standard, &conventions::gemm_only, &conventions::macs,
                                               &conventions::chinchilla};
    const auto at = bind(r = 3, q = 4, k = 9);
    const graph activations[] = {
        trace([](auto x) { return gelu(x); }, input<"x", double>(r, q)),
        trace([](auto x) { return silu(x); }, input<"x", double>(r, q)),
        trace([](auto x) { return rsqrt_scale(x, k); }, input<"x", double>(r, q)),
        trace([](auto x) { return softmax(causal_mask(x)); }, input<"x", double>(r, q)),
    };
    for (const graph& g : activations) {
        const graph bw = backward(g, backward_options{true});
        const rt::op_counts counts = rt::count_operations(bw, at);
        for (const convention* c : all) CHECK(rt::counted_flops(counts, *c) == eval(flops(bw, *c), at));
        // d/dx of Σ dy·f(x), against central differences
        const xt::xarray<double> x = xt::random::randn<double>({3, 4}), dy = xt::random::randn<double>({3, 4});
        const xt::xarray<double> analytic = rt::execute<double>(bw, at, {{"x", x}, {"grad_output", dy}});
        double worst = 0;
        for (std::size_t j = 0; j < x.size(); ++j) {
            constexpr double step = 1e-6;
            xt::xarray<double> up = x, down = x;
            up.flat(j) += step;
            down.flat(j) -= step;
            const double numeric = (xt::sum(rt::execute<double>(g, at, {{"x", up}}) * dy)() -
                                    xt::sum(rt::execute<double>(g, at, {{"x", down}}) * dy)()) / (2 * step);
            worst = std::max(worst, std::abs(numeric - analytic.flat(j)));
        }
        CHECK(worst < 1e-6);
    }
}
