#pragma once
/// \file
/// How an op is defined: `op_traits<Kind>` gathers, in one place next to the op's tracing
/// function, everything ordo knows about it:
///
///   - `name`: as users write it ("softmax");
///   - `memory`: whether its result is a resident leaf, a view of operand 0, or a new buffer;
///   - `work(g, n)`: what it computes, as work terms (a quantity times a mix of operations, in
///     an op group) — FLOPs under any convention follow from it (conventions.hpp);
///   - `bytes(g, id, spaces)`: the main-memory bytes it reads and writes (default: operands
///     and result, where they are not on chip);
///   - `backward(builder, id)`: how its gradient is built (default: a `gradient` node per
///     operand, whose FLOPs are `gradient_work(g, n)`, Σ 0 by default);
///   - its payload type, named by its tracing function and read through `node::data<P>()`.
///
/// `op_defaults` gives the defaults; an op's specialisation derives from it and overrides what
/// differs. op_table.hpp builds the table the cost functions and the runtime read.

#include <ordo/graph/graph.hpp>
#include <ordo/graph/operations.hpp>

namespace ordo {

/// A count of work units — elements, rows, multiply-adds: a rational times the extents of a
/// shape (all axes, or all but the last: its rows) times up to `max_rank` further extents. It
/// points into the graph (shapes and extents of its nodes) instead of copying them, which keeps
/// the rules cheap in constant evaluation; it lives only while the graph does.
struct quantity {
    rational coefficient{1};
    const shape_value* shape = nullptr;
    bool rows_only = false;
    bool has_shape = false;  // (g++ 12 rejects comparing such a pointer with null in constant evaluation)
    int factor_count = 0;
    const extent* factors[max_rank]{};

    [[nodiscard]] constexpr polynomial to_polynomial() const {
        if (coefficient.is_zero()) return {};
        detail::monomial_product m;
        m.coefficient = coefficient;
        if (has_shape)
            for (int i = 0; i < shape->rank - (rows_only ? 1 : 0); ++i) m *= (*shape)[i];
        for (int k = 0; k < factor_count; ++k) m *= *factors[k];
        return m.to_polynomial();
    }
};

/// The elements of shape `s`.
constexpr quantity elements(const shape_value& s) { return quantity{rational(1), &s, false, true}; }
/// The rows of shape `s` along its last axis (1 for a scalar).
constexpr quantity rows(const shape_value& s) { return quantity{rational(1), &s, s.rank > 0, true}; }
/// q × e (at most max_rank further extents, E004 otherwise).
constexpr quantity operator*(quantity q, const extent& e) {
    if (q.factor_count == max_rank) diagnostic::E004_too_many_dimensions_a_polynomial_uses_at_most_max_dims("work quantity");
    q.factors[q.factor_count++] = &e;
    return q;
}
/// q × c.
constexpr quantity operator*(quantity q, const rational& c) {
    q.coefficient = q.coefficient * c;
    return q;
}
/// No work.
constexpr quantity nothing() { return quantity{rational(0)}; }

/// One term of an op's work: `units`, each performing the operations of `ops`, in `group`.
struct work_term {
    op_group group = op_group::other;
    quantity units;
    operation_mix ops;
};

/// An op's work: up to three terms (layer_norm: per element and per row).
struct work {
    int count = 0;
    work_term terms[3]{};

    constexpr work() = default;
    constexpr work(op_group g, const quantity& units, const operation_mix& ops) { add(g, units, ops); }
    constexpr work& add(op_group g, const quantity& units, const operation_mix& ops) {
        if (!units.coefficient.is_zero()) terms[count++] = work_term{g, units, ops};
        return *this;
    }
};

/// Where an op's result lives.
enum class memory_role : unsigned char {
    resident,  ///< inputs and weights: allocated before the run
    view,      ///< the buffer of operand 0 (no allocation, no bytes)
    buffer,    ///< a new buffer, allocated when the op runs
};

/// Each op specialises this (see the file comment).
template <op_kind Kind>
struct op_traits;

namespace detail {
constexpr polynomial volume_of(const graph& g, int id) { return g.nodes[id].shape.volume(); }
/// Bytes of operand `id` in main memory (0 when it is on chip).
constexpr polynomial main_memory_bytes(const graph& g, int id, const memory_spaces& m) {
    return m.on_chip[id] ? polynomial() : g.nodes[id].shape.volume() * size_in_bytes(g.nodes[id].type);
}
}  // namespace detail

/// The defaults an op's traits derive from.
struct op_defaults {
    static constexpr memory_role memory = memory_role::buffer;
    /// No arithmetic.
    static constexpr work forward_work(const graph&, const node&) { return {}; }
    /// The gradient node's operations (one gradient node per operand, see backward.hpp).
    static constexpr work gradient_work(const graph&, const node&) { return {}; }
    /// Reads every operand and writes the result, each unless on chip.
    static constexpr polynomial bytes(const graph& g, int id, const memory_spaces& m) {
        const node& n = g.nodes[id];
        polynomial total = m.on_chip[id] ? polynomial() : n.shape.volume() * size_in_bytes(n.type);
        for (int k = 0; k < n.operand_count; ++k) total += detail::main_memory_bytes(g, n.operands[k], m);
        return total;
    }
    /// One gradient node per operand, none of them saving a forward value.
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) {
        for (int k = 0; k < w.forward().nodes[id].operand_count; ++k) w.gradient_to(id, k, {});
    }
};

/// Defaults of an op whose result is a view of operand 0: no bytes, the gradient passes through.
struct view_defaults : op_defaults {
    static constexpr memory_role memory = memory_role::view;
    static constexpr polynomial bytes(const graph&, int, const memory_spaces&) { return {}; }
    template <typename Builder>
    static constexpr void backward(Builder& w, int id) { w.pass_through(id); }
};

/// The work of an elementwise op: `ops` per element of the result.
constexpr work per_element(const node& n, const operation_mix& ops) { return work(op_group::other, elements(n.shape), ops); }

}  // namespace ordo
