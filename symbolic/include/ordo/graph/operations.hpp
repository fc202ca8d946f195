#pragma once
/// \file
/// What a FLOP count is made of: the arithmetic operations a kernel performs, and the op groups
/// they are attributed to. Each op's cost rule states how many of each operation it performs
/// per unit of work (op_traits); a convention weighs them per group (conventions.hpp); the
/// runtime counts the same operations, in the same groups, as it executes (counted.hpp).

namespace ordo {

/// The arithmetic operations a kernel can perform.
enum class operation : unsigned char { add, subtract, multiply, divide, negate, compare, exp, tanh, sqrt, sin, cos };
inline constexpr int operation_count = 11;

/// The group of op an operation runs in: contractions (one multiplication per multiply-add),
/// softmax, gathers run as one-hot matmuls, and everything else.
enum class op_group : unsigned char { contraction, softmax, other, one_hot };
inline constexpr int op_group_count = 4;

/// How many of each operation one unit of work performs (softmax: one compare, subtract, exp,
/// add and divide per element).
struct operation_mix {
    int count[operation_count]{};

    [[nodiscard]] constexpr int of(operation o) const { return count[static_cast<int>(o)]; }
    /// This mix with `times` more of `o`.
    [[nodiscard]] constexpr operation_mix with(operation o, int times = 1) const {
        operation_mix m = *this;
        m.count[static_cast<int>(o)] += times;
        return m;
    }
    friend constexpr bool operator==(const operation_mix&, const operation_mix&) = default;
};

/// A mix of one kind of operation: `mix(operation::exp)`, `mix(operation::multiply, 2)`.
constexpr operation_mix mix(operation o, int times = 1) { return operation_mix{}.with(o, times); }

}  // namespace ordo
