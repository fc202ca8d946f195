# Compile-fail test driver, run as: cmake -DCXX=<compiler> -DSOURCE=<file.cpp>
#   -DFLAGS=<flag|flag|...> -DOUTPUT=<file to save diagnostics> -P compile_fail.cmake
# SOURCE declares what its diagnostics must contain on lines of the form
#   // ordo-expect: <CMake regex>
# The test passes only if compiling SOURCE fails AND every regex matches the output.
# FLAGS uses '|' as separator because ';' does not survive add_test() arguments.
cmake_minimum_required(VERSION 3.21)

foreach(var CXX SOURCE)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "compile_fail.cmake: -D${var}=... is required")
    endif()
endforeach()
string(REPLACE "|" ";" flags "${FLAGS}")

# Collect the expectations. (Limitation: a regex may not contain ';', which CMake
# would treat as a list separator.)
file(STRINGS "${SOURCE}" lines REGEX "^[ \t]*//[ \t]*ordo-expect:")
set(expects "")
foreach(line IN LISTS lines)
    string(REGEX REPLACE "^[ \t]*//[ \t]*ordo-expect:[ \t]*" "" re "${line}")
    string(STRIP "${re}" re)
    if(NOT re STREQUAL "")
        list(APPEND expects "${re}")
    endif()
endforeach()
if(NOT expects)
    message(FATAL_ERROR "${SOURCE}: no '// ordo-expect: <regex>' line; nothing to check")
endif()

execute_process(
    COMMAND "${CXX}" -std=c++20 -fsyntax-only ${flags} "${SOURCE}"
    RESULT_VARIABLE result
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output) # same variable: stdout and stderr interleaved in one text

if(DEFINED OUTPUT)
    # Kept for the docs, which quote real diagnostics.
    file(WRITE "${OUTPUT}" "${output}")
endif()

if(result EQUAL 0)
    message(FATAL_ERROR "${SOURCE} compiled, but must fail with: ${expects}")
endif()

set(missing "")
foreach(re IN LISTS expects)
    if(NOT output MATCHES "${re}")
        list(APPEND missing "${re}")
    endif()
endforeach()
if(missing)
    message(FATAL_ERROR
        "${SOURCE} failed to compile (${result}), but the output lacks: ${missing}\n"
        "---- compiler output ----\n${output}")
endif()
message(STATUS "${SOURCE}: failed to compile as expected; matched: ${expects}")
