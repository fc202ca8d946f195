// all_reduce on the runtime with a group of devices (run_options::group), and the device
// parts the MPI check cuts from a whole layer's weights (tools/parallel/shards.hpp). The MPI
// run itself is the test tool.validate_parallel_quick.
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include "../../tools/parallel/shards.hpp"

#include <catch2/catch.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xrandom.hpp>

using namespace ordo;
namespace rt = ordo::runtime;
using Catch::Matchers::Contains;

namespace {
constexpr auto r = dim<"r">;
constexpr auto q = dim<"q">;
constexpr auto t = dim<"t">;

/// A group whose other devices hold the same values as this one: the sum is `devices` times
/// the part. It records what it was asked to sum.
class copies final : public rt::collectives {
public:
    explicit copies(std::int64_t devices) : devices_(devices) {}
    [[nodiscard]] std::int64_t size() const override { return devices_; }
    void all_reduce(float* data, std::int64_t count) override { scale(data, count); }
    void all_reduce(double* data, std::int64_t count) override { scale(data, count); }
    std::int64_t calls = 0, elements = 0;

private:
    template <typename F>
    void scale(F* data, std::int64_t count) {
        ++calls;
        elements += count;
        for (std::int64_t j = 0; j < count; ++j) data[j] *= static_cast<F>(devices_);
    }
    std::int64_t devices_;
};
}  // namespace

TEST_CASE("all_reduce sums through the run's group, counting no FLOPs", "[runtime][collectives]") {
    const auto g = trace([](auto x) { return all_reduce(x * x, t); }, input<"x", double>(r, q));
    const auto at = bind(r = 3, q = 5, t = 4);
    const xt::xarray<double> x = xt::random::randn<double>({3, 5});
    copies group(4);
    rt::run_options options;
    options.group = &group;
    const xt::xarray<double> y = rt::execute<double>(g, at, {{"x", x}}, options);
    const bool summed = y == xt::xarray<double>(4.0 * x * x);
    CHECK(summed);
    CHECK(group.calls == 1);
    CHECK(group.elements == 15);
    // the group's additions are the library's: only x·x is counted, as flops(g) says
    const auto counts = rt::count_operations(g, at, conventions::standard, {{"x", x}}, options);
    CHECK(rt::counted_flops(counts, conventions::standard) == 15);
    CHECK(eval(flops(g), at) == 15);
}

TEST_CASE("all_reduce over t devices in a group of another size is E313, naming both", "[runtime][collectives]") {
    const auto g = trace([](auto x) { return all_reduce(x, t); }, input<"x", float>(r, q));
    copies group(3);
    rt::run_options options;
    options.group = &group;
    CHECK_THROWS_WITH(rt::execute<float>(g, bind(r = 2, q = 2, t = 2), {}, options),
                      Contains("E313") && Contains("sums over 2 devices") && Contains("is in a group of 3"));
}

TEST_CASE("a device's part of the training layer: heads and MLP width split, the rest whole", "[runtime][collectives]") {
    const rt::named_arrays whole{{"w_q", xt::xarray<float>(xt::arange<float>(4 * 2 * 3).reshape({4, 2, 3}))},
                                 {"w_1", xt::xarray<float>(xt::arange<float>(2 * 8).reshape({2, 8}))},
                                 {"gain_1", xt::xarray<float>(xt::arange<float>(2))}};
    const auto part = ordo_tool::shard_of(whole, 1, 2);
    const auto& w_q = std::get<xt::xarray<float>>(part.at("w_q"));
    const auto& w_1 = std::get<xt::xarray<float>>(part.at("w_1"));
    CHECK(w_q.shape() == std::vector<std::size_t>{2, 2, 3});
    CHECK(w_q(0, 0, 0) == 12.0f);  // head 2 of 4: the second half of the heads
    CHECK(w_1.shape() == std::vector<std::size_t>{2, 4});
    CHECK(w_1(1, 0) == 12.0f);  // row 1, column 4 of 8
    CHECK(std::get<xt::xarray<float>>(part.at("gain_1")).size() == 2);
    CHECK_THROWS_WITH(ordo_tool::shard_of(whole, 0, 3), Contains("w_1") && Contains("does not split 3 ways"));
}
