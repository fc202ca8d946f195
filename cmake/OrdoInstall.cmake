# Install rules and the CMake package (find_package(ordo [COMPONENTS runtime])).
include(CMakePackageConfigHelpers)

# All headers land in one include tree, whichever source directory they live in.
install(DIRECTORY
            "${PROJECT_SOURCE_DIR}/include/"
            "${PROJECT_SOURCE_DIR}/symbolic/include/"
            "${PROJECT_SOURCE_DIR}/pages/include/"
            "${PROJECT_SOURCE_DIR}/runtime/include/"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")

set(ORDO_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/ordo")

# The core export set never references xtensor or BLAS, so consumers that only want
# ordo::symbolic need none of them installed.
install(TARGETS ordo_symbolic ordo_ordo ordo_pages EXPORT ordoTargets)
install(EXPORT ordoTargets NAMESPACE ordo:: DESTINATION "${ORDO_CMAKE_DIR}")

# The runtime gets its own export set; ordoConfig loads it only for COMPONENTS runtime.
if(ORDO_RUNTIME)
    install(TARGETS ordo_runtime EXPORT ordoRuntimeTargets)
    install(EXPORT ordoRuntimeTargets NAMESPACE ordo:: DESTINATION "${ORDO_CMAKE_DIR}")
endif()

configure_package_config_file(
    "${PROJECT_SOURCE_DIR}/cmake/ordoConfig.cmake.in"
    "${PROJECT_BINARY_DIR}/ordoConfig.cmake"
    INSTALL_DESTINATION "${ORDO_CMAKE_DIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/ordoConfigVersion.cmake"
    COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/ordoConfig.cmake"
              "${PROJECT_BINARY_DIR}/ordoConfigVersion.cmake"
        DESTINATION "${ORDO_CMAKE_DIR}")
