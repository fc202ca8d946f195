#pragma once
// `ordo docs`: reference pages generated from the graphs, so they cannot drift from the code.
// Deterministic (no dates, no measured values): the test suite regenerates them and diffs.
//   index.md            the seed's questions answered with numbers ordo derives
//   <model>.md          source, Mermaid graph, per-op table, totals, Θ per regime, crossover
//   real-models.md      FLOPs/token, KV cache/token, parameters, crossovers for real shapes
// A user's own graph gets the same page from `graph_page`.

#include <ordo/ordo.hpp>

#include <string>
#include <utility>
#include <vector>

namespace ordo_tool {

/// What a page says about a graph besides the graph itself.
struct page_info {
    std::string name;            ///< file and anchor name
    std::string title;
    std::string source;          ///< where the model and its analysis come from
    std::string code;            ///< the model's source text (may be empty)
    std::string print_order;     ///< dimensions first in printed terms, e.g. "b n d h"
    std::string sizes;           ///< sizes to evaluate at, `name=value,...`
    std::string sweep = "n";     ///< the dimension of the crossover
};

/// The Markdown reference page of any traced graph, with Θ-classes under each named regime.
std::string graph_page(const ordo::graph& g, const page_info& info,
                       const std::vector<std::pair<std::string, ordo::assumptions>>& regimes);
/// The same with Θ-classes under no assumption only.
std::string graph_page(const ordo::graph& g, const page_info& info);

/// Writes every catalog page, the index and the real-model table into `out` (created if
/// needed); `source_dir` is ordo's source tree, whose headers the pages quote.
void write_docs(const std::string& out, const std::string& source_dir);

}  // namespace ordo_tool
