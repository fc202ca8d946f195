// all_reduce on the runtime with a group of devices (run_options::group), and the device
// parts the MPI check cuts from a whole layer's weights (tools/parallel/shards.hpp). The MPI
// run itself is the test tool.validate_parallel_quick.
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include "../../tools/parallel/shards.hpp"
#include "../../tools/parallel_check.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

using namespace ordo;
namespace rt = ordo::runtime;
using Catch::Matchers::Contains;

namespace {
constexpr auto r = dim<"r">;
constexpr auto q = dim<"q">;
constexpr auto t = dim<"t">;

/// A group whose other devices hold the same values as this one, rank 0: the sum is `devices`
/// times the part, a gather `devices` copies of it. It records what it was asked to combine.
class copies final : public rt::collectives {
public:
    explicit copies(std::int64_t devices) : devices_(devices) {}
    [[nodiscard]] std::int64_t size() const override { return devices_; }
    void all_reduce(float* data, std::int64_t count) override { scale(data, count); }
    void all_reduce(double* data, std::int64_t count) override { scale(data, count); }
    void all_gather(const float* part, std::int64_t count, float* all) override { repeat(part, count, all); }
    void all_gather(const double* part, std::int64_t count, double* all) override { repeat(part, count, all); }
    void reduce_scatter(const float* all, std::int64_t count, float* part) override { first(all, count, part); }
    void reduce_scatter(const double* all, std::int64_t count, double* part) override { first(all, count, part); }
    std::int64_t calls = 0, elements = 0;

private:
    template <typename F>
    void repeat(const F* part, std::int64_t count, F* all) {
        ++calls;
        elements += count;
        for (std::int64_t r = 0; r < devices_; ++r) std::copy_n(part, count, all + r * count);
    }
    template <typename F>
    void first(const F* all, std::int64_t count, F* part) {
        ++calls;
        elements += count;
        for (std::int64_t j = 0; j < count; ++j) part[j] = all[j] * static_cast<F>(devices_);
    }
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

TEST_CASE("all_gather joins and reduce_scatter cuts along their axis through the run's group, counting no FLOPs",
          "[runtime][collectives]") {
    const auto at = bind(r = 2, q = 3, t = 2);
    const xt::xarray<double> x = xt::random::randn<double>({2, 3});
    copies group(2);
    rt::run_options options;
    options.group = &group;
    // along axis 1: rank 0's columns, then rank 1's (here the same values)
    const auto gathered = trace([](auto v) { return all_gather<1>(v, t); }, input<"x", double>(r, q));
    const xt::xarray<double> joined = rt::execute<double>(gathered, at, {{"x", x}}, options);
    const bool both = joined == xt::xarray<double>(xt::concatenate(xt::xtuple(x, x), 1));
    CHECK(both);
    CHECK(group.elements == 6);
    // along axis 0 of [r·t, q]... its rank-0 part, rows [0, r), summed over the 2 devices
    const auto scattered = trace([](auto v) { return reduce_scatter<0>(v, t); }, input<"x", double>(r * t, q));
    const xt::xarray<double> y = xt::random::randn<double>({4, 3});
    const xt::xarray<double> part = rt::execute<double>(scattered, at, {{"x", y}}, options);
    const bool summed = part == xt::xarray<double>(2.0 * xt::view(y, xt::range(0, 2)));
    CHECK(summed);
    CHECK(rt::counted_flops(rt::count_operations(scattered, at, conventions::standard, {{"x", y}}, options),
                            conventions::standard) == 0);
    // without a group of t devices: E313
    CHECK_THROWS_WITH(rt::execute<double>(gathered, at, {{"x", x}}), Contains("E313") && Contains("gathers from 2 devices"));
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

TEST_CASE("ordo validate --parallel names what is missing: ordo-parallel, or its result", "[runtime][collectives]") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "ordo_parallel_check_test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    CHECK_THROWS_WITH(ordo_tool::parallel_check(true, dir.string()), Contains("ordo-parallel") && Contains("is missing") &&
                                                                          Contains("openmpi-bin"));
    // a rank program that prints no JSON (as a crash before its report would): mpirun runs it,
    // and the check says which command printed nothing, with its output
    const std::filesystem::path fake = dir / "ordo-parallel";
    std::ofstream(fake) << "#!/bin/sh\necho no report here\n";
    std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
    CHECK_THROWS_WITH(ordo_tool::parallel_check(true, dir.string()), Contains("printed no result") && Contains("mpirun") &&
                                                                          Contains("no report here"));
    std::filesystem::remove_all(dir);
}
