#!/usr/bin/env bash
# Land-cover change benchmark: `ecozone change` (2020 → 2023) on the province-scale rasters against (a) the raw
# decode of both rasters on the same cores — the floor — and (b) a peer from Debian doing the same job:
# gdal_rasterize of the counties plus one np.bincount pass over zone × from × to (bench/change_peer.py). One run,
# same data.
#   bash bench/change_bench.sh [DATA_DIR]      (default /tmp/ecozone-province; generated when missing)
# Writes the numbers into docs/PERFORMANCE.md (the "change" section) with the date and machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/bench_lib.sh
bench_prepare python3-gdal python3-numpy time
data=$(province_data "${1:-}")
# Data made before the second year existed: add it (and the catalog that names it).
grep -q "^editions" "$data/catalog.toml" || /usr/bin/python3 scripts/make_sample_data.py --province "$data" --earlier-year-only

before="$data/landcover_2020.vrt" after="$data/landcover.vrt"
pixels=$(gdalinfo "$after" | sed -n 's/^Size is \([0-9]*\), \([0-9]*\)/\1 \2/p' | awk '{printf "%.0f", $1*$2}')
cat "$data"/landcover_*.tif >/dev/null  # warm the page cache for everyone
decode_a=$(build/bench/ecozone_raster_decode "$before" 2 2>/dev/null)
decode_b=$(build/bench/ecozone_raster_decode "$after" 2 2>/dev/null)
decode=$(echo "$decode_a + $decode_b" | bc | awk '{printf "%.2f", $1}')
eco=$(measure eco build/ecozone change --catalog "$data/catalog.toml" --out "$work/eco" --format json --quiet --no-cache)
eco_all=$(measure eco_all build/ecozone change --catalog "$data/catalog.toml" --out "$work/eco_all" --quiet --no-cache)
peer=$(measure peer /usr/bin/python3 bench/change_peer.py "$data" "$before" "$after" "$work/peer.csv")
agree=$(/usr/bin/python3 - "$work/eco/change.json" "$work/peer.csv" <<'PY'
import csv, json, sys
eco = {z["id"]: z for z in json.load(open(sys.argv[1]))["zones"]}
worst_pp, worst_net, n = 0.0, 0.0, 0
for row in csv.DictReader(open(sys.argv[2])):
    z = eco[row["county"]]
    pp = 100 * (float(row["forest_after_m2"]) - float(row["forest_before_m2"])) / z["area_m2"]
    worst_pp = max(worst_pp, abs(pp - z["forest"]["change_pp"]))
    net = float(row["gain_m2"]) - float(row["loss_m2"])
    worst_net = max(worst_net, abs(net - z["forest"]["net_m2"]) / max(abs(z["forest"]["net_m2"]), 1e6))
    n += 1
print("the peer's forest change of %d counties is within %.3f percentage points of ecozone's, its net forest change "
      "within %.2f %% (cell centres vs exact fractions)" % (n, worst_pp, 100 * worst_net))
PY
)
echo "pixels $pixels per year; decode ${decode_a} + ${decode_b} = ${decode} s (2 threads); ecozone change ${eco}; all formats ${eco_all}; peer ${peer}"
echo "$agree"
ratio=$(echo "scale=2; ${eco% *} / $decode" | bc)
section=$(cat <<MD
<!-- change:begin -->
## Land-cover change (\`ecozone change\`)

Measured $(date -u +%Y-%m-%d) on $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM,
with \`bash bench/change_bench.sh\`. Rasters: the generated Sichuan land cover of 2023 and the generator's 2020
(\`make_sample_data.py --earlier-year-only\`), $(printf "%'d" "$pixels") pixels each on one grid of 0.0004°, DEFLATE GeoTIFFs
in 512 × 512 blocks behind VRTs; 183 county zones in 21 cities; the sample carbon table.

| run | time | max RSS |
|---|---|---|
| raw decode of every block of both rasters, 2 threads (floor on this machine) | ${decode} s | |
| **ecozone change**: transition matrix, forest and green gain/loss, carbon per county and city (exact cell fractions, ellipsoidal areas), change.json | **${eco% *} s** | ${eco#* } MB |
| the same, all outputs (json, csv, xlsx, gpkg with city outlines) | ${eco_all% *} s | ${eco_all#* } MB |
| gdal_rasterize of the counties + one np.bincount over zone × from × to (numpy), cell centres | ${peer% *} s | ${peer#* } MB |

ecozone's change pass takes ${ratio}× the raw decode of both rasters on the same two cores (goal of issue #14: within 2×).
Same answers: ${agree}.
<!-- change:end -->
MD
)
/usr/bin/python3 bench/update_perf_doc.py docs/PERFORMANCE.md change "$section"
