// ordo validate --roofline's bookkeeping of the machine: each model is held to the best figures
// measured during the whole run, and reports the figures measured just before and after it
// (`beside`). A machine that is fastest at the start and slower beside the model tells the two apart.
#include "../../tools/roofline_check.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <vector>

namespace {
/// A machine whose k-th measurement is scale[k] × 10 GB/s and scale[k] × 100 GFLOP/s; `calls`
/// counts the measurements.
struct scripted_machine {
    std::vector<std::int64_t> scale;
    int calls = 0;
    ordo::hardware now = ordo::hardware::h100_sxm;
    ordo_tool::machine_now measure() {
        return [this]() -> const ordo::hardware& {
            const std::int64_t s = scale.at(static_cast<std::size_t>(calls++));
            now.bandwidth = std::int64_t{10'000'000'000} * s;
            now.peak_f32 = std::int64_t{100'000'000'000} * s;
            return now;
        };
    }
};
}  // namespace

TEST_CASE("the roofline check holds each model to the run's best figures and reports those beside it",
          "[runtime][roofline]") {
    scripted_machine machine{{5, 2, 3}};
    const ordo_tool::machine_now varying = machine.measure();
    const auto r = ordo_tool::roofline_check(varying, true, "standard_attention");
    REQUIRE(r["models"].size() == 1);
    const auto& m = r["models"][0];
    CHECK(machine.calls == 3);  // once to start, then before and after the one model
    CHECK(m["beside"]["bandwidth"][0].get<std::int64_t>() == 20'000'000'000);
    CHECK(m["beside"]["bandwidth"][1].get<std::int64_t>() == 30'000'000'000);
    CHECK(m["beside"]["peak_f32"][0].get<std::int64_t>() == 200'000'000'000);
    CHECK(m["beside"]["peak_f32"][1].get<std::int64_t>() == 300'000'000'000);
    CHECK(m["bandwidth"].get<std::int64_t>() == 50'000'000'000);  // the best of the run: its start
    CHECK(m["peak_f32"].get<std::int64_t>() == 500'000'000'000);
}

TEST_CASE("the roofline check times each model in rounds and reports the extremes measured beside them",
          "[runtime][roofline]") {
    // the start, then before and after each of the two rounds of the one model
    scripted_machine machine{{2, 3, 1, 4, 6}};
    const ordo_tool::machine_now varying = machine.measure();
    const auto r = ordo_tool::roofline_check(varying, true, "standard_attention", 2);
    REQUIRE(r["models"].size() == 1);
    const auto& m = r["models"][0];
    CHECK(machine.calls == 5);
    CHECK(r["rounds"].get<int>() == 2);
    CHECK(m["beside"]["bandwidth"][0].get<std::int64_t>() == 10'000'000'000);  // the slowest beside it
    CHECK(m["beside"]["bandwidth"][1].get<std::int64_t>() == 60'000'000'000);  // the fastest, in the second round
    CHECK(m["beside"]["peak_f32"][0].get<std::int64_t>() == 100'000'000'000);
    CHECK(m["bandwidth"].get<std::int64_t>() == 60'000'000'000);  // the run's best, from the second round
    CHECK(m["peak_f32"].get<std::int64_t>() == 600'000'000'000);
}

TEST_CASE("the roofline check waits for a quiet machine before it times a model", "[runtime][roofline]") {
    int pauses = 0;
    // the start at 5; before the model 2 and 3 (under 0.8 of 5: a neighbour), then 5; after it 4
    scripted_machine machine{{5, 2, 3, 5, 4}};
    const ordo_tool::machine_now varying = machine.measure();
    const ordo_tool::quiet_wait wait{0.8, 3, 30, [&] { ++pauses; }};
    const auto r = ordo_tool::roofline_check(varying, true, "standard_attention", 1, &wait);
    const auto& m = r["models"][0];
    CHECK(pauses == 2);
    CHECK(machine.calls == 5);
    CHECK(m["waits"].get<int>() == 2);
    CHECK(m["beside"]["bandwidth"][0].get<std::int64_t>() == 40'000'000'000);  // the figures it ran beside
    CHECK(m["beside"]["bandwidth"][1].get<std::int64_t>() == 50'000'000'000);
    // at most `tries` pauses a round: with one, the model runs after the second slow figure
    machine.calls = 0;
    pauses = 0;
    const ordo_tool::quiet_wait once{0.8, 1, 30, [&] { ++pauses; }};
    const auto r1 = ordo_tool::roofline_check(varying, true, "standard_attention", 1, &once);
    CHECK(pauses == 1);
    CHECK(machine.calls == 4);
    CHECK(r1["models"][0]["beside"]["bandwidth"][0].get<std::int64_t>() == 30'000'000'000);  // timed beside a 3
}
