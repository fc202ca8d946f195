#pragma once
/// \file
/// Cost rules of each op: FLOPs under a convention and bytes moved. Elementwise counts are the
/// exact operation counts of the reference kernels (runtime/), per element of the output:
///
/// | op | FLOPs (standard) | reads + writes |
/// |---|---|---|
/// | matmul, einsum (2+ operands) | per multiply-add × Π extents of all indices (× operands − 1) | operands + output |
/// | einsum (1 operand) | reduction: 1 per element of the index space; permutation, diagonal: 0 | input + output |
/// | + − × ÷, maximum, scale, rsqrt_scale, exp, causal_mask | 1 per element | operands + output |
/// | gelu (tanh form) | 9 per element: x·x, ·x, ·0.044715, +x, ·√(2/π), tanh, +1, ·x, ·0.5 | |
/// | silu | 4 per element: negate, exp, +1, ÷ | |
/// | softmax | 5 per element: max, subtract, exp, sum, divide | |
/// | sum, max | 1 per input element | |
/// | mean | 1 per input element + 1 division per output element | |
/// | layer_norm | 7 per element + 5 per row (mean, centre, square, variance, rsqrt, gain, bias) | |
/// | rms_norm | 4 per element + 4 per row | |
/// | embedding | 0 (a gather), or 2·tokens·V·d as a one-hot matmul (chinchilla) | ids + selected rows + output |
/// | reshape, step_slice, layer_slice, loop_result, input, param | 0 (views) | 0 |
/// | split_heads, merge_heads, concat, window | 0 (copies) | operands + output |
/// | load / store | 0 | the tile, read from / written to main memory once |
/// | fill | 0 | the output, written once |
/// | kv_cache | 0 | the new entries, read (free on chip) and written to main memory once |
/// | step_output | 0 | the step's result, read (free on chip) and written to main memory once |
///
/// Bytes count main memory only: ops whose operands are on chip (after `load`) read nothing
/// from main memory, and their results stay on chip until `store`, a loop's `step_output` or a
/// `kv_cache` writes them back.

#include <ordo/graph/conventions.hpp>
#include <ordo/graph/graph.hpp>
#include <ordo/graph/ops/linear.hpp>

namespace ordo {

namespace detail {

constexpr bool is_contraction(const node& n) {
    return n.kind == op_kind::matmul || (n.kind == op_kind::einsum && n.operand_count >= 2);
}

/// Π of the extents of all distinct einsum indices (the size of the iteration space).
constexpr polynomial einsum_space(const graph& g, const node& n) {
    const einsum_spec p = parse_einsum(spec_of(n.spec));
    char seen[max_operands * max_rank]{};
    int seen_count = 0;
    monomial_product space;
    for (int o = 0; o < p.operand_count; ++o)
        for (int i = 0; i < p.rank[o]; ++i) {
            bool known = false;
            for (int k = 0; k < seen_count && !known; ++k) known = seen[k] == p.index[o][i];
            if (known) continue;
            seen[seen_count++] = p.index[o][i];
            space *= g.nodes[n.operands[o]].shape[i];
        }
    return space.to_polynomial();
}

constexpr polynomial volume_of(const graph& g, int id) { return g.nodes[id].shape.volume(); }

/// Multiply-adds of a contraction node.
constexpr polynomial multiply_adds(const graph& g, const node& n) {
    if (n.kind == op_kind::matmul) {
        const shape_value& a = g.nodes[n.operands[0]].shape;
        return n.shape.volume_times(a[a.rank - 1]);
    }
    return einsum_space(g, n) * (n.operand_count - 1);
}

/// FLOPs of a backward `gradient` node (backward.hpp documents the rules).
constexpr polynomial gradient_flops(const graph& g, const node& n) {
    const node& dy = g.nodes[n.operands[0]];
    const polynomial out = dy.shape.volume();   // the forward output's elements
    const polynomial in = n.shape.volume();     // the operand's elements
    const polynomial reduction = n.shape == dy.shape ? polynomial() : out;  // broadcast operand
    const polynomial rows = n.shape.rank == 0 ? polynomial(1) : in / to_polynomial(n.shape[n.shape.rank - 1]);
    switch (n.of) {
        case op_kind::add: return n.which < 0 ? out : reduction;  // which < 0: accumulating
        case op_kind::subtract: return (n.which == 1 ? out : polynomial()) + reduction;
        case op_kind::multiply: return out + reduction;
        case op_kind::divide: return out * (n.which == 0 ? 1 : 3) + reduction;
        case op_kind::maximum: return out + reduction;
        case op_kind::scale:
        case op_kind::rsqrt_scale:
        case op_kind::exp:
        case op_kind::causal_mask: return out;
        case op_kind::softmax: return out * 4;
        case op_kind::gelu: return out * 19;
        case op_kind::silu: return out * 9;
        case op_kind::max:
        case op_kind::mean: return in;
        case op_kind::layer_norm: {
            const polynomial x = g.nodes[n.operands[1]].shape.volume();
            if (n.which == 0) return in * 11 + rows * 4;
            return x * (n.which == 1 ? 2 : 1);
        }
        case op_kind::rms_norm: {
            const polynomial x = g.nodes[n.operands[1]].shape.volume();
            if (n.which == 0) return in * 8 + rows * 3;
            return x * 2;
        }
        case op_kind::embedding:
        case op_kind::window:
        case op_kind::kv_cache: return out;
        case op_kind::einsum: return polynomial();  // a permutation's or reduction's gradient: a copy or broadcast
        default: return {};  // sum (a broadcast), copies
    }
}

}  // namespace detail

/// FLOPs of node `id` under convention `c` (a polynomial; in a loop, in the loop's index).
constexpr polynomial node_flops(const graph& g, int id, const convention& c) {
    const node& n = g.nodes[id];
    if (detail::is_contraction(n)) return detail::multiply_adds(g, n) * c.flops_per_multiply_add;
    const polynomial out = n.shape.volume();
    if (n.kind == op_kind::softmax) return out * c.softmax_flops_per_element;
    if (n.kind == op_kind::embedding) {
        if (!c.embedding_as_matmul) return {};
        const shape_value& table = g.nodes[n.operands[1]].shape;
        return detail::volume_of(g, n.operands[0]) * to_polynomial(table[0]) * to_polynomial(table[1]) *
               c.flops_per_multiply_add;
    }
    if (!c.counts_elementwise) return {};
    if (n.kind == op_kind::gradient) return detail::gradient_flops(g, n);
    const polynomial rows = n.shape.rank == 0 ? polynomial(1) : out / to_polynomial(n.shape[n.shape.rank - 1]);
    switch (n.kind) {
        case op_kind::add:
        case op_kind::subtract:
        case op_kind::multiply:
        case op_kind::divide:
        case op_kind::scale:
        case op_kind::exp:
        case op_kind::maximum:
        case op_kind::rsqrt_scale:
        case op_kind::causal_mask: return out;
        case op_kind::gelu: return out * 9;
        case op_kind::silu: return out * 4;
        case op_kind::sum:
        case op_kind::max: return detail::volume_of(g, n.operands[0]);
        case op_kind::mean: return detail::volume_of(g, n.operands[0]) + out;
        case op_kind::einsum: {  // one operand: a reduction adds; a permutation or diagonal moves
            const polynomial space = detail::einsum_space(g, n);
            return space == out ? polynomial() : space;
        }
        case op_kind::layer_norm: return out * 7 + rows * 5;
        case op_kind::rms_norm: return out * 4 + rows * 4;
        default: return {};
    }
}

/// Main-memory bytes node `id` reads and writes (on-chip operands and results are free).
constexpr polynomial node_bytes(const graph& g, int id, const memory_spaces& m) {
    const node& n = g.nodes[id];
    const polynomial out = n.shape.volume();
    const int width = size_in_bytes(n.type);
    auto main_memory = [&](int operand) {
        return m.on_chip[operand] ? polynomial() : g.nodes[operand].shape.volume() * size_in_bytes(g.nodes[operand].type);
    };
    switch (n.kind) {
        case op_kind::input:
        case op_kind::param:
        case op_kind::reshape:
        case op_kind::step_slice:
        case op_kind::layer_slice:
        case op_kind::loop_result: return {};
        case op_kind::kv_cache:  // appends the new entries: read (unless on chip), written once
        case op_kind::step_output:
            return main_memory(n.operands[0]) + detail::volume_of(g, n.operands[0]) * size_in_bytes(g.nodes[n.operands[0]].type);
        case op_kind::load: return main_memory(n.operands[0]);
        case op_kind::fill: return m.on_chip[id] ? polynomial() : out * width;
        case op_kind::store: return out * width;
        case op_kind::embedding:  // reads only the selected rows of the table
            return main_memory(n.operands[0]) + (m.on_chip[id] ? polynomial() : out * (2 * width));
        default: {
            polynomial total = m.on_chip[id] ? polynomial() : out * width;
            for (int k = 0; k < n.operand_count; ++k) total += main_memory(n.operands[k]);
            return total;
        }
    }
}

/// Main-memory bytes of node `id` (convenience: computes the memory spaces).
constexpr polynomial node_bytes(const graph& g, int id) { return node_bytes(g, id, memory_spaces_of(g)); }

}  // namespace ordo
