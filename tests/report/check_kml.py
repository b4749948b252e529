#!/usr/bin/python3
"""Reads screening.kml with GDAL's LIBKML driver (as QGIS and 奥维 importers do) and checks it against
screening.json: every site is a placemark in its verdict's folder, and each footprint has the area
screening.json reports (measured independently with pyproj's geodesic).

  check_kml.py SCREENING_DIR
"""
import json
import os
import sys

from osgeo import ogr
from pyproj import Geod

failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message, file=sys.stderr)


def area_m2(geometry, geod):
    total = 0.0
    for k in range(max(1, geometry.GetGeometryCount())):
        g = geometry if geometry.GetGeometryName() == "POLYGON" else geometry.GetGeometryRef(k)
        if g is None or g.GetGeometryName() != "POLYGON":
            continue
        for r in range(g.GetGeometryCount()):
            ring = g.GetGeometryRef(r)
            lons = [ring.GetX(i) for i in range(ring.GetPointCount())]
            lats = [ring.GetY(i) for i in range(ring.GetPointCount())]
            a, _ = geod.polygon_area_perimeter(lons, lats)
            total += abs(a) if r == 0 else -abs(a)
        if geometry.GetGeometryName() == "POLYGON":
            break
    return total


def main():
    folder = sys.argv[1]
    data = json.load(open(os.path.join(folder, "screening.json"), encoding="utf-8"))
    ds = ogr.Open(os.path.join(folder, "screening.kml"))
    if ds is None:
        fail("GDAL cannot open screening.kml")
        sys.exit(1)
    geod = Geod(ellps="WGS84")
    found = {}
    for i in range(ds.GetLayerCount()):
        layer = ds.GetLayer(i)
        verdict = layer.GetName().split()[-1]
        for f in layer:
            g = f.GetGeometryRef()
            found[f.GetField("Name").split()[0]] = (verdict, g.Clone() if g is not None else None)
    for site in data["sites"]:
        if site["id"] not in found:
            fail(f"site {site['id']} is not in screening.kml")
            continue
        verdict, geometry = found[site["id"]]
        if verdict != site["verdict"]:
            fail(f"site {site['id']} is in folder {verdict}, its verdict is {site['verdict']}")
        if site["screened"] and geometry is None:
            fail(f"site {site['id']} has no geometry in screening.kml")
        if site.get("area_m2") and geometry is not None:
            a = area_m2(geometry, geod)
            if abs(a - site["area_m2"]) > 1e-4 * site["area_m2"] + 0.5:
                fail(f"site {site['id']}: KML footprint {a:.1f} m², screening.json {site['area_m2']} m²")
    print(f"screening.kml: {len(found)} placemarks for {len(data['sites'])} sites")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
