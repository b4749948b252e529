#!/usr/bin/env bash
# The main job on sample_data/: check the zoning layers, then screen the sample project sites.
# Results go to out/ (screening/ inside it); open out/screening/report.html in a browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== ecozone layers: every zoning layer of layers/sample.toml =="
build/ecozone layers --catalog layers/sample.toml
echo
echo "== ecozone screen: 30 proposed sites against the zoning layers =="
build/ecozone screen --catalog layers/sample.toml --sites sample_data/sites.geojson --out out/screening
echo
echo "== ecozone stats: forest cover, green space and zoning shares per county and city, against the seeds' targets =="
build/ecozone stats --catalog layers/sample.toml --targets layers/targets-sample.toml --out out/stats
