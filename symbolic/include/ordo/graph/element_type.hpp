#pragma once
/// \file
/// A graph in another floating-point element type: `models::mha<bfloat16>(b, n, d, h)`.
///
/// The catalog's models are written once, in float. `element_typed<T>` is what a model returns
/// for element type T: for float the graph itself, otherwise a graph whose f32 tensors are
/// retyped to T when the float graph converts into it (integer tensors, such as token ids
/// and top_k's indices, keep their types). Costs read each node's dtype, so bytes, peak
/// memory and KV cache follow T, and FLOPs do not change.

#include <ordo/graph/dtype.hpp>
#include <ordo/graph/graph.hpp>

#include <type_traits>

namespace ordo {

/// `g` with its f32 tensors in `type`.
constexpr graph with_element_type(graph g, dtype type) {
    for (int id = 0; id < g.node_count; ++id)
        if (g.nodes[id].type == dtype::f32) g.nodes[id].type = type;
    return g;
}

/// A graph whose floating-point tensors are in T; converts from the float graph.
template <typename T>
struct typed_graph : graph {
    static_assert(detail::dtype_of<T>::value == dtype::f16 || detail::dtype_of<T>::value == dtype::bf16 ||
                      detail::dtype_of<T>::value == dtype::f64,
                  "[ordo:E109] a model's element type must be float, double, ordo::half or ordo::bfloat16. "
                  "See docs/troubleshooting.md#e109");
    constexpr typed_graph(const graph& g)  // NOLINT: implicit, so a model's `return` converts
        : graph(with_element_type(g, detail::dtype_of<T>::value)) {}
};

/// What a catalog model returns for element type T.
template <typename T>
using element_typed = std::conditional_t<std::is_same_v<T, float>, graph, typed_graph<T>>;

}  // namespace ordo
