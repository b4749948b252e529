#!/usr/bin/python3
"""The union area of every layer of a catalog, made independently of ecozone — GDAL reads each source, shapely
makes it valid and unions it (unary_union), pyproj's Geod measures it on the CGCS2000 ellipsoid — against
`ecozone layers --json` (its `area_m2`, overlaps counted once).

usage: layers_union_reference.py CATALOG LAYERS_JSON [TOLERANCE]   (relative; default 1e-6)
Prints each layer's relative difference; exits 1 when one is beyond the tolerance.
"""
import json, os, sys, tomllib
from osgeo import gdal, ogr
from pyproj import Geod, Transformer
from shapely import wkb
from shapely.geometry import MultiPolygon
from shapely.ops import transform, unary_union
from shapely.validation import make_valid
gdal.UseExceptions()
cat_path, eco_path = sys.argv[1], sys.argv[2]
tolerance = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-6
cat = tomllib.load(open(cat_path, "rb"))
base = os.path.dirname(os.path.abspath(cat_path))
geod = Geod(ellps="GRS80")
def polys(g):
    if g.is_empty: return []
    if g.geom_type == "Polygon": return [g]
    if g.geom_type in ("MultiPolygon", "GeometryCollection"): return [p for q in g.geoms for p in polys(q)]
    return []
out = {}
for spec in cat["layers"]:
    opts = ["ENCODING=CP936"] if spec.get("encoding") == "GBK" else []
    ds = gdal.OpenEx(os.path.join(base, spec["source"]), gdal.OF_VECTOR, open_options=opts)
    lyr = ds.GetLayerByName(spec["layer"]) if "layer" in spec else ds.GetLayer(0)
    srs = lyr.GetSpatialRef(); srs.AutoIdentifyEPSG(); epsg = int(srs.GetAuthorityCode(None))
    tx = None if epsg in (4326, 4490) else Transformer.from_crs(epsg, 4490, always_xy=True).transform
    gs = []
    for f in lyr:
        r = f.GetGeometryRef()
        if r is None: continue
        g = wkb.loads(bytes(r.ExportToIsoWkb()))
        if tx: g = transform(tx, g)
        if not g.is_valid: g = make_valid(g)
        gs.extend(polys(g))
    u = unary_union(gs)
    a = sum(abs(geod.geometry_area_perimeter(p)[0]) for p in polys(u))
    out[spec["id"]] = a
eco = {l["id"]: l["area_m2"] for l in json.load(open(eco_path, encoding="utf-8"))["layers"]}
bad = []
for lid, a in out.items():
    rel = abs(eco[lid] - a) / max(a, 1.0)
    print("%-10s ecozone %.2f m², shapely %.2f m², relative difference %.1e" % (lid, eco[lid], a, rel))
    if rel > tolerance:
        bad.append(lid)
if bad:
    print("FAIL: union areas beyond %.0e of the reference: %s" % (tolerance, ", ".join(bad)), file=sys.stderr)
    sys.exit(1)
