#!/usr/bin/env bash
# Installs the Debian 12 packages ecozone needs (only those missing) and builds it (Release) in build/.
# Safe to run again: it does only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/packages.sh
install_missing "${ecozone_packages[@]}"

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release ${ECOZONE_CMAKE_ARGS:-} >/dev/null
cmake --build build -j"$(nproc)"
