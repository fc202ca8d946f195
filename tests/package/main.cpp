// Uses ordo exactly as an installed package's user would.
#include <ordo/ordo.hpp>
#include <ordo/version.hpp>
#ifdef CONSUMER_RUNTIME
#include <ordo/runtime.hpp>
#endif

#include <cstdio>

static_assert(ordo::version_major == 0);

int main() {
    std::printf("ordo %s\n", ORDO_VERSION_STRING);
#ifdef CONSUMER_RUNTIME
    // The installed runtime library: a counted run of MHA agrees with the symbolic count.
    constexpr auto b = ordo::dim<"b">;
    constexpr auto n = ordo::dim<"n">;
    constexpr auto d = ordo::dim<"d">;
    constexpr auto h = ordo::dim<"h">;
    const ordo::graph g = ordo::models::mha(b, n, d, h);
    const auto at = ordo::bind(b = 1, n = 8, d = 16, h = 2);
    const auto m = ordo::runtime::measure(g, at);
    const auto y = ordo::runtime::execute<float>(g, at);  // the BLAS path
    std::printf("runtime: %lld FLOPs counted, output of %zu elements\n", static_cast<long long>(m.flops), y.size());
    if (m.flops != ordo::eval(ordo::flops(g), at) || y.size() != 128) {
        return 1;
    }
#endif
    return 0;
}
