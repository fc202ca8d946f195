#pragma once
/// \file
/// A figure a paper publishes for a model's cost, and whether a traced graph bears it out
/// under given assumptions. The catalog carries its sources' figures; the reference pages
/// report under which regimes each holds.
///
///     constexpr published_figure shazeer{"Shazeer 2019 §2.3", cost_kind::flops, bound_kind::theta,
///                                        b * n * d * d, "n ≤ d", assume(n <= d)};
///     static_assert(satisfies(models::mha(b, n, d, h), shazeer, shazeer.assumed));
///     static_assert(!satisfies(models::mha(b, n, d, h), shazeer, assume()));

#include <ordo/graph/conventions.hpp>
#include <ordo/graph/cost.hpp>
#include <ordo/graph/costs.hpp>

#include <string_view>

namespace ordo {

/// Which cost a figure is about.
enum class cost_kind { flops, bytes_moved, peak_memory };
/// What a figure claims: the exact cost, its Θ-class, or an upper bound.
enum class bound_kind { exact, theta, big_o };

constexpr std::string_view name_of(cost_kind k) {
    return k == cost_kind::flops ? "FLOPs" : k == cost_kind::bytes_moved ? "bytes moved" : "peak memory";
}
constexpr std::string_view name_of(bound_kind k) { return k == bound_kind::exact ? "=" : k == bound_kind::theta ? "Θ" : "O"; }

/// A published figure. Units do not matter to Θ and O (elements or bytes); an exact figure
/// is in FLOPs under `convention` or in bytes.
struct published_figure {
    std::string_view source = {};       ///< where it is published
    cost_kind cost = cost_kind::flops;
    bound_kind bound = bound_kind::theta;
    polynomial figure = {};
    std::string_view stated = {};       ///< the source's own assumption as it states it (may be empty)
    assumptions assumed = {};           ///< the same, for ordo
    const convention* counted = &conventions::standard;  ///< the FLOP convention of the figure
};

/// Whether the graph's cost bears the figure out under assumptions `a` (E0xx errors when
/// the comparison cannot be decided under them).
constexpr bool satisfies(const graph& g, const published_figure& p, const assumptions& a) {
    auto check = [&](const auto& c) {
        switch (p.bound) {
            case bound_kind::exact: return c.value().is_polynomial() && c.value().candidates[0] == p.figure;
            case bound_kind::theta: return is_theta(c, p.figure, a);
            case bound_kind::big_o: return is_big_o(c, p.figure, a);
        }
        return false;
    };
    switch (p.cost) {
        case cost_kind::flops: return check(flops(g, *p.counted));
        case cost_kind::bytes_moved: return check(bytes_moved(g));
        case cost_kind::peak_memory: return check(peak_memory(g));
    }
    return false;
}

}  // namespace ordo
