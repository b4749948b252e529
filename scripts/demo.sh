#!/usr/bin/env bash
# The main job on sample_data/: check every zoning layer of the sample catalog.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== ecozone layers: every zoning layer of layers/sample.toml =="
build/ecozone layers --catalog layers/sample.toml
