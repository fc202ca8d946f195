// Uses ordo exactly as an installed package's user would.
#include <ordo/ordo.hpp>
#include <ordo/pages.hpp>
#include <ordo/version.hpp>
#ifdef CONSUMER_RUNTIME
#include <ordo/runtime.hpp>
#endif

#include <cstdio>
#include <string>

static_assert(ordo::version_major == 0);

int main() {
    std::printf("ordo %s\n", ORDO_VERSION_STRING);
    {  // the installed page generator, on a graph of this project's own
        constexpr auto n = ordo::dim<"n">;
        constexpr auto d = ordo::dim<"d">;
        const ordo::graph g = ordo::trace([](auto x, auto w) { return ordo::matmul(x, w); },
                                          ordo::input<"x", float>(n, d), ordo::param<"w", float>(d, d));
        const std::string page = ordo::pages::graph_page(
            g, {.name = "mm", .title = "matmul", .print_order = "n d", .sizes = "n=4,d=2"});
        if (page.find("| FLOPs | `gemm_only` | $2 n d^{2}$ | 32 |") == std::string::npos) {
            std::printf("unexpected page:\n%s\n", page.c_str());
            return 1;
        }
    }
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
