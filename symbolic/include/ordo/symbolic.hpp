#pragma once
/// \file
/// ordo's symbolic algebra: named dimensions, exact Laurent polynomials with rational
/// coefficients, closed-form sums, exact evaluation, and asymptotics under assumptions.
/// Depends on the standard library only; never on xtensor. See docs/guide.md.

#include <ordo/symbolic/assumptions.hpp>
#include <ordo/symbolic/asymptotic.hpp>
#include <ordo/symbolic/diagnostics.hpp>
#include <ordo/symbolic/dim.hpp>
#include <ordo/symbolic/eval.hpp>
#include <ordo/symbolic/expect.hpp>
#include <ordo/symbolic/fixed_string.hpp>
#include <ordo/symbolic/format.hpp>
#include <ordo/symbolic/polynomial.hpp>
#include <ordo/symbolic/rational.hpp>
#include <ordo/symbolic/sum.hpp>
