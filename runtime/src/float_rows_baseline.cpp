// float_rows' baseline build (the runtime's own flags) and the choice between the builds.
#include "kernels/float_rows_table.hpp"

#include <cstdlib>
#include <string_view>

namespace ordo::runtime::detail {

#ifdef ORDO_HAS_AVX512_ROWS
const float_rows& avx512_rows();  // float_rows_avx512.cpp
#endif

const float_rows& baseline_float_rows() { return baseline::rows_table; }

const float_rows* avx512_float_rows() {
#ifdef ORDO_HAS_AVX512_ROWS
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512dq"))
        return &avx512_rows();
#endif
    return nullptr;
}

const float_rows& float_rows_for_this_cpu() {
    static const float_rows& chosen = []() -> const float_rows& {
        const char* asked = std::getenv("ORDO_ISA");
        const float_rows* wide = avx512_float_rows();
        return wide && !(asked && std::string_view(asked) == "baseline") ? *wide : baseline_float_rows();
    }();
    return chosen;
}

}  // namespace ordo::runtime::detail
