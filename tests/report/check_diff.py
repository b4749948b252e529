#!/usr/bin/python3
"""Checks diff.json of `ecozone diff` (layers/sample.toml against layers/sample-2025.toml) against a reference
made here independently of ecozone, from the source files themselves:

  check_diff.py DIFF_DIR WORK_DIR

- Features: each layer's sources read with GDAL in their own CRS; codes only in the later edition are
  added, only in the earlier removed, in both with other coordinates reshaped ('geometry'), with the same
  coordinates but another name 'attributes' — the counts and the codes must be ecozone's.
- Areas: each edition's layer made valid (shapely make_valid) and unioned (unary_union), in lon/lat
  (farmland transformed from Gauss-Kruger with pyproj); gained = later − earlier, lost = earlier − later,
  split by the county boundaries, areas with pyproj's Geod on the CGCS2000 ellipsoid (GRS80). Every layer
  and county figure within 0.01 % or 1 m².
- diff.gpkg: its pieces add up to the gained and lost areas, and QGIS (offscreen) draws them with the stored
  style.
Exits 1 naming the first figure that is off.
"""
import json
import os
import sqlite3
import subprocess
import sys
import tomllib

from osgeo import gdal, ogr
from pyproj import Geod, Transformer
from shapely import wkb as shapely_wkb
from shapely.geometry import MultiPolygon, Polygon
from shapely.ops import transform, unary_union
from shapely.validation import make_valid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, failures, within  # noqa: E402

gdal.UseExceptions()
diff_dir, work = sys.argv[1:3]
src = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.makedirs(work, exist_ok=True)
geod = Geod(ellps="GRS80")


def close(a, b, rel=1e-4, abs_=1.0):
    return within(a, b, rel, abs_)


def area(g):
    if g.is_empty:
        return 0.0
    return sum(abs(geod.geometry_area_perimeter(p)[0]) for p in polygons(g))


def polygons(g):
    if g.is_empty:
        return []
    if g.geom_type == "Polygon":
        return [g]
    if g.geom_type == "MultiPolygon":
        return list(g.geoms)
    if g.geom_type == "GeometryCollection":
        return [p for part in g.geoms for p in polygons(part)]
    return []


def areal(g):
    ps = polygons(g)
    return MultiPolygon(ps) if ps else Polygon()


def read(catalog_path, layer_id):
    """(code, name, raw WKB in the source CRS, geometry in lon/lat made valid) of every feature."""
    cat = tomllib.load(open(catalog_path, "rb"))
    spec = next(l for l in cat["layers"] if l["id"] == layer_id)
    path = os.path.normpath(os.path.join(os.path.dirname(catalog_path), spec["source"]))
    opts = ["ENCODING=CP936"] if spec.get("encoding") == "GBK" else []
    ds = gdal.OpenEx(path, gdal.OF_VECTOR, open_options=opts)
    lyr = ds.GetLayerByName(spec["layer"]) if "layer" in spec else ds.GetLayer(0)
    srs = lyr.GetSpatialRef()
    srs.AutoIdentifyEPSG()
    epsg = int(srs.GetAuthorityCode(None))
    tx = None if epsg in (4326, 4490) else Transformer.from_crs(epsg, 4490, always_xy=True).transform
    out = []
    for f in lyr:
        raw = bytes(f.GetGeometryRef().ExportToIsoWkb())
        g = shapely_wkb.loads(raw)
        if tx:
            g = transform(tx, g)
        out.append((f.GetField(spec["code_field"]), f.GetField(spec["name_field"]) if spec.get("name_field") in
                    [lyr.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(lyr.GetLayerDefn().GetFieldCount())]
                    else "", raw, areal(make_valid(g))))
    return out


diff = json.load(open(os.path.join(diff_dir, "diff.json"), encoding="utf-8"))
old_cat = os.path.join(src, "layers", "sample.toml")
new_cat = os.path.join(src, "layers", "sample-2025.toml")
counties = []
ds = gdal.OpenEx(os.path.join(src, "sample_data", "counties.gpkg"), gdal.OF_VECTOR)
for f in ds.GetLayer(0):
    counties.append((f.GetField("adcode"), make_valid(shapely_wkb.loads(bytes(f.GetGeometryRef().ExportToIsoWkb())))))

layers = {l["id"]: l for l in diff["layers"]}
for layer_id in ("redline", "farmland", "urban", "protected"):
    l = layers[layer_id]
    old, new = read(old_cat, layer_id), read(new_cat, layer_id)
    o = {c: (n, raw) for c, n, raw, g in old}
    n = {c: (nm, raw) for c, nm, raw, g in new}
    expect = {"added": sorted(set(n) - set(o)), "removed": sorted(set(o) - set(n)),
              "geometry": sorted(c for c in set(o) & set(n) if o[c][1] != n[c][1]),
              "attributes": sorted(c for c in set(o) & set(n) if o[c][1] == n[c][1] and o[c][0] != n[c][0])}
    for kind, codes in expect.items():
        got = sorted(c["code"] for c in l["changes"] if c["change"] == kind)
        check(got == codes, "%s: %s codes %s, the reference says %s" % (layer_id, kind, got, codes))
        check(l["features"][kind] == len(codes), "%s: %d %s, the reference says %d" % (layer_id, l["features"][kind], kind, len(codes)))
    u_old = unary_union([g for *_, g in old])
    u_new = unary_union([g for *_, g in new])
    gained, lost = areal(u_new.difference(u_old)), areal(u_old.difference(u_new))
    check(close(l["gained_m2"], area(gained)), "%s: gained %.2f m², the reference says %.2f" % (layer_id, l["gained_m2"], area(gained)))
    check(close(l["lost_m2"], area(lost)), "%s: lost %.2f m², the reference says %.2f" % (layer_id, l["lost_m2"], area(lost)))
    zones = {z["id"]: z for z in l["zones"]}
    for code, cg in counties:
        for what, g in (("gained", gained), ("lost", lost)):
            ref = area(areal(g.intersection(cg))) if g.intersects(cg) else 0.0
            got = zones[code][what + "_m2"]
            check(close(got, ref), "%s, county %s: %s %.2f m², the reference says %.2f" % (layer_id, code, what, got, ref))
    # A reshaped feature against its own earlier version.
    for c in l["changes"]:
        if c["change"] != "geometry":
            continue
        go = next(g for code, *_, g in old if code == c["code"])
        gn = next(g for code, *_, g in new if code == c["code"])
        check(close(c["gained_m2"], area(areal(gn.difference(go)))), "%s %s: feature gained" % (layer_id, c["code"]))
        check(close(c["lost_m2"], area(areal(go.difference(gn)))), "%s %s: feature lost" % (layer_id, c["code"]))

# diff.gpkg: the pieces add up, and QGIS draws them with the stored style.
gpkg = os.path.join(diff_dir, "diff.gpkg")
con = sqlite3.connect(gpkg)
sums = {}
for layer, change, a in con.execute("SELECT layer, change, area_m2 FROM changes"):
    sums[(layer, change)] = sums.get((layer, change), 0) + a
qml = con.execute("SELECT styleQML FROM layer_styles WHERE f_table_name = 'changes'").fetchone()
con.close()
for l in diff["layers"]:
    check(close(sums.get((l["id"], "gained"), 0), l["gained_m2"], 1e-9, 0.05), "diff.gpkg: %s gained pieces do not add up" % l["id"])
    check(close(sums.get((l["id"], "lost"), 0), l["lost_m2"], 1e-9, 0.05), "diff.gpkg: %s lost pieces do not add up" % l["id"])
check(qml is not None and "categorizedSymbol" in qml[0], "diff.gpkg: no style stored for its changes")
if qml:
    qml_path = os.path.join(work, "diff_changes.qml")
    open(qml_path, "w", encoding="utf-8").write(qml[0])
    r = subprocess.run([sys.executable, os.path.join(src, "tests", "qgis", "check_in_qgis.py"), "style", qml_path, gpkg, "changes",
                        "change", "2"])
    check(r.returncode == 0, "QGIS did not draw diff.gpkg's changes with the stored style")

if failures:
    sys.exit(1)
print("diff.json: features and areas gained and lost per county agree with shapely/pyproj for %d layers" % 4)
