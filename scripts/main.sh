#!/usr/bin/env bash
# Builds the `ordo` tool with g++ and runs it; arguments default to `report`.
# Build chatter goes to stderr so the tool's own stdout stays clean for piping.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh >&2

launcher=()
if command -v ccache >/dev/null 2>&1; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

# Same tree as scripts/test.sh, so either script reuses the other's build.
cmake -S . -B build/gcc -G Ninja -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=Release \
    "${launcher[@]}" >&2
cmake --build build/gcc --target ordo -j2 >&2

if [ $# -gt 0 ]; then
    exec build/gcc/bin/ordo "$@"
fi
# The main job: the catalog's exact costs, then the runtime's quick validation of them.
build/gcc/bin/ordo report
echo
exec build/gcc/bin/ordo validate --quick
