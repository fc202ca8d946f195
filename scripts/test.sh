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

banner "all stages passed (${ORDO_COMPILERS:-g++ clang++})"
