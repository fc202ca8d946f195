#pragma once
/// \file
/// Counting conventions: the policy every FLOP count is taken under, stated in every report.
///
/// | convention | contractions (per multiply-add) | softmax (per element) | other ops | embedding |
/// |---|---|---|---|---|
/// | `standard` (default) | 2 | 5: max, subtract, exp, sum, divide | per-element rules (rules.hpp) | free (a gather) |
/// | `gemm_only` | 2 | 0 | 0 | free |
/// | `macs` | 1 | 0 | 0 | free |
/// | `chinchilla` | 2 | 3 | 0 | a one-hot matmul: 2·tokens·V·d |
///
/// `chinchilla` is the forward accounting of Hoffmann et al. 2022, Appendix F: projections,
/// logits, attention over values and the MLP as matmuls, softmax at 3 FLOPs per score, the
/// embedding as a matmul, everything else (norms, activations, residuals) not counted; its
/// backward pass is 2× the forward (see backward.hpp).

#include <string_view>

namespace ordo {

struct convention {
    std::string_view name;
    int flops_per_multiply_add = 2;
    bool counts_elementwise = true;     ///< every non-contraction op with its per-element rule
    int softmax_flops_per_element = 5;  ///< applies even when elementwise ops are not counted
    bool embedding_as_matmul = false;
    bool backward_is_twice_forward = false;
    std::string_view summary;

    friend constexpr bool operator==(const convention& a, const convention& b) {
        return a.name == b.name;
    }
};

namespace conventions {
inline constexpr convention standard{"standard", 2, true, 5, false, false,
                                     "multiply-add = 2 FLOPs; elementwise, softmax and norms counted per element"};
inline constexpr convention gemm_only{"gemm_only", 2, false, 0, false, false,
                                      "only contractions count, multiply-add = 2 FLOPs"};
inline constexpr convention macs{"macs", 1, false, 0, false, false,
                                 "only contractions count, multiply-add = 1 (MACs)"};
inline constexpr convention chinchilla{"chinchilla", 2, false, 3, true, true,
                                       "Hoffmann et al. 2022 App. F: matmuls 2/MAC, softmax 3/score, embedding as matmul, backward = 2x forward"};
}  // namespace conventions

}  // namespace ordo
