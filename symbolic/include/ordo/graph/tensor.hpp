#pragma once
/// \file
/// Symbolic tensors: what a traced function receives and returns. The dtype and shape are
/// template arguments, so every op checks shapes at compile time; the object itself is a
/// handle (builder, node id) through which ops record themselves into the graph.

#include <ordo/graph/diagnostics.hpp>
#include <ordo/graph/op_traits.hpp>
#include <ordo/symbolic/fixed_string.hpp>

namespace ordo {

namespace detail {

/// The graph under construction during one trace (lives for one constant evaluation).
struct builder {
    graph g;
    int current_region = 0;

    constexpr int add(const node& n) {
        if (g.node_count == max_nodes)
            diagnostic::E018_graph_has_too_many_nodes_or_regions("nodes");
        node& slot = g.nodes[g.node_count] = n;
        slot.region = current_region;
        return g.node_count++;
    }
    /// Records `fact` unless the graph has it already.
    constexpr void note_fact(const relation& fact) {
        for (int k = 0; k < g.facts.count; ++k)
            if (g.facts.items[k].kind == fact.kind && g.facts.items[k].ratio == fact.ratio) return;
        if (g.facts.count == max_assumptions) diagnostic::E028_graph_implies_more_facts_than_max_assumptions();
        g.facts.add(fact);
    }
    /// Records that every extent of `s` is >= 1: a denominator implies a fact.
    constexpr void note_facts(const shape_value& s) {
        for (int a = 0; a < s.rank; ++a) {
            const extent& e = s.extents[a];
            bool has_denominator = false;
            for (int i = 0; i < e.count; ++i) has_denominator |= e.powers[i] < 0;
            if (!has_denominator) continue;
            polynomial top(1), bottom(1);
            for (int i = 0; i < e.count; ++i)
                (e.powers[i] > 0 ? top : bottom) *=
                    pow(polynomial::dimension(e.names[i]), e.powers[i] > 0 ? e.powers[i] : -e.powers[i]);
            note_fact(bottom <= top);
        }
    }
};

}  // namespace detail

/// A symbolic tensor of element type D and shape S. `Valid` is false only after a shape
/// error (then ops stay silent, so one mistake gives one error).
template <dtype D, shape_value S, bool Valid = true>
struct tensor {
    static constexpr dtype type = D;
    static constexpr shape_value shape = S;
    static constexpr bool valid = Valid;
    detail::builder* owner = nullptr;
    int id = -1;
};

namespace detail {
template <typename T>
struct is_tensor : std::false_type {};
template <dtype D, shape_value S, bool V>
struct is_tensor<tensor<D, S, V>> : std::true_type {};
}  // namespace detail

/// Satisfied by symbolic tensors.
template <typename T>
concept SymbolicTensor = detail::is_tensor<std::remove_cvref_t<T>>::value;

namespace detail {

/// Records node `n` (kind, operands, parameters) with output dtype D and shape S.
template <dtype D, shape_value S>
constexpr tensor<D, S> record(builder* b, node n) {
    n.type = D;
    n.shape = S;
    b->note_facts(S);
    return tensor<D, S>{b, b->add(n)};
}

/// A node with the given kind and operands.
template <typename... T>
constexpr node make_node(op_kind kind, const T&... operands) {
    node n;
    n.kind = kind;
    ((n.operands[n.operand_count++] = operands.id), ...);
    return n;
}

/// A node with the given kind, payload and operands.
template <typename P, typename... T>
constexpr node make_node_with(op_kind kind, const P& payload, const T&... operands) {
    node n = make_node(kind, operands...);
    n.payload = node_payload(payload);
    return n;
}

/// The tensor returned after a shape error.
template <typename T>
constexpr auto poisoned(const T& t) {
    return tensor<std::remove_cvref_t<T>::type, std::remove_cvref_t<T>::shape, false>{t.owner, t.id};
}

template <typename... T>
inline constexpr bool all_valid = (std::remove_cvref_t<T>::valid && ...);

/// E107 "<Requirement>, got <shape of T>" for an op whose operand has the wrong rank.
template <fixed_string Requirement, typename T>
constexpr void raise_rank_error() {
    ::ordo::diagnostic::raise<diagnostic::E107_rank_out_of_range>(([] {
                               text_buffer t;
                               t << Requirement.view() << ", got ";
                               write_shape(t, T::shape);
                               return t;
                           }));
}

template <typename A, typename B>
constexpr bool same_dtype() {
    return A::type == B::type;
}

/// "<op>: operand 1 is f32 but operand 2 is i32" (E109).
template <typename A, typename B>
constexpr text_buffer dtype_message(std::string_view op) {
    text_buffer t;
    t << op << ": operand 1 is " << name_of(A::type) << " but operand 2 is " << name_of(B::type);
    return t;
}

/// E109 "<op>: <requirement>, got <dtype of T>" for an operand of the wrong element type.
template <fixed_string Op, fixed_string Requirement, typename T>
constexpr void raise_dtype_error() {
    ::ordo::diagnostic::raise<diagnostic::E109_dtypes_differ>(([] {
                               text_buffer t;
                               t << Op.view() << ": " << Requirement.view() << ", got " << name_of(T::type);
                               return t;
                           }));
}

}  // namespace detail

}  // namespace ordo
