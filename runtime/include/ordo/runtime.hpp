#pragma once
// The xtensor reference runtime (not yet implemented; see the runtime issue).

#include <ordo/symbolic.hpp>
