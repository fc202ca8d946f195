// The runtime issue's acceptance: counted FLOPs and the measured peak equal the symbolic
// costs, for MHA verbatim and for every catalog model at three size points.
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>

#include "../../tools/report.hpp"

#include <catch2/catch.hpp>

namespace {
constexpr auto b = ordo::dim<"b">;
constexpr auto n = ordo::dim<"n">;
constexpr auto d = ordo::dim<"d">;
constexpr auto h = ordo::dim<"h">;
constexpr auto g = ordo::models::mha(b, n, d, h);
}  // namespace

TEST_CASE("acceptance: measured MHA equals its symbolic costs", "[runtime][acceptance]") {
    const auto at = ordo::bind(b = 2, n = 64, d = 128, h = 4);
    const auto m = ordo::runtime::measure(g, at);  // executes g, counting as it goes
    REQUIRE(m.flops == ordo::eval(ordo::flops(g), at));
    REQUIRE(m.peak_bytes == ordo::eval(ordo::peak_memory(g), at));
    const auto mg = ordo::runtime::measure(g, at, ordo::conventions::gemm_only);
    REQUIRE(mg.flops == ordo::eval(ordo::flops(g, ordo::conventions::gemm_only), at));
}

TEST_CASE("every catalog model: counted FLOPs and measured peak equal the symbolic costs", "[runtime][catalog]") {
    const ordo::convention conventions[] = {ordo::conventions::standard, ordo::conventions::gemm_only,
                                            ordo::conventions::macs, ordo::conventions::chinchilla};
    ordo::models::for_each_entry([&](const auto& entry) {
        const ordo::graph model = entry.make();
        for (const std::string_view sizes : entry.checks) {
            const ordo::bindings at = ordo_tool::parse_sizes(std::string(sizes), "");
            for (const ordo::convention& c : conventions) {
                INFO(entry.name << " at " << sizes << " under " << c.name);
                const auto m = ordo::runtime::measure(model, at, c);
                CHECK(m.flops == ordo::eval(ordo::flops(model, c), at));
                CHECK(m.peak_bytes == ordo::eval(ordo::peak_memory(model), at));
            }
        }
    });
}
