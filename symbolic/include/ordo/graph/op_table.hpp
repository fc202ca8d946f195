#pragma once
/// \file
/// The table of every op's traits, indexed by op_kind: what the cost functions, the backward
/// pass, the pages and the runtime read. An op is added by its op_kind entry and its
/// op_traits specialisation; nothing here changes.

#include <ordo/graph/loops.hpp>
#include <ordo/graph/ops/collective.hpp>
#include <ordo/graph/ops/dropout.hpp>
#include <ordo/graph/ops/experts.hpp>
#include <ordo/graph/ops/gradient.hpp>
#include <ordo/graph/ops/linear.hpp>
#include <ordo/graph/ops/rotary.hpp>
#include <ordo/graph/trace.hpp>

#include <array>
#include <type_traits>
#include <utility>

namespace ordo {

/// One op's entry: its traits as values.
struct op_info {
    std::string_view name;
    memory_role memory = memory_role::buffer;
    work (*forward_work)(const graph&, const node&) = nullptr;
    work (*gradient_work)(const graph&, const node&) = nullptr;
    polynomial (*bytes)(const graph&, int, const memory_spaces&) = nullptr;
};

namespace detail {
template <std::size_t... K>
constexpr std::array<op_info, sizeof...(K)> make_op_table(std::index_sequence<K...>) {
    return {op_info{op_traits<static_cast<op_kind>(K)>::name, op_traits<static_cast<op_kind>(K)>::memory,
                    &op_traits<static_cast<op_kind>(K)>::forward_work, &op_traits<static_cast<op_kind>(K)>::gradient_work,
                    &op_traits<static_cast<op_kind>(K)>::bytes}...};
}
inline constexpr auto op_table = make_op_table(std::make_index_sequence<op_kind_count>{});

template <typename F, std::size_t... K>
constexpr void visit_op(op_kind kind, F&& f, std::index_sequence<K...>) {
    static_cast<void>(((static_cast<std::size_t>(kind) == K
                            ? (f(std::integral_constant<op_kind, static_cast<op_kind>(K)>{}), true)
                            : false) ||
                       ...));
}
}  // namespace detail

/// The traits of op `k` as values.
constexpr const op_info& info_of(op_kind k) { return detail::op_table[static_cast<std::size_t>(k)]; }

/// The op's name as users write it ("softmax", "layer_norm"), for messages and reports.
constexpr std::string_view name_of(op_kind k) { return info_of(k).name; }

/// Calls f(std::integral_constant<op_kind, K>{}) for the K of `kind`: for code that needs an
/// op's traits as a type (its backward rule, a runtime kernel).
template <typename F>
constexpr void visit_op(op_kind kind, F&& f) {
    detail::visit_op(kind, f, std::make_index_sequence<op_kind_count>{});
}

/// Whether node `n`'s result is a view of its operand 0's buffer.
constexpr bool is_view(op_kind k) { return info_of(k).memory == memory_role::view; }

}  // namespace ordo
