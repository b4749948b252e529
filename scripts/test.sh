#!/usr/bin/env bash
# Sets up what is missing, builds, and runs the whole test suite through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/packages.sh
install_missing "${ecozone_test_packages[@]}"
install_page_test_tools
ctest --test-dir build --output-on-failure -j"$(nproc)"
