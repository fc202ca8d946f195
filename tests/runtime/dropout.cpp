// Dropout on the runtime: the mask drawn from the run's seed keeps each element with
// probability 1 − p, the kept ones scaled by 1/(1 − p); the fast and generic paths agree.
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include <catch2/catch.hpp>
#include <xtensor/xbuilder.hpp>

using namespace ordo;
namespace rt = ordo::runtime;

namespace {
constexpr auto r = dim<"r">;
constexpr auto c = dim<"c">;
const auto g = trace([](auto x) { return dropout(x, rational(1, 4)); }, input<"x", double>(r, c));
const auto g32 = trace([](auto x) { return dropout(x, rational(1, 4)); }, input<"x", float>(r, c));
const auto sizes = bind(r = 64, c = 1000);
const rt::named_arrays ones{{"x", xt::xarray<double>(xt::ones<double>({64, 1000}))}};
}  // namespace

TEST_CASE("dropout keeps a share 1 - p of the elements, scaled by 1/(1 - p)", "[runtime][dropout]") {
    const auto y = rt::execute<double>(g, sizes, ones);
    std::int64_t dropped = 0;
    for (const double v : y) {
        REQUIRE((v == 0.0 || v == 4.0 / 3.0));
        dropped += v == 0.0;
    }
    // 64,000 draws: the share's standard deviation is 0.0017, so ±0.01 is some 6 of them
    CHECK(static_cast<double>(dropped) / 64000.0 == Approx(0.25).margin(0.01));
}

TEST_CASE("dropout's mask follows the seed, and the fast and generic paths draw the same one", "[runtime][dropout]") {
    const xt::xarray<double> first = rt::execute<double>(g, sizes, ones, {7, true});
    const bool same_seed = first == rt::execute<double>(g, sizes, ones, {7, true});
    const bool generic = first == rt::execute<double>(g, sizes, ones, {7, false});
    const bool other_seed = first == rt::execute<double>(g, sizes, ones, {8, true});
    const xt::xarray<float> single = rt::execute<float>(g32, sizes, {{"x", xt::xarray<float>(xt::ones<float>({64, 1000}))}}, {7, true});
    const bool in_float = single == xt::xarray<float>(xt::cast<float>(first));
    CHECK(same_seed);
    CHECK(generic);
    CHECK_FALSE(other_seed);
    CHECK(in_float);
}

TEST_CASE("measure counts the one-byte mask at one byte in a graph of doubles: the peak is the symbolic one",
          "[runtime][dropout]") {
    // the mask lives beside x and y: counted at the scalar's 8 bytes, it would add 7 per element
    CHECK(rt::measure(g, sizes).peak_bytes == eval(peak_memory(g), sizes));
}

TEST_CASE("a dropout probability outside [0, 1) is E032, naming it", "[runtime][dropout]") {
    const auto drop = [](rational p) {
        return trace([p](auto x) { return dropout(x, p); }, input<"x", float>(r));
    };
    CHECK_THROWS_WITH(drop(rational(1)), Catch::Contains("[ordo:E032]") && Catch::Contains("p = 1 is outside [0, 1)"));
    CHECK_THROWS_WITH(drop(rational(-1, 2)), Catch::Contains("[ordo:E032]") && Catch::Contains("p = -1/2"));
    CHECK_NOTHROW(drop(rational(0)));
}

TEST_CASE("run_options::dropout_keeps_all keeps every element, still scaled", "[runtime][dropout]") {
    rt::run_options keep;
    keep.dropout_keeps_all = true;
    const auto y = rt::execute<double>(g, sizes, ones, keep);
    bool all_kept = true;
    for (const double v : y) all_kept = all_kept && v == 4.0 / 3.0;
    CHECK(all_kept);
    // the same arithmetic as a real draw: the counts do not change
    const auto drawn = rt::count_operations(g, sizes, conventions::standard, ones);
    const auto kept = rt::count_operations(g, sizes, conventions::standard, ones, keep);
    CHECK(rt::counted_flops(kept, conventions::standard) == rt::counted_flops(drawn, conventions::standard));
    CHECK(rt::counted_flops(kept, conventions::standard) == eval(flops(g), sizes));
}
