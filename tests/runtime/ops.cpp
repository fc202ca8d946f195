// Every op of the graphs issue on the runtime: counted FLOPs and measured peak equal the
// symbolic costs (ops the catalog does not use included), and the layout ops agree with
// plain index arithmetic.
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include <catch2/catch.hpp>
#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

using namespace ordo;
namespace rt = ordo::runtime;

using namespace ordo::models::symbols;  // b, n, d, h, w

TEST_CASE("every op: counted FLOPs and measured peak equal the symbolic costs", "[runtime][ops]") {
    const graph g = trace(
        [](auto x, auto gain, auto bias, auto other) {
            const auto heads = split_heads(x, h);                                   // [b, h, n, d/h]
            const auto back = merge_heads(scale(heads, rational(1, 2)));           // [b, n, d]
            const auto normed = rms_norm(back, gain) - layer_norm(x, gain, bias);  // subtract
            const auto act = silu(normed) / (gelu(other) + exp(other));
            const auto joined = concat<1>(act, x);                                  // [b, 2n, d]
            const auto pooled = mean<1>(joined) + sum<1>(x) + max<1>(x);            // [b, d]
            const auto scores = causal_mask(einsum<"bnd,bmd->bnm">(x, x));          // [b, n, n]
            const auto windowed = window(x, w);                                     // [b, n, w, d]
            const auto mixed = einsum<"bnwd,bnm->bd">(windowed, softmax(scores));
            return maximum(reshape(pooled, b, d), mixed);
        },
        input<"x", float>(b, n, d), param<"gain", float>(d), param<"bias", float>(d), input<"other", float>(b, n, d));
    for (const auto& at : {bind(b = 2, n = 6, d = 8, h = 2, w = 3), bind(b = 1, n = 5, d = 12, h = 3, w = 2)}) {
        for (const convention& c : {conventions::standard, conventions::gemm_only, conventions::macs}) {
            const auto m = rt::measure(g, at, c);
            CHECK(m.flops == eval(flops(g, c), at));
            CHECK(m.peak_bytes == eval(peak_memory(g), at));
        }
        CHECK(xt::all(xt::isfinite(rt::execute<double>(g, at))));
    }
}

TEST_CASE("layout ops agree with plain index arithmetic", "[runtime][ops]") {
    const auto at = bind(b = 2, n = 3, d = 6, h = 2, w = 2);
    const xt::xarray<double> x = xt::random::randn<double>({2, 3, 6});
    const rt::named_arrays inputs{{"x", x}};
    const auto split = rt::execute<double>(trace([](auto t) { return split_heads(t, h); }, input<"x", double>(b, n, d)), at, inputs);
    const auto merged = rt::execute<double>(trace([](auto t) { return merge_heads(split_heads(t, h)); }, input<"x", double>(b, n, d)), at, inputs);
    const auto joined = rt::execute<double>(trace([](auto t) { return concat<2>(t, t); }, input<"x", double>(b, n, d)), at, inputs);
    const auto windows = rt::execute<double>(trace([](auto t) { return window(t, w); }, input<"x", double>(b, n, d)), at, inputs);
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t p = 0; p < 3; ++p)
            for (std::size_t c = 0; c < 6; ++c) {
                CHECK(split(i, c / 3, p, c % 3) == x(i, p, c));  // head c / (d/h), column c % (d/h)
                CHECK(merged(i, p, c) == x(i, p, c));
                CHECK(joined(i, p, c) == x(i, p, c));
                CHECK(joined(i, p, c + 6) == x(i, p, c));
                CHECK(windows(i, p, 1, c) == x(i, p, c));                        // the newest position last
                CHECK(windows(i, p, 0, c) == (p == 0 ? 0.0 : x(i, p - 1, c)));  // zeros before the start
            }
}

TEST_CASE("window: an output of 1 MiB or more (non-temporal stores on an aligned buffer) agrees too", "[runtime][ops]") {
    // [b, n, w, d] = 2·64·16·70 elements (1.1 MiB as float, 2.2 MiB as double): past the size
    // from which the allocator aligns, so the rows that start 32-byte aligned (every 4th of 280
    // bytes as float, every 2nd of 560 as double) take the streaming copy, with a remainder past
    // the last full vector (6 floats, 2 doubles); the others take the plain copy
    const auto at = bind(b = 2, n = 64, d = 70, w = 16);
    const xt::xarray<double> x = xt::random::randn<double>({2, 64, 70});
    const rt::named_arrays inputs{{"x", x}};
    const auto as_double = rt::execute<double>(trace([](auto t) { return window(t, w); }, input<"x", double>(b, n, d)), at, inputs);
    const xt::xarray<float> x32 = xt::cast<float>(x);
    const auto as_float = rt::execute<float>(trace([](auto t) { return window(t, w); }, input<"x", float>(b, n, d)), at, {{"x", x32}});
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t p = 0; p < 64; ++p)
            for (std::size_t s = 0; s < 16; ++s)
                for (std::size_t c = 0; c < 70; ++c) {
                    const std::ptrdiff_t source = static_cast<std::ptrdiff_t>(p + s) - 15;  // the newest position last
                    const double want = source < 0 ? 0.0 : x(i, static_cast<std::size_t>(source), c);
                    wrong += as_double(i, p, s, c) != want;
                    wrong += as_float(i, p, s, c) != static_cast<float>(want);
                }
    CHECK(wrong == 0);
}

TEST_CASE("measure counts each tensor at its declared width: i64 token ids beside an f32 table", "[runtime][memory]") {
    constexpr auto n = dim<"n">;
    constexpr auto d = dim<"d">;
    constexpr auto V = dim<"V">;
    const graph lookup = trace([](auto ids, auto table) { return embedding(ids, table); }, input<"ids", std::int64_t>(n),
                               param<"table", float>(V, d));
    const auto at = bind(n = 300, d = 64, V = 1000);
    // ids 300 × 8 B, table 1000 × 64 × 4 B, rows 300 × 64 × 4 B: counted at float's width the
    // ids would be 1,200 B short
    CHECK(rt::measure(lookup, at).peak_bytes == eval(peak_memory(lookup), at));
}
