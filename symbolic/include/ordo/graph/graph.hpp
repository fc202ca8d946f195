#pragma once
/// \file
/// ordo::graph: the traced program as a value — nodes in program order, each with its op,
/// operands, output shape, dtype and the op's own payload; loop regions (decoding steps,
/// repeated layers); the facts implied by its extents. Built by ordo::trace; read by the cost
/// functions, the reports and the runtime. It is a plain literal type, so
/// `constexpr auto g = trace(...)` holds the whole graph and every cost is a constant expression.
///
/// What each op computes, costs and how it goes backward is defined once, in its op_traits
/// specialisation next to its tracing function (ops/*.hpp); op_table.hpp collects them.

#include <ordo/graph/dtype.hpp>
#include <ordo/graph/shape.hpp>
#include <ordo/symbolic/assumptions.hpp>

#include <ordo/graph/detail/payload_variant.hpp>

#include <string_view>

namespace ordo {

/// Most nodes in one graph: a training step of the DeepSeek-V2-style decoder has 427 (its
/// forward 137, its backward 330). A node is 752 bytes, a graph about 400 KB: graphs built at
/// run time are values, so the ordo command and the tests run on a large stack
/// (tools/large_stack.hpp).
inline constexpr int max_nodes = 512;
inline constexpr int max_regions = 8;
/// Most outputs: a traced function returns up to 4 tensors; a backward graph returns the
/// gradient of every leaf (the DeepSeek-V2-style decoder has 43 leaves).
inline constexpr int max_outputs = 64;
inline constexpr int max_operands = 3;
/// The longest einsum specification a node holds ("bgpnk,bgmk->bgpnm" is 17).
inline constexpr int max_spec_length = 39;

/// What a node computes; each kind's meaning and cost rules are in its op_traits.
enum class op_kind : unsigned char {
    input, param,                                                        // leaves (trace.hpp)
    matmul, einsum, expert_matmul,                                       // contractions (ops/linear.hpp, ops/experts.hpp)
    add, subtract, multiply, divide, maximum,                            // binary elementwise (ops/elementwise.hpp)
    scale, rsqrt_scale, exp, gelu, silu, negate, sin, cos, causal_mask,  // unary elementwise (ops/elementwise.hpp)
    softmax, sum, max, mean, layer_norm, rms_norm,                       // over an axis (ops/reduce.hpp)
    top_k,                                                               // selection (ops/select.hpp)
    rotary,                                                              // rotary embeddings (ops/rotary.hpp)
    dropout_mask, dropout,                                               // dropout (ops/dropout.hpp)
    all_reduce, parallel_input, all_gather, reduce_scatter,              // collectives (ops/collective.hpp)
    reshape, split_heads, merge_heads, concat, slice, gather, window,    // layout (ops/layout.hpp, ops/select.hpp)
    fill, load, store,                                                   // tiles (ops/layout.hpp)
    layer_slice, step_slice, kv_cache, step_output, loop_result,         // loops (loops.hpp)
    gradient,                                                            // backward graphs (ops/gradient.hpp)
};
inline constexpr int op_kind_count = static_cast<int>(op_kind::gradient) + 1;

/// Per-op payloads: what a node carries beyond its operands and shape, one type per meaning.
namespace payloads {
struct none {
    friend constexpr bool operator==(const none&, const none&) = default;
};
/// input, param: the user's name.
struct leaf {
    detail::u128 name = 0;
    friend constexpr bool operator==(const leaf&, const leaf&) = default;
};
/// einsum: the specification, nul-terminated.
struct einsum {
    char spec[max_spec_length + 1]{};
    [[nodiscard]] constexpr std::string_view text() const {
        std::size_t length = 0;
        while (length < sizeof(spec) && spec[length] != '\0') ++length;
        return {spec, length};
    }
    friend constexpr bool operator==(const einsum&, const einsum&) = default;
};
/// scale: the factor; fill: the value.
struct constant {
    rational value;
    friend constexpr bool operator==(const constant&, const constant&) = default;
};
/// rsqrt_scale: the extent under the root; window: the window's width.
struct extent_parameter {
    extent value;
    friend constexpr bool operator==(const extent_parameter&, const extent_parameter&) = default;
};
/// Ops over one axis: reductions, norms, concat, gather, top_k.
struct axis {
    int index = 0;
    friend constexpr bool operator==(const axis&, const axis&) = default;
};
/// slice: the axis and the first position taken (the extent is the output's).
struct slice {
    int axis = 0;
    extent begin{};
    friend constexpr bool operator==(const slice&, const slice&) = default;
};
/// Loop plumbing: the loop a node belongs to, the stepped axis, and for a repeat loop's
/// result the outer tensor its body received as state (-1: none).
struct loop {
    int region = 0;
    int axis = 0;
    int carried = -1;
    friend constexpr bool operator==(const loop&, const loop&) = default;
};
/// The collectives: the size of the device group, and the axis all_gather joins and
/// reduce_scatter cuts along (-1: all_reduce, parallel_input).
struct collective {
    extent devices;
    int axis = -1;
    friend constexpr bool operator==(const collective&, const collective&) = default;
};
/// gradient (backward graphs): the gradient of forward op `of` with respect to operand `which`
/// (-1: the sum of two gradients of one value), the forward op's axis where it has one
/// (reductions: which axis dy is broadcast along; concat, slice: the axis joined or cut), and
/// for a slice the first position it took (where dy goes in dx).
struct gradient {
    op_kind of = op_kind::input;
    int which = 0;
    int axis = -1;
    extent begin{};
    friend constexpr bool operator==(const gradient&, const gradient&) = default;
};
}  // namespace payloads

using node_payload = detail::payload_variant<payloads::none, payloads::leaf, payloads::einsum, payloads::constant,
                                  payloads::extent_parameter, payloads::axis, payloads::slice, payloads::loop,
                                  payloads::collective, payloads::gradient>;

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
    bool reversed = false;   ///< runs its iterations from the last to the first (a backward loop)
};

struct node {
    op_kind kind = op_kind::input;
    dtype type = dtype::f32;
    int region = 0;
    int operand_count = 0;
    int operands[max_operands]{-1, -1, -1};
    shape_value shape;
    node_payload payload;  ///< the op's own data (its op_traits names the type)

    /// The payload as type P (a compile error in constant evaluation if the op has another).
    template <typename P>
    [[nodiscard]] constexpr const P& data() const { return payload.get<P>(); }
};

/// The einsum specification of node `n`.
constexpr std::string_view spec_of(const node& n) { return n.data<payloads::einsum>().text(); }
/// The packed name of an input or a weight.
constexpr detail::u128 leaf_name(const node& n) { return n.data<payloads::leaf>().name; }
/// The axis of an op over one axis.
constexpr int axis_of(const node& n) { return n.data<payloads::axis>().index; }
/// The loop payload of loop plumbing.
constexpr const payloads::loop& loop_of(const node& n) { return n.data<payloads::loop>(); }

struct graph {
    int node_count = 0;
    node nodes[max_nodes]{};
    int region_count = 1;  ///< region 0 is the top level
    region regions[max_regions]{};
    int output = -1;       ///< the node whose value the traced function returned (the first, for several)
    int output_count = 0;  ///< how many results the traced function returned
    int outputs[max_outputs]{};  ///< the first output_count are its results
    assumptions facts;     ///< implied by extents: d/h >= 1 gives h <= d

    [[nodiscard]] constexpr const node& operator[](int id) const { return nodes[id]; }
    [[nodiscard]] constexpr bool is_output(int id) const {
        for (int k = 0; k < output_count; ++k)
            if (outputs[k] == id) return true;
        return false;
    }
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
