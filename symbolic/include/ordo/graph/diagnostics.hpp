#pragma once
/// \file
/// Shape diagnostics: compile errors that name the op, the operands and the extents.
///
/// An op whose operand shapes do not fit builds the message from the shapes (they are
/// template arguments) and raises the diagnostic below with it (diagnostic::raise): the
/// compilers print the message in the instantiation line, and the ID and the static text in
/// the static_assert (symbolic/detail/raise.hpp says how). The failing op returns a
/// *poisoned* tensor, on which later ops check nothing, so one mistake gives one error.

#include <ordo/symbolic/detail/raise.hpp>

namespace ordo::diagnostic {

template <typename Message>
struct E101_matmul_contracted_extents_differ {
    static_assert(sizeof(Message) == 0,
                  "[ordo:E101] matmul: the contracted extents differ (spelled out in the instantiation "
                  "line). See docs/troubleshooting.md#e101");
};
template <typename Message>
struct E102_einsum_index_extents_differ {
    static_assert(sizeof(Message) == 0,
                  "[ordo:E102] einsum: one index has two different extents (spelled out in the instantiation "
                  "line). See docs/troubleshooting.md#e102");
};
template <typename Message>
struct E103_einsum_bad_specification {
    static_assert(sizeof(Message) == 0,
                  "[ordo:E103] einsum: the specification does not fit the operands (spelled out in the instantiation "
                  "line). See docs/troubleshooting.md#e103");
};
template <typename Message>
struct E104_broadcast_incompatible_extents {
    static_assert(sizeof(Message) == 0,
                  "[ordo:E104] elementwise op: the shapes do not broadcast (spelled out in the instantiation "
                  "line). See docs/troubleshooting.md#e104");
};
template <typename Message>
struct E105_reshape_volume_differs {
    static_assert(sizeof(Message) == 0,
                  "[ordo:E105] reshape: the volumes differ (spelled out in the instantiation "
                  "line). See docs/troubleshooting.md#e105");
};
template <typename Message>
struct E106_unknown_axis {
    static_assert(sizeof(Message) == 0,
                  "[ordo:E106] the axis does not exist in the operand (spelled out in the instantiation "
                  "line). See docs/troubleshooting.md#e106");
};
template <typename Message>
struct E107_rank_out_of_range {
    static_assert(sizeof(Message) == 0,
                  "[ordo:E107] the operand's rank does not fit the op (spelled out in the instantiation "
                  "line). See docs/troubleshooting.md#e107");
};
template <typename Message>
struct E108_operand_extents_differ {
    static_assert(sizeof(Message) == 0,
                  "[ordo:E108] operands must have equal extents here (spelled out in the instantiation "
                  "line). See docs/troubleshooting.md#e108");
};
template <typename Message>
struct E109_dtypes_differ {
    static_assert(sizeof(Message) == 0,
                  "[ordo:E109] the element types do not fit the op (spelled out in the instantiation "
                  "line). See docs/troubleshooting.md#e109");
};
template <typename Message>
struct E110_extent_is_not_typed {
    static_assert(sizeof(Message) == 0,
                  "[ordo:E110] an extent must be known from its type (spelled out in the instantiation "
                  "line). See docs/troubleshooting.md#e110");
};
template <typename Message>
struct E112_selection_exceeds_axis {
    static_assert(sizeof(Message) == 0,
                  "[ordo:E112] the selection does not fit in the axis (spelled out in the instantiation "
                  "line). See docs/troubleshooting.md#e112");
};
template <typename Message>
struct E113_index_operand_does_not_fit {
    static_assert(sizeof(Message) == 0,
                  "[ordo:E113] the index operand does not fit the indexed tensor (spelled out in the instantiation "
                  "line). See docs/troubleshooting.md#e113");
};

}  // namespace ordo::diagnostic

