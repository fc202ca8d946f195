#pragma once
/// \file
/// Element types of tensors, and their sizes in bytes (what `bytes_moved` and `peak_memory`
/// multiply element counts by). `input<"x", float>`: the C++ type names the dtype.

#include <cstdint>
#include <string_view>

namespace ordo {

/// u8: one byte, for masks (a dropout's kept elements).
enum class dtype : unsigned char { f16, bf16, f32, f64, i32, i64, u8 };

/// 16-bit float tags (no arithmetic; for costing mixed-precision models).
struct half {};
struct bfloat16 {};

constexpr int size_in_bytes(dtype t) {
    switch (t) {
        case dtype::f16:
        case dtype::bf16: return 2;
        case dtype::f32:
        case dtype::i32: return 4;
        case dtype::f64:
        case dtype::i64: return 8;
        case dtype::u8: return 1;
    }
    return 0;
}

constexpr bool is_integer(dtype t) { return t == dtype::i32 || t == dtype::i64 || t == dtype::u8; }

constexpr std::string_view name_of(dtype t) {
    switch (t) {
        case dtype::f16: return "f16";
        case dtype::bf16: return "bf16";
        case dtype::f32: return "f32";
        case dtype::f64: return "f64";
        case dtype::i32: return "i32";
        case dtype::i64: return "i64";
        case dtype::u8: return "u8";
    }
    return "?";
}

namespace detail {
template <typename T>
struct dtype_of;
template <> struct dtype_of<float> { static constexpr dtype value = dtype::f32; };
template <> struct dtype_of<double> { static constexpr dtype value = dtype::f64; };
template <> struct dtype_of<half> { static constexpr dtype value = dtype::f16; };
template <> struct dtype_of<bfloat16> { static constexpr dtype value = dtype::bf16; };
template <> struct dtype_of<std::int32_t> { static constexpr dtype value = dtype::i32; };
template <> struct dtype_of<std::int64_t> { static constexpr dtype value = dtype::i64; };
template <> struct dtype_of<std::uint8_t> { static constexpr dtype value = dtype::u8; };
}  // namespace detail

}  // namespace ordo
