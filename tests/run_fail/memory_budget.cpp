// mha at n = 4096, d = 64, h = 4 holds 4·b·h·n² = 268,435,456 bytes of scores at its peak; a
// budget of 1 MB refuses the run before it allocates anything.
// ordo-expect: \[ordo:E312\] ordo::runtime: the run needs [0-9]+ bytes at its peak, over the memory budget of 1000000 bytes \(run_options::memory_budget\), at b = 1, n = 4096, d = 64, h = 4\.
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
using namespace ordo::models::symbols;
void broken() {
    runtime::run_options options;
    options.memory_budget = 1'000'000;
    runtime::execute<float>(models::mha(b, n, d, h), bind(b = 1, n = 4096, d = 64, h = 4), {}, options);
}
