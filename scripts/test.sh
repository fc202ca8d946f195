#!/usr/bin/env bash
# Full check: install dependencies, then configure, build and ctest once per compiler.
# ORDO_COMPILERS (default "g++ clang++") restricts or changes the compilers tried.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

banner() { printf '\n==== %s ====\n' "$*"; }

banner "install dependencies"
bash scripts/install-deps.sh

launcher=()
if command -v ccache >/dev/null 2>&1; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

for cxx in ${ORDO_COMPILERS:-g++ clang++}; do
    # One build tree per compiler family; a CMake cache cannot switch compilers.
    case "$cxx" in
        *clang*) dir=build/clang ;;
        *g++*) dir=build/gcc ;;
        *) dir="build/$(basename "$cxx")" ;;
    esac

    banner "$cxx: configure ($dir)"
    cmake -S . -B "$dir" -G Ninja \
        -DCMAKE_CXX_COMPILER="$cxx" \
        -DCMAKE_BUILD_TYPE=Release \
        -DORDO_WERROR=ON \
        "${launcher[@]}"

    banner "$cxx: build"
    cmake --build "$dir" -j2

    banner "$cxx: test"
    # --no-tests=error: an empty test list means the harness broke, not success.
    ctest --test-dir "$dir" --output-on-failure -j2 --no-tests=error
done

# Sanitizers: the laws, unit and runtime tests and `ordo validate --quick` under ASan + UBSan
# (clang++, any UB an error). ORDO_SANITIZE=0 skips the stage.
if [ "${ORDO_SANITIZE:-1}" = 1 ]; then
    dir=build/sanitize
    banner "clang++ -fsanitize=address,undefined: configure and build ($dir)"
    cmake -S . -B "$dir" -G Ninja \
        -DCMAKE_CXX_COMPILER=clang++ \
        -DCMAKE_BUILD_TYPE=Debug \
        -DCMAKE_CXX_FLAGS="-O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
        "${launcher[@]}"
    cmake --build "$dir" -j2 --target ordo_tests ordo_runtime_tests ordo
    banner "sanitized: laws and unit tests, runtime tests, ordo validate --quick"
    "$dir/tests/ordo_tests"
    "$dir/tests/ordo_runtime_tests"
    "$dir/bin/ordo" validate --quick > "$dir/validate.txt"
    tail -n 1 "$dir/validate.txt"
fi

# Fuzzing: the libFuzzer target over the algebra (tests/fuzz), from the committed seeds, for
# ORDO_FUZZ_SECONDS (default 60). ORDO_FUZZ=0 skips the stage.
if [ "${ORDO_FUZZ:-1}" = 1 ]; then
    banner "libFuzzer: the algebra against an exact reference, ${ORDO_FUZZ_SECONDS:-60} s"
    bash scripts/fuzz.sh "${ORDO_FUZZ_SECONDS:-60}"
fi

banner "all stages passed (${ORDO_COMPILERS:-g++ clang++})"
