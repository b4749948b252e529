#!/usr/bin/env bash
# The whole test suite again, on a build with AddressSanitizer and UndefinedBehaviorSanitizer
# (build-asan/): every finding stops the program, so a test cannot pass over one.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/packages.sh
install_missing "${ecozone_packages[@]}" "${ecozone_test_packages[@]}"
install_page_test_tools

# Without -Werror: g++ 12 warns falsely (-Wmaybe-uninitialized) on code instrumented by ASan; the ordinary
# build (scripts/test.sh) keeps warnings as errors.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DECOZONE_SANITIZE=address,undefined -DECOZONE_WERROR=OFF >/dev/null
cmake --build build-asan -j"$(nproc)"
# Leaks inside GDAL, PROJ and fontconfig (libraries ecozone does not build) are listed in lsan.supp.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=86:strict_string_checks=1:detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=87"
ctest --test-dir build-asan --output-on-failure -j"$(nproc)" --timeout 900
