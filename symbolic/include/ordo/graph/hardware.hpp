#pragma once
/// \file
/// Hardware as data: what a roofline needs of a machine.
///
///     constexpr auto gpu = ordo::hardware::h100_sxm;
///     gpu.peak(ordo::dtype::bf16);   // 989.4e12 FLOP/s, dense
///     gpu.bandwidth;                 // 3.35e12 B/s
///
/// Peaks are dense (no structured sparsity), per element type: the matrix (tensor-core) peak
/// for 16-bit types, the vector peak for f32 and f64 (what an f32 GEMM without TF32 gets).
/// Integer tensors are costed at the vector peak of their width. The published entries
/// are the vendors' data-sheet figures, cited in `source`; `ordo calibrate` measures this
/// machine into the same record.

#include <ordo/graph/dtype.hpp>

#include <cstdint>
#include <string_view>

namespace ordo {

struct hardware {
    std::string_view name;
    std::string_view source;          ///< where the figures come from
    std::int64_t peak_f16 = 0;        ///< FLOP/s, dense
    std::int64_t peak_bf16 = 0;
    std::int64_t peak_f32 = 0;
    std::int64_t peak_f64 = 0;
    std::int64_t bandwidth = 0;       ///< main memory, B/s
    std::int64_t on_chip_bytes = 0;   ///< last-level on-chip cache (L2, Infinity Cache)

    /// Peak FLOP/s for tensors of type t.
    [[nodiscard]] constexpr std::int64_t peak(dtype t) const {
        switch (t) {
            case dtype::f16: return peak_f16;
            case dtype::bf16: return peak_bf16;
            case dtype::f32:
            case dtype::i32:
            case dtype::u8: return peak_f32;
            case dtype::f64:
            case dtype::i64: return peak_f64;
        }
        return 0;
    }

    static const hardware a100_sxm;
    static const hardware h100_sxm;
    static const hardware h200;
    static const hardware mi300x;
};

/// NVIDIA A100 80GB SXM.
inline constexpr hardware hardware::a100_sxm{
    .name = "a100_sxm",
    .source = "NVIDIA A100 Tensor Core GPU data sheet (2021), A100 80GB SXM column: FP64 9.7, FP32 19.5, "
              "BF16/FP16 Tensor Core 312 TFLOPS (dense; 624 with sparsity); HBM2e 2,039 GB/s; 40 MB L2 "
              "(NVIDIA A100 architecture white paper)",
    .peak_f16 = 312'000'000'000'000,
    .peak_bf16 = 312'000'000'000'000,
    .peak_f32 = 19'500'000'000'000,
    .peak_f64 = 9'700'000'000'000,
    .bandwidth = 2'039'000'000'000,
    .on_chip_bytes = 40ll << 20,
};

/// NVIDIA H100 SXM5 80GB.
inline constexpr hardware hardware::h100_sxm{
    .name = "h100_sxm",
    .source = "NVIDIA H100 Tensor Core GPU data sheet (2023), H100 SXM column: FP64 34, FP32 67, "
              "BF16/FP16 Tensor Core 989.4 TFLOPS dense (the sheet's 1,979 is with sparsity); HBM3 "
              "3.35 TB/s; 50 MB L2 (NVIDIA H100 architecture white paper)",
    .peak_f16 = 989'400'000'000'000,
    .peak_bf16 = 989'400'000'000'000,
    .peak_f32 = 67'000'000'000'000,
    .peak_f64 = 34'000'000'000'000,
    .bandwidth = 3'350'000'000'000,
    .on_chip_bytes = 50ll << 20,
};

/// NVIDIA H200 SXM 141GB.
inline constexpr hardware hardware::h200{
    .name = "h200",
    .source = "NVIDIA H200 Tensor Core GPU data sheet (2024), H200 SXM column: FP64 34, FP32 67, "
              "BF16/FP16 Tensor Core 989.4 TFLOPS dense (1,979 with sparsity); HBM3e 141 GB at "
              "4.8 TB/s; 50 MB L2 (Hopper, as H100)",
    .peak_f16 = 989'400'000'000'000,
    .peak_bf16 = 989'400'000'000'000,
    .peak_f32 = 67'000'000'000'000,
    .peak_f64 = 34'000'000'000'000,
    .bandwidth = 4'800'000'000'000,
    .on_chip_bytes = 50ll << 20,
};

/// AMD Instinct MI300X.
inline constexpr hardware hardware::mi300x{
    .name = "mi300x",
    .source = "AMD Instinct MI300X accelerator data sheet (2023): FP64 vector 81.7, FP32 vector 163.4, "
              "FP16/BF16 matrix 1,307.4 TFLOPS dense (2,614.9 with sparsity); HBM3 5.3 TB/s; 256 MB "
              "AMD Infinity Cache",
    .peak_f16 = 1'307'400'000'000'000,
    .peak_bf16 = 1'307'400'000'000'000,
    .peak_f32 = 163'400'000'000'000,
    .peak_f64 = 81'700'000'000'000,
    .bandwidth = 5'300'000'000'000,
    .on_chip_bytes = 256ll << 20,
};

/// The published entries, for lookups by name (`ordo report --hardware h100_sxm`).
inline constexpr const hardware* published_hardware[] = {&hardware::a100_sxm, &hardware::h100_sxm,
                                                         &hardware::h200, &hardware::mi300x};

}  // namespace ordo
