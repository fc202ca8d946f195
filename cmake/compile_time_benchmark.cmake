# Measures how long the front end spends on ordo's headers and on growing numbers of
# symbolic static_asserts. Run via the `compile_time_benchmark` target, or as:
#   cmake -DCXX=<compiler> -DINCLUDES=<dir|dir|...> -DFLAGS=<flag|...> -DOUT=<dir>
#         -DACCEPTANCE=<tests/static/acceptance_algebra.cpp> -P compile_time_benchmark.cmake
# Lists use '|' because ';' does not survive a custom command's -D arguments.
cmake_minimum_required(VERSION 3.21)

foreach(var CXX INCLUDES OUT)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "compile_time_benchmark.cmake: -D${var}=... is required")
    endif()
endforeach()
find_program(BASH bash REQUIRED) # for its `time` keyword: sub-second, no extra package

string(REPLACE "|" ";" includes "${INCLUDES}")
string(REPLACE "|" ";" flags "${FLAGS}")
list(TRANSFORM includes PREPEND "-I")
set(command "${CXX}" -std=c++20 -fsyntax-only ${includes} ${flags})

set(gen "${OUT}/compile_time_benchmark")
file(MAKE_DIRECTORY "${gen}")

# Baselines: what Hana alone costs, and what including ordo costs.
file(WRITE "${gen}/baseline_hana.cpp" "#include <boost/hana.hpp>\nint main() {}\n")
file(WRITE "${gen}/include_symbolic.cpp" "#include <ordo/symbolic.hpp>\nint main() {}\n")
set(files "${gen}/baseline_hana.cpp" "${gen}/include_symbolic.cpp")

# ctb_N.cpp: N independent polynomials, each checked with a Theta comparison.
foreach(n 1 10 50)
    set(src "#include <ordo/symbolic.hpp>\n\n")
    foreach(d a b c d e)
        string(APPEND src "constexpr auto ${d} = ordo::dim<\"${d}\">;\n")
    endforeach()
    foreach(k RANGE 1 ${n})
        string(APPEND src "\nconstexpr auto p_${k} = (a + ${k} * b + c) * (d + e + a * b) * (${k} + c * d);\n"
                          "static_assert(ordo::theta(p_${k}) == ordo::theta(p_${k} * 2));\n")
    endforeach()
    string(APPEND src "\nint main() {}\n")
    file(WRITE "${gen}/ctb_${n}.cpp" "${src}")
    list(APPEND files "${gen}/ctb_${n}.cpp")
endforeach()

file(WRITE "${gen}/include_ordo.cpp" "#include <ordo/ordo.hpp>\nint main() {}\n")
list(APPEND files "${gen}/include_ordo.cpp")
# ACCEPTANCE: '|'-separated test files (the acceptance snippets, the decoder budget test).
string(REPLACE "|" ";" acceptance "${ACCEPTANCE}")
foreach(file IN LISTS acceptance)
    if(EXISTS "${file}")
        list(APPEND files "${file}")
    else()
        message(WARNING "skipping missing ${file}")
    endif()
endforeach()

set(table "| file | seconds (best of 3) |\n| --- | ---: |\n")
foreach(file IN LISTS files)
    set(best "")
    foreach(i RANGE 1 3)
        # bash's `time` writes the elapsed seconds (TIMEFORMAT=%R) to the shell's stderr;
        # the compiler's own stderr goes to a separate file so the two cannot mix.
        execute_process(
            COMMAND "${BASH}" -c "TIMEFORMAT=%R; time \"$@\" 2>\"${gen}/last_error.txt\"" bash
                    ${command} "${file}"
            RESULT_VARIABLE result
            ERROR_VARIABLE seconds
            ERROR_STRIP_TRAILING_WHITESPACE)
        if(NOT result EQUAL 0)
            file(READ "${gen}/last_error.txt" err)
            message(FATAL_ERROR "compiling ${file} failed:\n${err}")
        endif()
        if(best STREQUAL "" OR seconds LESS best)
            set(best "${seconds}")
        endif()
    endforeach()
    get_filename_component(name "${file}" NAME)
    string(APPEND table "| ${name} | ${best} |\n")
endforeach()

file(WRITE "${OUT}/compile_time_benchmark.md" "${table}")
# message() would go to stderr; the table is the result, so it goes to stdout.
execute_process(COMMAND "${CMAKE_COMMAND}" -E echo "${table}")
execute_process(COMMAND "${CMAKE_COMMAND}" -E echo "(also written to ${OUT}/compile_time_benchmark.md)")
