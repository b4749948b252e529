#!/usr/bin/env python3
"""The zoning-shares peer in GeoPandas: per county and layer, the area of the layer inside the county with
overlaps counted once, as a GeoPandas user would compute it.

    stats_zoning_geopandas.py CATALOG.toml OUT.csv

Each polygonal layer of the catalog: `geopandas.overlay(counties, layer, how="intersection")`, then
`dissolve` by county (the union, overlaps once), areas in an Albers equal-area CRS for Sichuan (planar).
Writes county,layer,area_m2.
"""
import csv
import os
import sys
import tomllib
import warnings

import fiona
import geopandas as gpd

warnings.filterwarnings("ignore")
fiona.drvsupport.supported_drivers["LIBKML"] = "r"  # KML is readable through GDAL, fiona only lists it off
ALBERS = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +ellps=GRS80 +units=m +no_defs"


def main():
    catalog, out = sys.argv[1], sys.argv[2]
    with open(catalog, "rb") as f:
        cat = tomllib.load(f)
    base = os.path.dirname(os.path.abspath(catalog))
    z = cat["zones"]
    counties = gpd.read_file(os.path.join(base, z["source"]), layer=z.get("layer"))[[z["id_field"], "geometry"]]
    counties = counties.rename(columns={z["id_field"]: "county"}).to_crs(4490)
    counties["geometry"] = counties.buffer(0)
    rows = []
    for spec in cat.get("layers", []):
        kw = {"layer": spec["layer"]} if spec.get("layer") else {}
        if spec.get("encoding"):
            kw["encoding"] = "gbk"
        if spec["source"].endswith(".kml"):
            kw["driver"] = "LIBKML"
        layer = gpd.read_file(os.path.join(base, spec["source"]), **kw)
        layer = layer[layer.geometry.notna()].to_crs(4490)
        layer = layer[layer.geom_type.isin(["Polygon", "MultiPolygon"])][["geometry"]]
        if layer.empty:
            continue
        layer["geometry"] = layer.buffer(0)
        # One polygon a row, parts of no area dropped: GEOS intersects a MultiPolygon carrying collapsed parts
        # wrongly.
        layer = layer.explode(index_parts=False)
        layer = layer[layer.area > 0]
        parts = gpd.overlay(counties, layer, how="intersection", keep_geom_type=True)
        dissolved = parts.dissolve(by="county").to_crs(ALBERS)
        for county, area in dissolved.area.items():
            rows.append((county, spec["id"], "%.2f" % area))
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["county", "layer", "area_m2"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
