#!/usr/bin/env bash
# Zoning-edition diff benchmark: `ecozone diff` of the province layers against the generator's 2025 edition
# (catalog.toml → catalog-2025.toml), beside a peer from Debian doing the same job: GeoPandas reading both
# editions, dissolving each layer, overlay(how="symmetric_difference") and overlay with the counties
# (bench/diff_peer.py). One run, same data.
#   bash bench/diff_bench.sh [DATA_DIR]      (default /tmp/ecozone-province; generated when missing)
# Writes the numbers into docs/PERFORMANCE.md (the "diff" section) with the date and machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/bench_lib.sh
bench_prepare python3-geopandas python3-rtree time
data=$(province_data "${1:-}")
# Data made before the second edition existed: add it (and its catalog).
[ -f "$data/catalog-2025.toml" ] || /usr/bin/python3 scripts/make_sample_data.py --province "$data" --next-edition-only

old="$data/catalog.toml" new="$data/catalog-2025.toml"
counts=$(/usr/bin/python3 - "$data" <<'PY'
import sys
from osgeo import ogr
d = sys.argv[1]
zoning, farmland = ogr.Open(d + "/zoning.gpkg"), ogr.Open(d + "/farmland/permanent_farmland.shp")  # held while their layers are used
red = zoning.GetLayerByName("redline").GetFeatureCount()
farm = farmland.GetLayer(0).GetFeatureCount()
print("%d red-line polygons, %d farmland parcels" % (red, farm))
PY
)
cat "$data"/zoning.gpkg "$data"/farmland/* "$data"/edition_2025/*.* "$data"/edition_2025/farmland/* >/dev/null  # warm the page cache
eco=$(measure eco build/ecozone diff --catalog "$old" --against "$new" --out "$work/eco" --format json --quiet --no-cache)
eco_all=$(measure eco_all build/ecozone diff --catalog "$old" --against "$new" --out "$work/eco_all" --quiet --no-cache)
eco_sites=$(measure eco_sites build/ecozone diff --catalog "$old" --against "$new" --sites "$data/sites.geojson" \
            --out "$work/eco_sites" --format json --quiet --no-cache)
pixel=$(gdalinfo "$data/landcover.vrt" | sed -n 's/^Pixel Size = (\([0-9.]*\),.*/\1/p' | awk '{printf "%g", $1}')
nsites=$(/usr/bin/python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(j['sites']['screened'], j['sites']['changed'])" "$work/eco_sites/diff.json")
peer=$(measure peer /usr/bin/python3 bench/diff_peer.py "$old" "$new" "$work/peer.csv")
agree=$(/usr/bin/python3 - "$work/eco/diff.json" "$work/peer.csv" <<'PY'
import csv, json, sys
eco = {l["id"]: l for l in json.load(open(sys.argv[1]))["layers"]}
worst, n, layers = 0.0, 0, set()
for r in csv.DictReader(open(sys.argv[2])):
    l = eco[r["layer"]]
    d = l if not r["zone"] else next(z for z in l["zones"] if z["id"] == r["zone"])
    for k in ("gained_m2", "lost_m2"):
        worst = max(worst, abs(float(r[k]) - d[k]) / max(abs(d[k]), 1e4))
    n += 1
    layers.add(r["layer"])
print("GeoPandas' gained and lost areas of the %d revised layers in each of %d counties are within %.1e of ecozone's "
      "(relative, or of 1 ha)" % (len(layers), (n - len(layers)) // max(len(layers), 1), worst))
PY
)
summary=$(/usr/bin/python3 -c "
import json, sys
out = []
for l in json.load(open(sys.argv[1]))['layers']:
    f = l['features']
    if l['gained_m2'] or l['lost_m2'] or f['added'] or f['removed'] or f['geometry'] or f['attributes']:
        out.append('%s: %d added, %d removed, %d reshaped, %d renamed, gained %.1f ha, lost %.1f ha' % (l['id'], f['added'],
                   f['removed'], f['geometry'], f['attributes'], l['gained_m2'] / 1e4, l['lost_m2'] / 1e4))
print('; '.join(out))
" "$work/eco/diff.json")
echo "ecozone diff ${eco}; all formats ${eco_all}; with ${nsites% *} sites ${eco_sites}; GeoPandas ${peer}"
echo "$summary"
echo "$agree"
section=$(cat <<MD
<!-- diff:begin -->
## Zoning editions (\`ecozone diff\`)

Measured $(date -u +%Y-%m-%d) on $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM,
with \`bash bench/diff_bench.sh\`. Data: the generated Sichuan layers (${counts}, 183 counties) against the
generator's 2025 edition (\`make_sample_data.py --next-edition-only\`), which changes the red line, the farmland and the
urban boundary (${summary}). Every run from the source files (\`--no-cache\`): both editions read, repaired and compared.

| run | time | max RSS |
|---|---|---|
| **ecozone diff**: every layer of both editions, features matched by code, gained/lost per county, diff.json | **${eco% *} s** | ${eco#* } MB |
| the same, all outputs (json, csv, xlsx, gpkg of the pieces) | ${eco_all% *} s | ${eco_all#* } MB |
| the same with \`--sites\`: ${nsites% *} sites screened under both editions, with their land cover at ${pixel}° (${nsites#* } change) | ${eco_sites% *} s | ${eco_sites#* } MB |
| GeoPandas: the three revised layers read, dissolved, \`overlay(how="symmetric_difference")\`, split by county, Geod areas | ${peer% *} s | ${peer#* } MB |

Goal of issue #14: the edition diff of the province layers within a minute. Same answers: ${agree}.
<!-- diff:end -->
MD
)
/usr/bin/python3 bench/update_perf_doc.py docs/PERFORMANCE.md diff "$section"
