#!/usr/bin/env bash
# The main job on sample_data/: check the zoning layers, screen the sample project sites, per-county statistics,
# land-cover change and carbon 2020 → 2023, what changed in the 2025 zoning edition, and maps.
# Results go to out/ (screening/ inside it); open out/screening/report.html in a browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== ecozone layers: every zoning layer of layers/sample.toml =="
build/ecozone layers --catalog layers/sample.toml
echo
echo "== ecozone screen: 30 proposed sites against the zoning layers =="
mkdir -p out/maps
build/ecozone screen --catalog layers/sample.toml --sites sample_data/sites.geojson --out out/screening
echo
echo "== ecozone stats: forest cover, green space and zoning shares per county and city, against the seeds' targets =="
build/ecozone stats --catalog layers/sample.toml --targets layers/targets-sample.toml --out out/stats
echo
echo "== ecozone change: land cover 2020 → 2023 per county and city: transitions, forest gain and loss, carbon =="
build/ecozone change --catalog layers/sample.toml --targets layers/targets-sample.toml --out out/change
echo
echo "== ecozone diff: the 2025 zoning edition against the 2023 one, and the sites whose verdict changes =="
build/ecozone diff --catalog layers/sample.toml --against layers/sample-2025.toml --sites sample_data/sites.geojson --out out/diff
echo
echo "== ecozone map: zoning map, forest-cover choropleth, forest-cover change, red-line revision and a screening map =="
build/ecozone map --catalog layers/sample.toml --zone 资阳市 --out out/maps/ziyang_zoning.pdf
build/ecozone map --catalog layers/sample.toml --stats out/stats/stats.json --indicator forest_pct --out out/maps/forest_cover.png
build/ecozone map --catalog layers/sample.toml --change out/change/change.json --out out/maps/forest_change.png
build/ecozone map --catalog layers/sample.toml --change out/change/change.json --change-cells --zone 游仙区 \
  --out out/maps/change_cells.png
build/ecozone map --catalog layers/sample-2025.toml --diff out/diff/diff.json --diff-layer redline --zone 游仙区 \
  --out out/maps/redline_diff.png
build/ecozone map --catalog layers/sample.toml --screening out/screening/screening.json --site S22 --out out/maps/site_S22.png
echo
echo "Results are in out/: open out/screening/report.html in a browser; maps are in out/maps/."
