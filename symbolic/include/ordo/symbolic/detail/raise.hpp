#pragma once
/// \file
/// Compile errors whose text is computed: a shape, a Θ-class, a value.
///
/// A static_assert message must be a literal, so the computed text reaches the compiler as a
/// template argument of the diagnostic's class, which both compilers print in the
/// instantiation line. g++ prints a class-type argument holding characters as a string
/// (`says<text<77>{"matmul: ..."}>`); clang++ 14 prints it as character codes, cut after ten
/// (`{{109, 97, 116, ...}}`), so on clang++ the text comes as a character pack,
/// `spelled<'m', 'a', 't', ...>`, which it prints whole and as characters.

#include <ordo/symbolic/detail/text.hpp>

#include <cstddef>
#include <utility>

namespace ordo::diagnostic {

/// The message as g++ prints it well.
template <auto Message>
struct says {};
/// The message as clang++ prints it well.
template <char... Message>
struct spelled {};

// Each diagnostic is a class template whose static_assert fails on instantiation, written out
// by hand rather than by a macro, so that the compilers add no "in expansion of macro" notes:
//
//     template <typename Message>
//     struct E101_matmul_contracted_extents_differ {
//         static_assert(sizeof(Message) == 0, "[ordo:E101] ... See docs/troubleshooting.md#e101");
//     };
//
// `sizeof(Message) == 0` (never true: Message is a type) keeps g++'s note short ("the
// comparison reduces to (1 == 0)") instead of repeating the message.

namespace detail {
template <auto Message, std::size_t... I>
constexpr auto spell(std::index_sequence<I...>) -> spelled<Message.value[I]...>;

/// The type that carries `Message` (a detail::text) into the diagnostic, per compiler.
template <auto Message>
using message_type =
#if defined(__clang__)
    decltype(spell<Message>(std::make_index_sequence<sizeof(Message.value) - 1>{}));
#else
    says<Message>;
#endif

/// Instantiating `Error` from a static member's initialiser, not from the body of the
/// function that raises it, keeps clang++ from also rejecting every constant evaluation
/// that calls that function ("constexpr variable must be initialized..."): one error, not two.
template <template <typename> class Error, typename Message>
struct raised {
    static constexpr bool done = sizeof(Error<Message>) > 0;
};
}  // namespace detail

/// Raises diagnostic `Error` with the text that `build` (a captureless constexpr lambda
/// returning a detail::text_buffer) writes: `raise<E101_...>([] { text_buffer t; ...; return t; })`.
template <template <typename> class Error, typename Build>
constexpr void raise(Build) {
    constexpr ::ordo::detail::text_buffer buffer = Build{}();
    static_cast<void>(
        detail::raised<Error, detail::message_type<::ordo::detail::shrink<buffer.length>(buffer)>>::done);
}

}  // namespace ordo::diagnostic
