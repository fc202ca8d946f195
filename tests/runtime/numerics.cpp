// Numerics: the kernels against plain loops, the BLAS path against the generic one, and the
// identities between catalog models that must hold with real numbers.
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include "../../tools/report.hpp"

#include <catch2/catch.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xrandom.hpp>

#include <cmath>

using namespace ordo;
namespace rt = ordo::runtime;

using namespace ordo::models::symbols;  // b, n, d, h, g, M

namespace {

/// max |x − y| / max(1, max |y|)
template <typename A, typename B>
double relative_error(const A& x, const B& y) {
    REQUIRE(x.shape() == y.shape());
    const double scale = std::max(1.0, static_cast<double>(xt::amax(xt::abs(y))()));
    return static_cast<double>(xt::amax(xt::abs(x - y))()) / scale;
}
}  // namespace

TEST_CASE("contractions agree with plain loops, through BLAS and through the generic kernel", "[runtime][numerics]") {
    const auto g = trace([](auto x, auto w) { return einsum<"bnd,dk->bkn">(x, w); }, input<"x", double>(b, n, d),
                         input<"w", double>(d, k));
    const auto at = bind(b = 2, n = 5, d = 7, k = 3);
    xt::xarray<double> x = xt::random::randn<double>({2, 5, 7}), w = xt::random::randn<double>({7, 3});
    const rt::named_arrays inputs{{"x", x}, {"w", w}};
    xt::xarray<double> expected = xt::zeros<double>({2, 3, 5});
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t q = 0; q < 3; ++q)
            for (std::size_t p = 0; p < 5; ++p)
                for (std::size_t c = 0; c < 7; ++c) expected(i, q, p) += x(i, p, c) * w(c, q);
    CHECK(relative_error(rt::execute<double>(g, at, inputs), expected) < 1e-12);
    CHECK(relative_error(rt::execute<double>(g, at, inputs, {1, false}), expected) < 1e-12);
}

TEST_CASE("few-row products (the thin kernels) and pooled gemms agree with the generic kernel", "[runtime][numerics]") {
    // Rows 1..8 take the thin kernels (B walked by rows or by columns, C transposed when the
    // few rows are the output's last axis), 9..16 the grouped ones (by rows: 8 at a time per
    // block of B; by columns: all rows at once, Cᵀ summed); more take BLAS on the pool, split
    // into blocks when one product is large and side by side when there are many entries.
    constexpr auto m = dim<"m">;
    constexpr auto q = dim<"q">;
    const auto by_rows = trace([](auto x, auto w) { return einsum<"emk,ekq->emq">(x, w); }, input<"x", double>(b, m, k),
                               input<"w", double>(b, k, q));
    const auto by_columns = trace([](auto x, auto w) { return einsum<"emk,eqk->emq">(x, w); }, input<"x", double>(b, m, k),
                                  input<"w", double>(b, q, k));
    const auto transposed = trace([](auto x, auto w) { return einsum<"emk,ekq->eqm">(x, w); }, input<"x", double>(b, m, k),
                                  input<"w", double>(b, k, q));
    const auto summed = trace([](auto x, auto w) { return einsum<"emk,ekq->mq">(x, w); }, input<"x", double>(b, m, k),
                              input<"w", double>(b, k, q));
    // summed over e with the parts of A apart (`summed`: each [m, k]; here [k, m] with rows b·m
    // apart) and B's one after another along its depth (an output projection summed over heads)
    const auto summed_transposed = trace([](auto x, auto w) { return einsum<"kem,ekq->mq">(x, w); },
                                         input<"x", double>(k, b, m), input<"w", double>(b, k, q));
    for (const auto* g : {&by_rows, &by_columns, &transposed, &summed, &summed_transposed})
        for (const std::int64_t rows : {1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 17, 33})
            for (const auto& [batch, cols, depth] : {std::array<std::int64_t, 3>{1, 1, 1}, {3, 17, 9}, {2, 40, 70},
                                                     {1, 2048, 64}, {64, 24, 16}, {2, 40, 160}, {1, 32, 300}}) {
                // (B's short rows are read as two streams: values from a depth of 32 on, keys
                // from as many columns as the kernel takes keys at once, 8 / rows of float)
                const auto at = bind(b = batch, m = rows, k = depth, q = cols);
                INFO("b=" << batch << " m=" << rows << " k=" << depth << " q=" << cols);
                const auto fast = rt::execute<double>(*g, at, {}, {3, true});
                CHECK(relative_error(fast, rt::execute<double>(*g, at, {}, {3, false})) < 1e-12);
                const auto single = rt::execute<float>(*g, at, {}, {3, true});
                CHECK(relative_error(single, fast) < 1e-4);
            }
}

TEST_CASE("elementwise kernels agree with their definitions", "[runtime][numerics]") {
    const auto g = trace([](auto x) { return gelu(x) + silu(x) * exp(x); }, input<"x", double>(n));
    xt::xarray<double> x = xt::linspace<double>(-3, 3, 13);
    const auto y = rt::execute<double>(g, bind(n = 13), {{"x", x}});
    const double c = std::sqrt(2.0 / 3.141592653589793);
    xt::xarray<double> expected = 0.5 * x * (1.0 + xt::tanh(c * (x + 0.044715 * x * x * x))) + x / (1.0 + xt::exp(-x)) * xt::exp(x);
    CHECK(relative_error(y, expected) < 1e-12);
}

TEST_CASE("softmax stays finite for logits up to ±1e4 and rows sum to 1", "[runtime][numerics]") {
    const auto g = trace([](auto x) { return softmax(x); }, input<"x", float>(b, n));
    xt::xarray<float> x = {{1e4f, -1e4f, 0.0f, 9999.0f}, {-1e4f, -1e4f, -9999.5f, -1e4f}};
    const auto y = rt::execute<float>(g, bind(b = 2, n = 4), {{"x", x}});
    CHECK(xt::all(xt::isfinite(y)));
    CHECK(relative_error(xt::xarray<float>(xt::sum(y, {1})), xt::xarray<float>(xt::ones<float>({2}))) < 1e-6);
    CHECK(y(0, 0) == Approx(1.0 / (1.0 + std::exp(-1.0))).epsilon(1e-5));
}

TEST_CASE("the BLAS path agrees with the generic kernels on every catalog model", "[runtime][numerics]") {
    models::for_each_entry([](const auto& entry) {
        const graph model = entry.make();
        const bindings at = ordo_tool::parse_sizes(std::string(entry.checks[0]), "");
        INFO(entry.name);
        const auto fast = rt::execute<double>(model, at, {}, {7, true});
        const auto generic = rt::execute<double>(model, at, {}, {7, false});
        CHECK(relative_error(fast, generic) < 1e-10);
        CHECK(xt::all(xt::isfinite(fast)));
    });
}

TEST_CASE("GQA with g = h is MHA, with g = 1 is MQA; tiled attention is standard attention", "[runtime][numerics]") {
    const auto at = bind(b = 2, n = 8, d = 16, h = 4);
    CHECK(relative_error(rt::execute<double>(models::gqa(b, n, d, h, h), at), rt::execute<double>(models::mha(b, n, d, h), at)) == 0);
    CHECK(relative_error(rt::execute<double>(models::gqa(b, n, d, h, c<1>), at), rt::execute<double>(models::mqa(b, n, d, h), at)) == 0);
    // grouping changes the result when g differs (the check can fail)
    CHECK(relative_error(rt::execute<double>(models::gqa(b, n, d, h, g), bindings(at).add(binding_for("g", 2))),
                         rt::execute<double>(models::mha(b, n, d, h), at)) > 1e-3);

    const auto sizes = bind(n = 32, d = 8, M = 128);
    const auto tiled = rt::execute<double>(models::flash_attention(n, d, M), sizes);
    const auto standard = rt::execute<double>(models::standard_attention(n, d), sizes);
    CHECK(relative_error(tiled, standard) < 1e-12);
}

TEST_CASE("incremental decoding equals batched causal attention on the same tokens", "[runtime][numerics]") {
    const auto causal = models::trace_attention(
        [](auto x, auto wq, auto wk, auto wv, auto wo) {
            return models::grouped_attention<models::attention_options{true, false}>(
                x, einsum<"bmd,gdk->bgmk">(x, wk), einsum<"bmd,gdk->bgmk">(x, wv), wq, wo, d / h);
        },
        b, n, d, h, h);
    const auto at = bind(b = 2, n = 12, d = 16, h = 4);
    const auto batched = rt::execute<double>(causal, at);  // same names, same seed: same inputs
    CHECK(relative_error(rt::execute<double>(models::mha_incremental(b, n, d, h), at), batched) < 1e-12);
    CHECK(relative_error(rt::execute<double>(models::mha(b, n, d, h), at), batched) > 1e-3);  // not causal
}

TEST_CASE("past the last-level cache, causal_mask streams its result out and agrees with plain loops", "[runtime][numerics]") {
    // 4·1000·1100 floats, 17.6 MB: above stream_written_once_above (16 MiB), so the mask writes
    // with non-temporal stores; rows of 1100 floats start 4400 B apart, so most rows begin off
    // a 32-byte boundary, and the mask's boundary falls anywhere in a row. The softmax after
    // it reads the streamed result (the stores are fenced before another op reads them).
    constexpr auto keys = dim<"keys">;
    const auto g = trace([](auto x) { return softmax(causal_mask(x)); }, input<"x", float>(b, n, keys));
    const auto masked = trace([](auto x) { return causal_mask(x); }, input<"x", float>(b, n, keys));
    const auto at = bind(b = 4, n = 1000, keys = 1100);
    const xt::xarray<float> x = xt::random::randn<float>({4, 1000, 1100});
    const auto y = rt::execute<float>(g, at, {{"x", x}});
    const auto z = rt::execute<float>(masked, at, {{"x", x}});
    std::size_t wrong_masks = 0;
    double worst = 0;
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t p = 0; p < 1000; ++p) {
            const std::size_t seen = p + 100 + 1;  // query p sees keys 0 ... p + m − n
            double top = -INFINITY, total = 0;
            for (std::size_t j = 0; j < seen; ++j) top = std::max(top, static_cast<double>(x(i, p, j)));
            for (std::size_t j = 0; j < seen; ++j) total += std::exp(x(i, p, j) - top);
            for (std::size_t j = 0; j < 1100; ++j) {
                wrong_masks += j < seen ? z(i, p, j) != x(i, p, j) : z(i, p, j) != -INFINITY;
                const double expected = j < seen ? std::exp(x(i, p, j) - top) / total : 0.0;
                worst = std::max(worst, std::abs(y(i, p, j) - expected));
            }
        }
    CHECK(wrong_masks == 0);
    CHECK(worst < 1e-6);
}
