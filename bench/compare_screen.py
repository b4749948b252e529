#!/usr/bin/python3
"""Compares the screening answers of ecozone, PostGIS and GeoPandas on the same sites and layers.

usage: compare_screen.py ECOZONE.json POSTGIS_OVERLAPS.csv POSTGIS_NEAREST.csv GEOPANDAS.csv
Prints one line per peer: how many (site, layer) answers agree with ecozone, and the largest gaps.
"""

import csv
import json
import sys
from collections import defaultdict

eco = json.load(open(sys.argv[1]))
eco_ov = defaultdict(float)   # (site, layer) -> overlap m², summed over features
eco_nd = {}                   # (site, layer) -> nearest distance m
for s in eco["sites"]:
    for h in s["hits"]:
        if h["overlaps"]:
            eco_ov[(s["id"], h["layer"])] += h["overlap_m2"]
    for lid, n in s["nearest"].items():
        if n is not None:
            eco_nd[(s["id"], lid)] = n["distance_m"]


def read(path, value_col, key_cols=("site", "layer")):
    out = defaultdict(float)
    with open(path) as f:
        for row in csv.DictReader(f):
            out[(row[key_cols[0]], row[key_cols[1]])] += float(row[value_col] or 0)
    return out


def agree(a, b, rel, abs_):
    return abs(a - b) <= max(abs_, rel * abs(b))


def summary(name, ov, nd, rel, abs_area, abs_dist):
    keys = set(eco_ov) | set(k for k, v in ov.items() if v > abs_area)
    ok = sum(agree(eco_ov.get(k, 0.0), ov.get(k, 0.0), rel, abs_area) for k in keys)
    worst = max((abs(eco_ov.get(k, 0.0) - ov.get(k, 0.0)) / max(ov.get(k, 0.0), 1.0) for k in keys), default=0.0)
    dkeys = set(eco_nd) | set(nd)
    dok = sum(k in eco_nd and k in nd and agree(eco_nd[k], nd[k], rel, abs_dist) for k in dkeys)
    dworst = max((abs(eco_nd[k] - nd[k]) / max(nd[k], 1.0) for k in dkeys if k in eco_nd and k in nd), default=0.0)
    missing = sum(1 for k in dkeys if (k in eco_nd) != (k in nd))
    print("%s: overlaps %d/%d agree within %.1f %% (largest gap %.3f %%); nearest distances %d/%d agree "
          "(largest gap %.3f %%, %d found by only one side)"
          % (name, ok, len(keys), rel * 100, worst * 100, dok, len(dkeys), dworst * 100, missing))


pg_ov = read(sys.argv[2], "overlap_m2")
pg_nd = {}
with open(sys.argv[3]) as f:
    for row in csv.DictReader(f):
        pg_nd[(row["site"], row["layer"])] = float(row["distance_m"])
summary("PostGIS (geography)", pg_ov, pg_nd, 0.001, 1.0, 1.0)
gp_ov = read(sys.argv[4], "overlap_m2")
gp_nd = {}
with open(sys.argv[4]) as f:
    for row in csv.DictReader(f):
        if int(row["fid"]) < 0:
            gp_nd[(row["site"], row["layer"])] = float(row["distance_m"])
summary("GeoPandas (planar, Albers)", gp_ov, gp_nd, 0.03, 10.0, 10.0)
