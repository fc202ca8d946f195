#pragma once
/// \file
/// Counting conventions: the policy every FLOP count is taken under, stated in every report. A
/// convention is data with its meaning: how many FLOPs each operation performed in each op
/// group is worth (operations.hpp). The symbolic costs weigh each op's stated operations with
/// it and the runtime weighs its counted operations with it, so both read one definition.
///
/// | convention | contractions (per multiply-add) | softmax (per element) | other ops | gathers |
/// |---|---|---|---|---|
/// | `standard` (default) | 2 | 5: max, subtract, exp, sum, divide | every operation 1 | free |
/// | `gemm_only` | 2 | 0 | 0 | free |
/// | `macs` | 1 | 0 | 0 | free |
/// | `chinchilla` | 2 | 3: exp, sum, divide | 0 | a one-hot matmul: 2 per multiply-add |
///
/// `chinchilla` is the forward accounting of Hoffmann et al. 2022, Appendix F: projections,
/// logits, attention over values and the MLP as matmuls, softmax at 3 FLOPs per score, the
/// embedding as a matmul, everything else (norms, activations, residuals) not counted; its
/// backward pass is 2× the forward (see backward.hpp).

#include <ordo/graph/operations.hpp>

#include <array>
#include <string_view>

namespace ordo {

struct convention {
    std::string_view name;
    /// FLOPs per operation performed, by op group and operation.
    int weight[op_group_count][operation_count]{};
    bool backward_is_twice_forward = false;
    std::string_view summary;

    [[nodiscard]] constexpr int flops_per(op_group g, operation o) const {
        return weight[static_cast<int>(g)][static_cast<int>(o)];
    }
    /// FLOPs of one unit of work with operations `m` in group `g`.
    [[nodiscard]] constexpr int flops_of(op_group g, const operation_mix& m) const {
        int total = 0;
        for (int o = 0; o < operation_count; ++o) total += weight[static_cast<int>(g)][o] * m.count[o];
        return total;
    }
    /// Whether any operation of group `g` counts (the runtime runs gathers as one-hot matmuls
    /// only when they count).
    [[nodiscard]] constexpr bool counts(op_group g) const {
        for (int o = 0; o < operation_count; ++o)
            if (weight[static_cast<int>(g)][o] != 0) return true;
        return false;
    }
    /// Conventions compare by what they count, not by name.
    friend constexpr bool operator==(const convention& a, const convention& b) {
        for (int g = 0; g < op_group_count; ++g)
            for (int o = 0; o < operation_count; ++o)
                if (a.weight[g][o] != b.weight[g][o]) return false;
        return a.backward_is_twice_forward == b.backward_is_twice_forward;
    }
};

namespace detail {
/// A convention from per-group mixes (how many FLOPs each operation is worth).
constexpr convention make_convention(std::string_view name, const operation_mix& contraction,
                                     const operation_mix& softmax, const operation_mix& other,
                                     const operation_mix& one_hot, bool backward_twice, std::string_view summary) {
    convention c{name, {}, backward_twice, summary};
    const operation_mix* groups[op_group_count] = {&contraction, &softmax, &other, &one_hot};
    for (int g = 0; g < op_group_count; ++g)
        for (int o = 0; o < operation_count; ++o) c.weight[g][o] = groups[g]->count[o];
    return c;
}
constexpr operation_mix every_operation() {
    operation_mix m;
    for (int& c : m.count) c = 1;
    return m;
}
}  // namespace detail

namespace conventions {
inline constexpr convention standard = detail::make_convention(
    "standard", mix(operation::multiply, 2), detail::every_operation(), detail::every_operation(), {}, false,
    "multiply-add = 2 FLOPs; elementwise, softmax and norms counted per operation");
inline constexpr convention gemm_only = detail::make_convention(
    "gemm_only", mix(operation::multiply, 2), {}, {}, {}, false, "only contractions count, multiply-add = 2 FLOPs");
inline constexpr convention macs = detail::make_convention(
    "macs", mix(operation::multiply, 1), {}, {}, {}, false, "only contractions count, multiply-add = 1 (MACs)");
inline constexpr convention chinchilla = detail::make_convention(
    "chinchilla", mix(operation::multiply, 2), mix(operation::exp).with(operation::add).with(operation::divide), {},
    mix(operation::multiply, 2), true,
    "Hoffmann et al. 2022 App. F: matmuls 2/MAC, softmax 3/score, embedding as matmul, backward = 2x forward");

/// Every convention ordo defines, in the order reports print them.
inline constexpr std::array<const convention*, 4> all{&standard, &gemm_only, &macs, &chinchilla};
}  // namespace conventions

}  // namespace ordo
