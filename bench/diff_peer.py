#!/usr/bin/python3
"""The edition-diff peer: GeoPandas doing what `ecozone diff` does for areas — each layer of both editions read,
made valid and dissolved (overlaps once), overlay(how="symmetric_difference") of the two, the pieces split by
county with overlay(how="intersection"), areas on the ellipsoid with pyproj's Geod. Writes one CSV row per layer
and county (gained_m2, lost_m2).

usage: diff_peer.py OLD_CATALOG NEW_CATALOG OUT_CSV
"""
import csv
import os
import sys
import tomllib

import geopandas as gpd
from pyproj import Geod
from shapely.validation import make_valid

old_path, new_path, out_path = sys.argv[1:4]
geod = Geod(ellps="GRS80")


def spec_of(path):
    cat = tomllib.load(open(path, "rb"))
    base = os.path.dirname(os.path.abspath(path))
    return cat, base


def read_layer(base, spec):
    kw = {"layer": spec["layer"]} if "layer" in spec else {}
    if spec.get("encoding") == "GBK":
        kw["encoding"] = "cp936"
    df = gpd.read_file(os.path.join(base, spec["source"]), **kw)
    df = df.to_crs(4490)
    df["geometry"] = df.geometry.apply(lambda g: make_valid(g) if g is not None and not g.is_valid else g)
    df = df[df.geometry.notna()]
    df = df[df.geom_type.isin(["Polygon", "MultiPolygon", "GeometryCollection"])]
    return df[["geometry"]]


def area(g):
    if g is None or g.is_empty:
        return 0.0
    return abs(geod.geometry_area_perimeter(g)[0])


old_cat, old_base = spec_of(old_path)
new_cat, new_base = spec_of(new_path)
zones_spec = old_cat["zones"]
counties = gpd.read_file(os.path.join(old_base, zones_spec["source"])).to_crs(4490)[[zones_spec["id_field"], "geometry"]]
counties = counties.rename(columns={zones_spec["id_field"]: "zone"})
new_layers = {l["id"]: l for l in new_cat["layers"]}
rows = []
for spec in old_cat["layers"]:
    other = new_layers.get(spec["id"])
    if other is None or (other["source"], other.get("layer")) == (spec["source"], spec.get("layer")):
        continue  # the same file in both editions: nothing to overlay
    a = read_layer(old_base, spec).dissolve()
    b = read_layer(new_base, other).dissolve()
    a["side"], b["side"] = "old", "new"
    sym = gpd.overlay(a, b, how="symmetric_difference", keep_geom_type=True)
    # symmetric_difference keeps each side's attributes: a piece from the earlier edition is lost, from the later gained.
    sym["change"] = sym["side_1"].where(sym["side_1"].notna(), sym["side_2"]).map({"old": "lost", "new": "gained"})
    pieces = gpd.overlay(sym[["change", "geometry"]], counties, how="intersection", keep_geom_type=True)
    pieces["m2"] = pieces.geometry.apply(area)
    sums = pieces.groupby(["zone", "change"])["m2"].sum()
    for zone in counties["zone"]:
        rows.append({"layer": spec["id"], "zone": zone, "gained_m2": float(sums.get((zone, "gained"), 0.0)),
                     "lost_m2": float(sums.get((zone, "lost"), 0.0))})
    total = sym.assign(m2=sym.geometry.apply(area)).groupby("change")["m2"].sum()
    rows.append({"layer": spec["id"], "zone": "", "gained_m2": float(total.get("gained", 0.0)),
                 "lost_m2": float(total.get("lost", 0.0))})
with open(out_path, "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=["layer", "zone", "gained_m2", "lost_m2"])
    w.writeheader()
    w.writerows(rows)
