#pragma once
/// \file
/// Shape diagnostics: compile errors that name the op, the operands and the extents.
///
/// An op whose operand shapes do not fit builds the message from the shapes (they are
/// template arguments) and instantiates the diagnostic below with it. g++ prints the message
/// in the instantiation line above the static_assert; every compiler prints the ID and the
/// static text. The failing op returns a *poisoned* tensor, on which later ops check nothing,
/// so one mistake gives one error.

#include <ordo/symbolic/detail/text.hpp>

namespace ordo::diagnostic {

template <auto Message>
inline constexpr bool shape_check_failed = false;

#define ORDO_SHAPE_DIAGNOSTIC(ID, ANCHOR, NAME, TEXT)                                          \
    template <auto Message>                                                                     \
    struct ID##_##NAME {                                                                        \
        static_assert(shape_check_failed<Message>, "[ordo:" #ID "] " TEXT                       \
                      " (the instantiation line above spells it out). See "                     \
                      "docs/troubleshooting.md#" #ANCHOR);                                      \
    };

ORDO_SHAPE_DIAGNOSTIC(E101, e101, matmul_contracted_extents_differ, "matmul: the contracted extents differ")
ORDO_SHAPE_DIAGNOSTIC(E102, e102, einsum_index_extents_differ, "einsum: one index has two different extents")
ORDO_SHAPE_DIAGNOSTIC(E103, e103, einsum_bad_specification, "einsum: the specification does not fit the operands")
ORDO_SHAPE_DIAGNOSTIC(E104, e104, broadcast_incompatible_extents, "elementwise op: the shapes do not broadcast")
ORDO_SHAPE_DIAGNOSTIC(E105, e105, reshape_volume_differs, "reshape: the volumes differ")
ORDO_SHAPE_DIAGNOSTIC(E106, e106, unknown_axis, "the axis does not exist in the operand")
ORDO_SHAPE_DIAGNOSTIC(E107, e107, rank_out_of_range, "the operand's rank does not fit the op")
ORDO_SHAPE_DIAGNOSTIC(E108, e108, operand_extents_differ, "operands must have equal extents here")
ORDO_SHAPE_DIAGNOSTIC(E109, e109, dtypes_differ, "the element types do not fit the op")
ORDO_SHAPE_DIAGNOSTIC(E110, e110, extent_is_not_typed, "an extent must be known from its type")
ORDO_SHAPE_DIAGNOSTIC(E112, e112, selection_exceeds_axis, "the selection does not fit in the axis")
ORDO_SHAPE_DIAGNOSTIC(E113, e113, index_operand_does_not_fit, "the index operand does not fit the indexed tensor")

#undef ORDO_SHAPE_DIAGNOSTIC

/// Instantiates diagnostic `Error` with `Message`, which fires its static_assert.
template <template <auto> class Error, auto Message>
constexpr void raise() {
    static_cast<void>(sizeof(Error<Message>));
}

}  // namespace ordo::diagnostic

/// Builds a message from a constexpr text_buffer lambda and raises `Error` with it.
#define ORDO_RAISE_SHAPE_ERROR(Error, ...)                                         \
    do {                                                                           \
        constexpr ::ordo::detail::text_buffer ordo_message_ = (__VA_ARGS__)();     \
        ::ordo::diagnostic::raise<Error,                                           \
                                  ::ordo::detail::shrink<ordo_message_.length>(    \
                                      ordo_message_)>();                           \
    } while (false)
