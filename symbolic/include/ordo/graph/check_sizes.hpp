#pragma once
/// \file
/// `check_sizes(g, at)`: the sizes a graph's costs are evaluated at must be sizes it can run
/// at. Every extent of every tensor and loop count must be an integer of at least 1 (E008
/// naming the extent and the node when d/h does not divide, E029 when it is below 1), the
/// check the runtime makes before it runs; `ordo report` and the pages make it before they
/// print a number.
///
///     ordo::check_sizes(models::mha(b, n, d, h), bind(b = 1, n = 8, d = 4096, h = 3));  // E008

#include <ordo/graph/graph.hpp>
#include <ordo/graph/op_table.hpp>
#include <ordo/symbolic/eval.hpp>
#include <ordo/symbolic/format.hpp>

#include <string>

namespace ordo {

namespace detail {
inline void check_extent(const polynomial& p, const bindings& at, const std::string& where) {
    for (int i = 0; i < p.dim_count; ++i)
        if (at.size_of(p.dims[i]) == 0) return;  // a loop index, or a size for another question
    const rational v = eval_exact(p, at);
    const std::string text = "extent " + to_string(p) + " of " + where + " (" + std::to_string(v.num) +
                             (v.den == 1 ? "" : "/" + std::to_string(v.den)) + " at these sizes)";
    if (v.num < v.den) diagnostic::E029_sizes_make_an_extent_of_the_graph_below_1(text);
    if (v.den != 1) diagnostic::E008_eval_result_is_not_an_integer(text);
}
}  // namespace detail

/// E008 or E029 unless every extent of g is an integer >= 1 at `at` (see the file comment).
inline void check_sizes(const graph& g, const bindings& at) {
    for (int id = 0; id < g.node_count; ++id) {
        const node& n = g.nodes[id];
        const std::string where = n.kind == op_kind::input || n.kind == op_kind::param
                                      ? "'" + std::string(detail::unpack_name(leaf_name(n)).view()) + "'"
                                      : "node " + std::to_string(id) + " (" + std::string(name_of(n.kind)) + ")";
        for (int k = 0; k < n.shape.rank; ++k) detail::check_extent(to_polynomial(n.shape[k]), at, where);
    }
    for (int r = 1; r < g.region_count; ++r)
        detail::check_extent(to_polynomial(g.regions[r].count), at, "the count of loop " + std::to_string(r));
}

}  // namespace ordo
