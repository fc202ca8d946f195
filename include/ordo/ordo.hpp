#pragma once
/// \file
/// The front door: everything symbolic in ordo (the algebra today; graphs and the catalog
/// as they land). The xtensor runtime is separate: <ordo/runtime.hpp>, target ordo::runtime,
/// so that a user's static_assert never pays for xtensor.

#include <ordo/symbolic.hpp>
#include <ordo/version.hpp>
