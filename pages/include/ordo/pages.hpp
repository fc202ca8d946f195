#pragma once
/// \file
/// Reference pages for any traced graph: the Markdown that `ordo docs` writes for the catalog,
/// for a user's own model. Target `ordo::pages` (`find_package(ordo COMPONENTS pages)`); it
/// needs only the symbolic library.
///
///     const ordo::graph g = ordo::trace(my_model, ordo::input<"x", float>(n, d), ...);
///     ordo::pages::page_info info{.name = "mlp", .title = "My MLP", .print_order = "n d",
///                                 .sizes = "n=1024,d=512"};
///     std::cout << ordo::pages::graph_page(g, info);
///
/// A page has the source (when given), a Mermaid diagram of the graph, a per-op table of
/// FLOPs, bytes moved and live memory as LaTeX, totals under every convention, Θ-classes under
/// named regimes, the regimes under which published figures hold, the crossover where activation-only work overtakes weight work, the graph at
/// published real-model shapes, and a pointer to measured evidence. Pages are deterministic:
/// no dates, no measured values.

#include <ordo/pages/format.hpp>
#include <ordo/pages/real_models.hpp>

#include <ordo/graph.hpp>

#include <string>
#include <utility>
#include <vector>

namespace ordo::pages {

/// What a page says about a graph besides the graph itself (every member defaults, so designated
/// initializers may name only what they set).
struct page_info {
    std::string name = {};           ///< file and anchor name
    std::string title = {};
    std::string source = {};         ///< where the model and its analysis come from (may be empty)
    std::string code = {};           ///< the model's source text (may be empty)
    std::string print_order = {};    ///< dimensions first in printed terms, e.g. "b n d h"
    std::string sizes = {};          ///< sizes to evaluate at, `name=value,...`
    /// The dimension the crossover also moves along, besides n (e.g. a window w).
    std::string sweep = "n";
    /// How published shapes bind this graph's dimensions (`real_shapes::none` drops the table).
    real_shapes shapes = real_shapes::as_named;
    /// Directory, relative to the page, of `ordo validate --docs` output with `<name>.md` and
    /// `<name>_time.svg`, `<name>_peak.svg`; empty when the graph has no measured evidence.
    std::string evidence = {};
    /// Figures published for this model: the page says under which regimes each holds.
    std::vector<published_figure> published = {};
    /// Image, relative to the page, of its ops on `roofline_machine`'s roofline at the page's
    /// sizes (`ordo docs` draws it with gnuplot); empty: no plot.
    std::string roofline_plot = {};
    const hardware* roofline_machine = &hardware::h100_sxm;
};

/// A named set of assumptions under which Θ-classes are reported.
using regimes = std::vector<std::pair<std::string, assumptions>>;

/// The Markdown reference page of a traced graph, with Θ-classes under each regime.
std::string graph_page(const graph& g, const page_info& info, const regimes& under);
/// The same with Θ-classes under no assumption, n ≪ d and d ≪ n.
std::string graph_page(const graph& g, const page_info& info);

}  // namespace ordo::pages
