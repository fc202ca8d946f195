# Installs the build tree into a private prefix, then configures, builds and runs the
# consumer project in tests/package against it, as a user of find_package(ordo) would.
# Run as: cmake -DBUILD_DIR=<ordo build> -DCONSUMER_SOURCE=<tests/package>
#   -DWORK_DIR=<scratch dir> -DCXX=<compiler> -DGENERATOR=<gen>
#   [-DPREFIX=<install prefix, default BUILD_DIR/package-prefix>] [-DRUNTIME=ON]
#   -P package_test.cmake
cmake_minimum_required(VERSION 3.21)

foreach(var BUILD_DIR CONSUMER_SOURCE WORK_DIR CXX GENERATOR)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "package_test.cmake: -D${var}=... is required")
    endif()
endforeach()
if(NOT DEFINED RUNTIME)
    set(RUNTIME OFF)
endif()

if(NOT DEFINED PREFIX)
    set(PREFIX "${BUILD_DIR}/package-prefix")
endif()
set(prefix "${PREFIX}")
set(consumer_build "${WORK_DIR}/build")

function(run step)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "package test: ${step} failed (${result})")
    endif()
endfunction()

# A fresh prefix and consumer tree, so stale files cannot make a broken install pass.
file(REMOVE_RECURSE "${prefix}" "${consumer_build}")
run(install "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}")
run(configure "${CMAKE_COMMAND}" -S "${CONSUMER_SOURCE}" -B "${consumer_build}"
    -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX}" "-DCMAKE_PREFIX_PATH=${prefix}"
    "-DCONSUMER_RUNTIME=${RUNTIME}")
run(build "${CMAKE_COMMAND}" --build "${consumer_build}")
run(run "${consumer_build}/consumer")
