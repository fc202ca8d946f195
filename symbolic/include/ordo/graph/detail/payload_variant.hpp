#pragma once
// A constexpr-friendly variant for node payloads: an index and a union of the alternatives,
// trivially copyable, so a node copies as plain data during constant evaluation. (std::variant
// works too, but its assignment runs its visitation machinery in every node copy: tracing and
// the backward pass were 10–15 % slower to compile with it, and clang 14 rejects switching its
// alternative in place.) Reading the wrong alternative is a compile error in constant
// evaluation and std::logic_error at run time.

#include <stdexcept>
#include <type_traits>

namespace ordo::detail {

template <typename... T>
union payload_storage {};

template <typename H, typename... T>
union payload_storage<H, T...> {
    H head;
    payload_storage<T...> tail;

    constexpr payload_storage() : head() {}
    template <typename P>
        requires std::is_same_v<P, H>
    constexpr explicit payload_storage(const P& p) : head(p) {}
    template <typename P>
        requires(!std::is_same_v<P, H>)
    constexpr explicit payload_storage(const P& p) : tail(p) {}

    template <typename P>
    [[nodiscard]] constexpr const P& get() const {
        if constexpr (std::is_same_v<P, H>) return head;
        else return tail.template get<P>();
    }
};

template <typename P, typename... T>
constexpr int index_in() {
    int i = 0, found = -1;
    ((std::is_same_v<P, T> ? (found = i, ++i) : ++i), ...);
    return found;
}

template <typename... T>
class payload_variant {
public:
    constexpr payload_variant() = default;
    template <typename P>
        requires(index_in<P, T...>() >= 0)
    constexpr payload_variant(const P& p) : index_(index_in<P, T...>()), value_(p) {}  // NOLINT: a value of one alternative

    [[nodiscard]] constexpr int index() const { return index_; }
    template <typename P>
    [[nodiscard]] constexpr bool holds() const { return index_ == index_in<P, T...>(); }
    template <typename P>
    [[nodiscard]] constexpr const P& get() const {
        if (!holds<P>()) throw std::logic_error("ordo: a node's payload read as another op's");
        return value_.template get<P>();
    }

private:
    int index_ = 0;
    payload_storage<T...> value_;
};

}  // namespace ordo::detail
