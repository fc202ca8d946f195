#!/usr/bin/env bash
# Installs the Debian packages ordo needs to build, test and run its tools.
# Idempotent: only missing packages are installed, and when nothing is missing
# no apt-get call is made at all (so offline machines that are set up still work).
set -euo pipefail

packages=(
    build-essential g++ clang cmake ninja-build ccache git
    libclang-rt-14-dev           # clang's ASan/UBSan and libFuzzer runtimes (only recommended by clang)
    libboost1.81-dev             # Boost.Hana etc. (symbolic core)
    libxtensor-dev libxtensor-blas-dev libopenblas-dev  # reference runtime
    catch2 libbenchmark-dev      # tests, runtime benchmarks
    nlohmann-json3-dev libcli11-dev  # the `ordo` tool
    gnuplot-nox libxml2-utils    # report plots, XML/SVG checks
    valgrind                     # simulated memory traffic (ordo validate)
    openmpi-bin libopenmpi-dev   # the tensor-parallel check on a real MPI run (ordo validate --parallel)
)

# Node.js and npm run the checks of the generated docs (KaTeX, Mermaid); any install providing
# npm will do, so Debian's packages are added only when there is none.
if ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)
fi

missing=()
for pkg in "${packages[@]}"; do
    # `dpkg -s` also succeeds for removed-but-configured packages; check the status line.
    if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages already installed"
    exit 0
fi

echo "install-deps: installing missing packages: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo_cmd=(sudo)
    else
        echo "install-deps: not root and no sudo; install these by hand: ${missing[*]}" >&2
        exit 1
    fi
fi

"${sudo_cmd[@]}" apt-get update
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
