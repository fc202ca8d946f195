// A peak over incomparable program points is a maximum of polynomials: max(4·n, 4·d) here (which
// temporary is larger depends on the sizes). A difference of two maxima is not one.
// ordo-expect: E033_difference_of_costs_that_are_peaks
// ordo-errors: 1
#include <ordo/ordo.hpp>
using namespace ordo;
constexpr auto n = dim<"n">;
constexpr auto d = dim<"d">;
constexpr auto g = trace([](auto x, auto y) { return sum<0>(exp(x)) + sum<0>(exp(y)); }, input<"x", float>(n),
                         input<"y", float>(d));
constexpr auto nonsense = peak_memory(g) - peak_memory(g);
