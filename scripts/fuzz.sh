#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/) and runs each for a bounded time, SECONDS each
# (default 60), on its committed corpus in tests/fuzz/corpus/<target>/. The committed corpus is read,
# never changed: new inputs go to build-fuzz/corpus/. A crash, leak or timeout fails the run and leaves
# the input in build-fuzz/artifacts/; add it to tests/fuzz/corpus/<target>/ with the fix, so that
# fuzz.replay (in ctest) keeps it as a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
source scripts/packages.sh
install_missing "${ecozone_packages[@]}" clang libclang-rt-14-dev

targets=(jzd csv angle catalog rules style targets carbon_toml carbon_csv cache_geometry request)
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DECOZONE_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"
mkdir -p build-fuzz/artifacts
status=0
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t"
  echo "fuzz $t: ${seconds} s" >&2
  if ! build-fuzz/tests/fuzz_"$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="build-fuzz/artifacts/$t-" "build-fuzz/corpus/$t" "tests/fuzz/corpus/$t" \
       > "build-fuzz/fuzz-$t.log" 2>&1; then
    echo "fuzz $t: FAILED; the input is in build-fuzz/artifacts/, the log in build-fuzz/fuzz-$t.log" >&2
    tail -40 "build-fuzz/fuzz-$t.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "build-fuzz/fuzz-$t.log" | tr '\n' ' ' >&2
    echo >&2
  fi
done
exit $status
