#!/usr/bin/env python3
"""Zoning shares per county computed independently of ecozone, to check its stats.json.

    stats_shares_reference.py CATALOG.toml STATS.json [--out CSV]

For every county of the catalog's [zones] and every polygonal layer: the layer's features (repaired with
shapely's make_valid, one polygon at a time, parts of no area left out) intersected with the county, `unary_union` of those parts (overlaps counted once), and
the union's area on the GRS 1980 ellipsoid (pyproj's Geod, Karney's method); per zone value too for layers
with a zone_field. Prints how far ecozone's figures are from these, and exits 1 when any differs by more
than 0.01 % (and 1 m²). Reads the files with GDAL's Python bindings, shapely 1.8 and pyproj, all Debian's.
"""
import argparse
import csv
import json
import os
import sys
import tomllib

from osgeo import gdal, ogr, osr
from pyproj import Geod
from shapely import wkb
from shapely.ops import unary_union
from shapely.strtree import STRtree
from shapely.validation import make_valid

GEOD = Geod(a=6378137.0, f=1 / 298.257222101)


def area_m2(g):
    polys = [p for p in getattr(g, "geoms", [g]) if p.geom_type in ("Polygon", "MultiPolygon")]
    return sum(abs(GEOD.geometry_area_perimeter(p)[0]) for p in polys)


def polygonal(g):
    if g.is_empty:
        return None
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    parts = [p for p in getattr(g, "geoms", []) if p.geom_type in ("Polygon", "MultiPolygon")]
    return unary_union(parts) if parts else None


def read_layer(base, spec, want_zone):
    path = os.path.join(base, spec["source"])
    opts = ["ENCODING=CP936"] if spec.get("encoding", "").upper() in ("GBK", "CP936", "GB18030") else []
    ds = gdal.OpenEx(path, gdal.OF_VECTOR, open_options=opts)
    lyr = ds.GetLayerByName(spec["layer"]) if spec.get("layer") else ds.GetLayer(0)
    target = osr.SpatialReference()
    target.ImportFromEPSG(4490)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    src = lyr.GetSpatialRef()
    if src is not None:
        src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, target) if src is not None and not src.IsSame(target) else None
    out = []
    zone_field = spec.get("zone_field", "") if want_zone else ""
    for f in lyr:
        g = f.GetGeometryRef()
        if g is None:
            continue
        g = g.Clone()
        g.FlattenTo2D()
        if ct:
            g.Transform(ct)
        s = polygonal(make_valid(wkb.loads(bytes(g.ExportToWkb()))))
        if s is None:
            continue
        zone = f.GetField(zone_field) if zone_field and f.GetFieldIndex(zone_field) >= 0 else None
        # One polygon at a time, without parts of no area: GEOS intersects a MultiPolygon carrying collapsed
        # parts wrongly (a control unit of the generated data gains 377 km² in a county it only touches).
        for p in getattr(s, "geoms", [s]):
            if p.area > 0:
                out.append((p, "" if zone is None else str(zone)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("catalog")
    ap.add_argument("stats")
    ap.add_argument("--out", help="write the reference figures to this CSV")
    args = ap.parse_args()
    with open(args.catalog, "rb") as f:
        cat = tomllib.load(f)
    base = os.path.dirname(os.path.abspath(args.catalog))
    zspec = cat["zones"]
    counties = {}
    ds = gdal.OpenEx(os.path.join(base, zspec["source"]), gdal.OF_VECTOR)
    zl = ds.GetLayerByName(zspec["layer"]) if zspec.get("layer") else ds.GetLayer(0)
    for f in zl:
        g = f.GetGeometryRef().Clone()
        g.FlattenTo2D()
        counties[str(f.GetField(zspec["id_field"]))] = make_valid(wkb.loads(bytes(g.ExportToWkb())))
    with open(args.stats, encoding="utf-8") as f:
        stats = {z["id"]: z for z in json.load(f)["zones"]}
    rows = []
    worst = (0.0, None)
    bad = 0
    for spec in cat.get("layers", []):
        feats = read_layer(base, spec, True)
        if not feats:
            continue
        tree = STRtree([g for g, _ in feats])
        index_of = {id(g): i for i, (g, _) in enumerate(feats)}
        for cid, county in counties.items():
            z = stats.get(cid)
            if z is None or spec["id"] not in z["layers"]:
                continue
            parts = []
            for g in tree.query(county):
                i = index_of[id(g)]
                if not g.intersects(county):
                    continue
                p = polygonal(g.intersection(county))
                if p is not None:
                    parts.append((p, feats[i][1]))
            groups = {"": [p for p, _ in parts]}
            if spec.get("zone_field"):
                for p, v in parts:
                    groups.setdefault("zone:" + (v or "(未注明)"), []).append(p)
            for key, ps in groups.items():
                ref = area_m2(unary_union(ps)) if ps else 0.0
                figures = z["layers"][spec["id"]]
                eco = figures["area_m2"] if key == "" else figures.get("zones", {}).get(key[5:], {}).get("area_m2", 0.0)
                gap = abs(eco - ref)
                rel = gap / ref if ref > 0 else (0.0 if gap < 1 else 1.0)
                if gap > 1.0 and rel > 1e-4:
                    bad += 1
                    print("differs: county %s layer %s %s: ecozone %.2f m², reference %.2f m²" % (cid, spec["id"], key, eco, ref))
                if gap > 1.0 and rel > worst[0]:
                    worst = (rel, (cid, spec["id"], key, eco, ref))
                rows.append((cid, spec["id"], key[5:] if key else "", "%.2f" % ref, "%.2f" % eco))
    if args.out:
        with open(args.out, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["county", "layer", "zone", "reference_m2", "ecozone_m2"])
            w.writerows(rows)
    print("%d figures compared; %d differ by more than 0.01 %% and 1 m²; largest relative gap %.2e%s" %
          (len(rows), bad, worst[0], "" if worst[1] is None else " (county %s, layer %s%s)" % (worst[1][0], worst[1][1], (", " + worst[1][2]) if worst[1][2] else "")))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
