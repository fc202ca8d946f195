#pragma once
/// \file
/// The front door: everything symbolic — the algebra, shape-checked graphs and their costs,
/// and the model catalog. The xtensor runtime is separate (<ordo/runtime.hpp>, target
/// ordo::runtime), so a user's static_assert never pays for xtensor.

#include <ordo/graph.hpp>
#include <ordo/models.hpp>
#include <ordo/symbolic.hpp>
#include <ordo/version.hpp>
