// Issue 12's acceptance example, verbatim: the roofline of a decoding step on an H100 against
// the installed package (find_package(ordo), ordo::ordo).
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto h = dim<"h">;
constexpr auto g = dim<"g">;
constexpr auto f = dim<"f">;
constexpr auto L = dim<"L">;
constexpr auto V = dim<"V">;

constexpr auto step = models::llama_decode_step<bfloat16>(b, n, d, h, g, f, L, V);
constexpr auto gpu = hardware::h100_sxm;
constexpr auto one = bind(b = 1, n = 4096, d = 4096, h = 32, g = 8, f = 14336, L = 32, V = 128256);
constexpr auto many = bind(b = 4096, n = 512, d = 4096, h = 32, g = 8, f = 14336, L = 32, V = 128256);
static_assert(memory_bound_share(step, gpu, one) == 1);  // every op waits on memory at batch 1
static_assert(memory_bound_share(step, gpu, many) < 1);  // the projections have turned compute-bound
static_assert(bytes_moved(models::mha(b, n, d, h)) == 2 * bytes_moved(models::mha<bfloat16>(b, n, d, h)));

int main() {}
