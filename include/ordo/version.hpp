#pragma once
/// \file
/// ordo's version. CMake reads it from here (one source of truth, checked at configure).

#define ORDO_VERSION_MAJOR 0
#define ORDO_VERSION_MINOR 1
#define ORDO_VERSION_PATCH 0
#define ORDO_VERSION_STRING "0.1.0"

namespace ordo {
inline constexpr int version_major = ORDO_VERSION_MAJOR;
inline constexpr int version_minor = ORDO_VERSION_MINOR;
inline constexpr int version_patch = ORDO_VERSION_PATCH;
}  // namespace ordo
