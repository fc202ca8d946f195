#pragma once
// Copies into memory that is written once and not read soon: non-temporal stores, which go
// to memory without first reading each line in (a store that misses the cache otherwise reads
// the line it writes, so a write-only stream costs twice its bytes). The window op writes w
// copies of each key row, w times its input; its output is far larger than the cache.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>
#if defined(__AVX__)
#include <immintrin.h>
#endif

namespace ordo::runtime::detail {

/// An op's result larger than this goes out with non-temporal stores where its kernel can
/// (causal_mask, softmax): half of a 32 MiB last-level cache. A smaller one stays in the cache
/// for the op that reads it next.
inline constexpr std::int64_t stream_written_once_above = std::int64_t{16} << 20;

/// y[0, n) = x[0, n), with non-temporal stores where the build has AVX, T is float or double,
/// and y is 32-byte aligned; a plain copy elsewhere. The caller ends its writes with
/// stream_fence() before another thread reads them.
template <typename T>
void stream_copy(const T* x, std::int64_t n, T* y) {
#if defined(__AVX__)
    constexpr std::int64_t lanes = 32 / static_cast<std::int64_t>(sizeof(T));
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>)
        if (reinterpret_cast<std::uintptr_t>(y) % 32 == 0) {
            std::int64_t k = 0;
            for (; k + lanes <= n; k += lanes) {
                if constexpr (std::is_same_v<T, float>) _mm256_stream_ps(y + k, _mm256_loadu_ps(x + k));
                else _mm256_stream_pd(y + k, _mm256_loadu_pd(x + k));
            }
            std::copy(x + k, x + n, y + k);
            return;
        }
#endif
    std::copy_n(x, n, y);
}

/// y[0, n) = x[0, n) + c, with non-temporal stores where `stream`, the build has AVX and T is
/// float or double (a scalar head up to y's first 32-byte boundary); plain stores elsewhere.
/// The caller ends its writes with stream_fence() as for stream_copy.
template <typename T>
void stream_add(const T* x, std::int64_t n, T c, T* y, bool stream) {
    std::int64_t k = 0;
#if defined(__AVX__)
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>)
        if (stream) {
            constexpr std::int64_t lanes = 32 / static_cast<std::int64_t>(sizeof(T));
            for (; k < n && reinterpret_cast<std::uintptr_t>(y + k) % 32 != 0; ++k) y[k] = x[k] + c;
            for (; k + lanes <= n; k += lanes) {
                if constexpr (std::is_same_v<T, float>) _mm256_stream_ps(y + k, _mm256_add_ps(_mm256_loadu_ps(x + k), _mm256_set1_ps(c)));
                else _mm256_stream_pd(y + k, _mm256_add_pd(_mm256_loadu_pd(x + k), _mm256_set1_pd(c)));
            }
        }
#endif
    static_cast<void>(stream);
    for (std::int64_t j = k; j < n; ++j) y[j] = x[j] + c;
}

/// Orders this thread's non-temporal stores before whatever it does next (a no-op without AVX).
/// A kernel that streams calls it once at its end, for the rows the calling thread ran; each
/// thread_pool task calls it for its own.
inline void stream_fence() {
#if defined(__AVX__)
    _mm_sfence();
#endif
}

}  // namespace ordo::runtime::detail
