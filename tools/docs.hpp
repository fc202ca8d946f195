#pragma once
// `ordo docs`: reference pages generated from the graphs, so they cannot drift from the code.
// Deterministic (no dates, no measured values): the test suite regenerates them and diffs.
//   index.md            the seed's questions answered with numbers ordo derives
//   <model>.md          source, Mermaid graph, per-op table, totals, Θ per regime, crossover
//   real-models.md      FLOPs/token, KV cache/token, parameters, crossovers for real shapes
// A user's own graph gets the same page from `ordo::pages::graph_page` (<ordo/pages.hpp>).

#include <string>

namespace ordo_tool {

/// Writes every catalog page, the index and the real-model table into `out` (created if
/// needed); `source_dir` is ordo's source tree, whose headers the pages quote.
void write_docs(const std::string& out, const std::string& source_dir);

}  // namespace ordo_tool
