// Uses ordo exactly as an installed package's user would.
#include <ordo/ordo.hpp>
#include <ordo/version.hpp>
#ifdef CONSUMER_RUNTIME
#include <ordo/runtime.hpp>
// The runtime is still a stub: call BLAS through xtensor-blas directly to prove that
// ordo::runtime carries working xtensor, xtensor-blas and BLAS usage requirements.
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xtensor.hpp>
#endif

#include <cstdio>

static_assert(ordo::version_major == 0);

int main() {
    std::printf("ordo %s\n", ORDO_VERSION_STRING);
#ifdef CONSUMER_RUNTIME
    xt::xtensor<double, 1> v{1.0, 2.0, 3.0};
    const double dot = xt::linalg::vdot(v, v); // BLAS ddot
    std::printf("runtime: v.v = %g\n", dot);
    if (dot != 14.0) {
        return 1;
    }
#endif
    return 0;
}
