#pragma once
// The instruction set a file of the fast path's kernels is compiled for. The kernels' headers
// are compiled once per instruction set: with the runtime's own flags (the baseline: AVX2 and
// FMA where the CPU has them) and, in files of their own, with AVX-512 (float_rows_avx512.cpp,
// thin_gemm_avx512.cpp), which define these two macros before including them. Each build lives
// in its own inline namespace, so that at link time the AVX-512 build of an inline function
// never stands in for the baseline's.

/// The inline namespace of this build: `baseline` unless the file says otherwise.
#ifndef ORDO_VECTOR_ISA
#define ORDO_VECTOR_ISA baseline
#endif

/// The width of the gemm kernels' vectors (simd_block.hpp) in bytes: 32 (AVX2) unless the file
/// says otherwise (64 for AVX-512).
#ifndef ORDO_VECTOR_BYTES
#define ORDO_VECTOR_BYTES 32
#endif
