#pragma once
/// \file
/// Cost rules of each node, read from its op's traits (op_table.hpp; each op documents its
/// rules beside its definition in ops/*.hpp, loops.hpp, trace.hpp): the work it does (FLOPs
/// under any convention follow from it) and the main-memory bytes it reads and writes.
///
/// Bytes count main memory only: ops whose operands are on chip (after `load`) read nothing
/// from main memory, and their results stay on chip until `store`, a loop's `step_output` or a
/// `kv_cache` writes them back.

#include <ordo/graph/conventions.hpp>
#include <ordo/graph/op_table.hpp>

namespace ordo {

/// The work of node `id` (a gradient node: its forward op's gradient rule).
constexpr work node_work(const graph& g, int id) {
    const node& n = g.nodes[id];
    if (n.kind == op_kind::gradient) return info_of(n.data<payloads::gradient>().of).gradient_work(g, n);
    return info_of(n.kind).forward_work(g, n);
}

/// The op group node `id`'s operations are attributed to (the runtime counts them there).
constexpr op_group group_of(const graph& g, int id) {
    const work w = node_work(g, id);
    return w.count > 0 ? w.terms[0].group : op_group::other;
}

/// FLOPs of node `id` under convention `c` (a polynomial; in a loop, in the loop's index).
constexpr polynomial node_flops(const graph& g, int id, const convention& c) {
    const work w = node_work(g, id);
    polynomial total;
    for (int t = 0; t < w.count; ++t) {
        const int per_unit = c.flops_of(w.terms[t].group, w.terms[t].ops);
        if (per_unit != 0) total += (w.terms[t].units * rational(per_unit)).to_polynomial();
    }
    return total;
}

/// Main-memory bytes node `id` reads and writes (on-chip operands and results are free).
constexpr polynomial node_bytes(const graph& g, int id, const memory_spaces& m) {
    return info_of(g.nodes[id].kind).bytes(g, id, m);
}

/// Main-memory bytes of node `id` (convenience: computes the memory spaces).
constexpr polynomial node_bytes(const graph& g, int id) { return node_bytes(g, id, memory_spaces_of(g)); }

namespace detail {
constexpr bool is_contraction(const graph& g, int id) { return group_of(g, id) == op_group::contraction; }
}  // namespace detail

}  // namespace ordo
