// A graph has one output: a traced function returning a tuple of two tensors is rejected.
// ordo-expect: \[ordo:E111\] a traced function must return a tensor
#include <ordo/graph.hpp>
#include <boost/hana/tuple.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto g = trace([](auto x) { return boost::hana::make_tuple(exp(x), x); }, input<"x", float>(n));
