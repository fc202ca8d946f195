// dropout with p = 1 would drop every element (and scale the kept ones by 1/0).
// ordo-expect: non-.{0,3}constexpr.{0,3} function .*E032_dropout_probability_must_be_in_0_to_1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto b = dim<"b">;
constexpr auto g = trace([](auto x) { return dropout(x, rational(1)); }, input<"x", float>(b));
int main() {}
