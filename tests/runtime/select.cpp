// Numerics of the selecting ops against plain loops: slice, gather (embedding and a gather
// along a later axis, as a take and as a one-hot matmul), top_k (descending, ties to the
// lowest index, against a stable sort).
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include <catch2/catch.hpp>
#include <xtensor/xrandom.hpp>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <tuple>
#include <vector>

using namespace ordo;
namespace rt = ordo::runtime;

using namespace ordo::models::symbols;  // b, n, d, V

namespace {
}  // namespace

TEST_CASE("slice copies the positions it names", "[runtime][numerics][select]") {
    const graph halves = trace([](auto x) { return std::tuple{slice<-1>(x, zero, d / c<2>), slice<-1>(x, d / c<2>, d / c<2>)}; },
                               input<"x", double>(b, n, d));
    const xt::xarray<double> x = xt::random::randn<double>({2, 3, 8});
    const auto parts = rt::execute_all<double>(halves, bind(b = 2, n = 3, d = 8), {{"x", x}});
    REQUIRE(parts.size() == 2);
    REQUIRE(parts[0].shape() == std::vector<std::size_t>{2, 3, 4});
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t p = 0; p < 3; ++p)
            for (std::size_t c = 0; c < 4; ++c) {
                CHECK(parts[0](i, p, c) == x(i, p, c));
                CHECK(parts[1](i, p, c) == x(i, p, c + 4));
            }
}

TEST_CASE("embedding takes rows of the table, as a take and as a one-hot matmul", "[runtime][numerics][select]") {
    const graph lookup = trace([](auto ids, auto table) { return embedding(ids, table); }, input<"ids", std::int32_t>(b, n),
                               param<"table", double>(V, d));
    const xt::xarray<std::int32_t> ids = {{4, 0, 2}, {2, 2, 1}};
    const xt::xarray<double> table = xt::random::randn<double>({5, 3});
    const auto at = bind(b = 2, n = 3, V = 5, d = 3);
    const rt::named_arrays inputs{{"ids", ids}, {"table", table}};
    const auto take = rt::execute<double>(lookup, at, inputs);
    const auto one_hot = rt::execute<double>(lookup, at, inputs, {1, true, true});
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t p = 0; p < 3; ++p)
            for (std::size_t c = 0; c < 3; ++c) {
                CHECK(take(i, p, c) == table(static_cast<std::size_t>(ids(i, p)), c));
                CHECK(one_hot(i, p, c) == table(static_cast<std::size_t>(ids(i, p)), c));  // exact: one nonzero term
            }
}

TEST_CASE("gather along a later axis shares the leading axes", "[runtime][numerics][select]") {
    const graph pick = trace([](auto t, auto ids) { return gather<1>(t, ids); }, input<"t", double>(b, n, d),
                             input<"ids", std::int32_t>(b, m));
    const xt::xarray<double> t = xt::random::randn<double>({2, 4, 3});
    const xt::xarray<std::int32_t> ids = {{3, 3, 0, 1, 2}, {0, 1, 1, 3, 2}};
    const auto at = bind(b = 2, n = 4, d = 3, m = 5);
    for (bool one_hot : {false, true}) {
        const auto y = rt::execute<double>(pick, at, {{"t", t}, {"ids", ids}}, {1, true, one_hot});
        REQUIRE(y.shape() == std::vector<std::size_t>{2, 5, 3});
        for (std::size_t i = 0; i < 2; ++i)
            for (std::size_t j = 0; j < 5; ++j)
                for (std::size_t c = 0; c < 3; ++c) CHECK(y(i, j, c) == t(i, static_cast<std::size_t>(ids(i, j)), c));
    }
    // drawn ids index the gathered axis (n = 3), not some other extent: no E306
    CHECK_NOTHROW(rt::execute<double>(pick, bind(b = 2, n = 3, d = 2, m = 40)));
    CHECK_NOTHROW(rt::measure(trace([](auto t2, auto ids2) { return gather<1>(t2, ids2); }, input<"t", float>(b, n, d),
                                    input<"ids", std::int32_t>(b, m)),
                              bind(b = 2, n = 3, d = 2, m = 40), conventions::chinchilla));
}

TEST_CASE("top_k: the k largest in descending order, ties to the lowest index", "[runtime][numerics][select]") {
    const graph largest = trace([](auto x) { const auto r = top_k<-1>(x, e); return std::tuple{r.values, r.indices}; },
                                input<"x", double>(b, E));
    const xt::xarray<double> ties = {{3, 1, 3, 2, 5}, {1, 1, 1, 1, 1}};
    const auto r = rt::execute_all<double>(largest, bind(b = 2, E = 5, e = 3), {{"x", ties}});
    REQUIRE(r.size() == 2);
    CHECK(r[1] == xt::xarray<double>{{4, 0, 2}, {0, 1, 2}});
    CHECK(r[0] == xt::xarray<double>{{5, 3, 3}, {1, 1, 1}});

    // random rows with repeated values against a stable sort (an independent selection)
    xt::xarray<double> x = xt::floor(xt::random::rand<double>({6, 9}) * 4.0);
    for (std::int64_t k : {1, 4, 9}) {
        const auto got = rt::execute_all<double>(largest, bind(b = 6, E = 9, e = k), {{"x", x}});
        for (std::size_t i = 0; i < 6; ++i) {
            std::vector<std::size_t> order(9);
            std::iota(order.begin(), order.end(), 0);
            std::stable_sort(order.begin(), order.end(), [&](std::size_t p, std::size_t q) { return x(i, p) > x(i, q); });
            for (std::size_t j = 0; j < static_cast<std::size_t>(k); ++j) {
                CHECK(got[1](i, j) == static_cast<double>(order[j]));
                CHECK(got[0](i, j) == x(i, order[j]));
            }
        }
    }
}
