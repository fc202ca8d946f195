// A graph has 1 to 4 outputs, each a tensor: a traced function returning a tensor and a number
// is rejected at the trace, naming what a traced function may return.
// ordo-expect: \[ordo:E111\] a traced function must return a tensor, or a tuple of 1 to 4 tensors
// ordo-errors: 1
#include <ordo/graph.hpp>
#include <boost/hana/tuple.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto g = trace([](auto x) { return boost::hana::make_tuple(exp(x), 1); }, input<"x", float>(n));
