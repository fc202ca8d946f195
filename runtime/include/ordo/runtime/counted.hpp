#pragma once
/// \file
/// `counted<F>`: a floating-point scalar that counts every arithmetic operation performed on
/// it, by operation and by the group of op it runs in (contractions, softmax, gathers run as
/// one-hot matmuls, everything else: ordo::op_group). The runtime's kernels run on it in
/// counting mode; the counts are what executed.

#include <ordo/graph/operations.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

namespace ordo::runtime {

/// The operations and op groups are the symbolic ones (ordo/graph/operations.hpp): what a
/// cost rule states and what the runtime counts are one vocabulary. The aliases keep the
/// runtime's older spellings.
using ordo::operation;
using ordo::operation_count;
using ordo::op_group;
using ordo::op_group_count;

/// Operation counts by group and operation.
struct op_counts {
    std::array<std::array<std::int64_t, operation_count>, op_group_count> n{};

    [[nodiscard]] std::int64_t of(op_group g, operation o) const {
        return n[static_cast<int>(g)][static_cast<int>(o)];
    }
    [[nodiscard]] std::int64_t total(op_group g) const {
        std::int64_t t = 0;
        for (std::int64_t c : n[static_cast<int>(g)]) t += c;
        return t;
    }
};

namespace detail {
struct counting_state {
    op_counts* counts = nullptr;
    op_group group = op_group::other;
};
inline counting_state& counting() {
    thread_local counting_state state;
    return state;
}
inline void count(operation o) {
    counting_state& s = counting();
    if (s.counts != nullptr) ++s.counts->n[static_cast<int>(s.group)][static_cast<int>(o)];
}
}  // namespace detail

/// Counts the operations run on the calling thread while it lives.
class counting_scope {
public:
    explicit counting_scope(op_counts& counts) : saved_(detail::counting()) { detail::counting().counts = &counts; }
    ~counting_scope() { detail::counting() = saved_; }
    counting_scope(const counting_scope&) = delete;
    counting_scope& operator=(const counting_scope&) = delete;

private:
    detail::counting_state saved_;
};

/// Attributes the operations in its lifetime to `group`.
class group_scope {
public:
    explicit group_scope(op_group group) : saved_(detail::counting().group) { detail::counting().group = group; }
    ~group_scope() { detail::counting().group = saved_; }
    group_scope(const group_scope&) = delete;
    group_scope& operator=(const group_scope&) = delete;

private:
    op_group saved_;
};

/// A scalar of type F that counts its arithmetic. Conversions from and to F are free.
template <typename F>
struct counted {
    F value;

    counted() = default;  // trivial, like F: buffers are not initialised twice
    constexpr counted(F v) : value(v) {}  // NOLINT: implicit, as a number

    friend counted operator+(counted a, counted b) { detail::count(operation::add); return a.value + b.value; }
    friend counted operator-(counted a, counted b) { detail::count(operation::subtract); return a.value - b.value; }
    friend counted operator*(counted a, counted b) { detail::count(operation::multiply); return a.value * b.value; }
    friend counted operator/(counted a, counted b) { detail::count(operation::divide); return a.value / b.value; }
    friend counted operator-(counted a) { detail::count(operation::negate); return -a.value; }
    friend bool operator<(counted a, counted b) { detail::count(operation::compare); return a.value < b.value; }
    friend counted exp(counted a) { detail::count(operation::exp); return std::exp(a.value); }
    friend counted tanh(counted a) { detail::count(operation::tanh); return std::tanh(a.value); }
    friend counted sqrt(counted a) { detail::count(operation::sqrt); return std::sqrt(a.value); }
    friend counted sin(counted a) { detail::count(operation::sin); return std::sin(a.value); }
    friend counted cos(counted a) { detail::count(operation::cos); return std::cos(a.value); }
};

/// The value of a scalar as F, uncounted.
template <typename F>
constexpr F plain(F x) { return x; }
template <typename F>
constexpr F plain(counted<F> x) { return x.value; }

template <typename T>
struct plain_type { using type = T; };
template <typename F>
struct plain_type<counted<F>> { using type = F; };

}  // namespace ordo::runtime
