// float_rows' AVX-512 build: this file alone is compiled with -mavx512f -mavx512vl -mavx512bw
// -mavx512dq -mprefer-vector-width=512 (CMakeLists.txt), and runs only where the CPU has them
// (float_rows_baseline.cpp chooses).
#define ORDO_VECTOR_ISA avx512
#include "kernels/float_rows_table.hpp"

namespace ordo::runtime::detail {
const float_rows& avx512_rows() { return avx512::rows_table; }
}  // namespace ordo::runtime::detail
