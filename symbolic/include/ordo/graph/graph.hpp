#pragma once
/// \file
/// ordo::graph: the traced program as a value — nodes in program order, each with its op,
/// operands, output shape and dtype; loop regions (decoding steps, repeated layers); the
/// facts implied by its extents. Built by ordo::trace; read by the cost functions, the
/// reports and the runtime. It is a plain literal type, so `constexpr auto g = trace(...)`
/// holds the whole graph and every cost is a constant expression.

#include <ordo/graph/dtype.hpp>
#include <ordo/graph/shape.hpp>
#include <ordo/symbolic/assumptions.hpp>

namespace ordo {

inline constexpr int max_nodes = 112;
inline constexpr int max_regions = 4;
inline constexpr int max_operands = 3;
inline constexpr int max_facts = 6;

/// What a node computes. Each has a documented cost rule (costs/rules.hpp).
enum class op_kind : unsigned char {
    input,         ///< a graph input (resident)
    param,         ///< a weight (resident; counted by params())
    matmul,        ///< contract the last axis of operand 0 with the first of operand 1
    einsum,        ///< any contraction, permutation or reduction (spec)
    add,           ///< elementwise with broadcasting
    subtract,
    multiply,
    divide,
    maximum,       ///< elementwise larger of two
    scale,         ///< multiply by a constant
    rsqrt_scale,   ///< multiply by 1/sqrt(parameter): attention's 1/sqrt(d/h)
    exp,
    gelu,          ///< tanh approximation
    silu,
    causal_mask,   ///< scores above the diagonal set to -inf
    softmax,       ///< over the last axis, numerically stable
    sum,           ///< reductions over one axis (the axis is dropped)
    max,
    mean,
    layer_norm,    ///< over the last axis, with gain and bias operands
    rms_norm,      ///< over the last axis, with a gain operand
    reshape,       ///< same volume; a view
    split_heads,   ///< [..., n, d] -> [..., h, n, d/h] (a copy: permutes)
    merge_heads,   ///< [..., h, n, k] -> [..., n, h·k] (a copy: permutes)
    concat,        ///< along one axis
    embedding,     ///< rows of a table (operand 1) selected by token ids (operand 0)
    layer_slice,   ///< w[l] for the index of a repeat region; a view
    step_slice,    ///< x[:, i] for the index of a steps region; a view
    kv_cache,      ///< appends this step's keys/values; the cache of length i
    step_output,   ///< writes this step's result into the loop's output
    loop_result,   ///< the output of a region (steps: all rows; repeat: the last state)
    window,        ///< [..., n, k] -> [..., n, w, k]: the w most recent positions per query
    fill,          ///< a new tensor of one constant value (operand: a tensor in the same memory)
    load,          ///< copy from main memory into on-chip memory (a tile)
    store,         ///< copy from on-chip memory back to main memory
    gradient,      ///< backward graphs: the gradient of op `of` with respect to operand `which`
};

/// The op's name as users write it ("softmax", "layer_norm"), for messages and reports.
constexpr std::string_view name_of(op_kind k) {
    constexpr std::string_view names[] = {
        "input", "param", "matmul", "einsum", "add", "subtract", "multiply", "divide", "maximum", "scale",
        "rsqrt_scale", "exp", "gelu", "silu", "causal_mask", "softmax", "sum", "max", "mean", "layer_norm",
        "rms_norm", "reshape", "split_heads", "merge_heads", "concat", "embedding", "layer_slice", "step_slice",
        "kv_cache", "step_output", "loop_result", "window", "fill", "load", "store", "gradient"};
    static_assert(sizeof(names) / sizeof(names[0]) == static_cast<int>(op_kind::gradient) + 1);
    return names[static_cast<int>(k)];
}

/// A loop: `steps` runs its body for i = 1..count (costs summed in closed form); `repeat`
/// runs it count times with the same shapes (costs multiplied).
enum class region_kind : unsigned char { steps, repeat };

struct region {
    region_kind kind = region_kind::steps;
    detail::u128 index = 0;  ///< the index dimension's name (i, l)
    extent count;            ///< how many iterations
    int parent = 0;          ///< enclosing region (0 = top level, not a loop)
    int first = 0;           ///< first node inside
    int last = -1;           ///< last node inside
    int step_axis = 0;       ///< steps: the axis of the sequence being stepped over
};

struct node {
    op_kind kind = op_kind::input;
    dtype type = dtype::f32;
    int region = 0;
    int operand_count = 0;
    int operands[max_operands]{-1, -1, -1};
    shape_value shape;
    detail::u128 name = 0;  ///< inputs, params: the user's name
    int axis = 0;           ///< reductions, concat, step slices
    rational factor;        ///< scale: the constant
    extent parameter;       ///< rsqrt_scale: the extent under the root; window: w
    op_kind of = op_kind::input;  ///< gradient: the forward op
    int which = 0;                ///< gradient: which operand of the forward op
    int loop = 0;           ///< kv_cache: its steps loop; loop_result: the loop it ends; layer_slice: its repeat loop
    int carried = -1;       ///< repeat's loop_result: the outer tensor the body received as state
    char spec[40]{};        ///< einsum: the specification
};

struct graph {
    int node_count = 0;
    node nodes[max_nodes]{};
    int region_count = 1;  ///< region 0 is the top level
    region regions[max_regions]{};
    int output = -1;       ///< the node whose value the traced function returned
    assumptions facts;     ///< implied by extents: d/h >= 1 gives h <= d

    [[nodiscard]] constexpr const node& operator[](int id) const { return nodes[id]; }
};

/// Which nodes live in on-chip memory: tiles after `load`, and what is computed from them,
/// until `store`, a loop's `step_output` or a `kv_cache` writes them to main memory.
struct memory_spaces {
    bool on_chip[max_nodes]{};
};

constexpr memory_spaces memory_spaces_of(const graph& g) {
    memory_spaces m;
    for (int id = 0; id < g.node_count; ++id) {
        const node& n = g.nodes[id];
        if (n.kind == op_kind::load) m.on_chip[id] = true;
        else if (n.kind != op_kind::store && n.kind != op_kind::step_output && n.kind != op_kind::kv_cache)
            for (int k = 0; k < n.operand_count; ++k) m.on_chip[id] |= m.on_chip[n.operands[k]];
    }
    return m;
}

}  // namespace ordo
