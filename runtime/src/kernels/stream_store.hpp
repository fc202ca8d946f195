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

/// Orders this thread's non-temporal stores before whatever it does next (a no-op without AVX).
inline void stream_fence() {
#if defined(__AVX__)
    _mm_sfence();
#endif
}

}  // namespace ordo::runtime::detail
