// One device's part of a GPT layer split t = 2 ways sums its row-parallel products over both
// devices; a single process has only one of them.
// ordo-expect: \[ordo:E313\] ordo::runtime: node [0-9]+ \(all_reduce\) sums over 2 devices, and this process is one
#include <ordo/ordo.hpp>
#include <ordo/runtime.hpp>
using namespace ordo;
using namespace ordo::models::symbols;  // b, n, d, h
constexpr auto t = dim<"t">;
void broken() {
    const graph g = tensor_parallel(models::gpt_training_layer(b, n, d, h), t);
    runtime::execute<float>(g, bind(b = 1, n = 4, d = 8, h = 2, t = 2));
}
