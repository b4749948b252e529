#!/usr/bin/python3
"""Makes the small hand-made inputs of ecozone's tests (committed; rerun only to change them).

Golden values are not computed here from ecozone: areas come from closed-form shapes or from
pyproj's Geod (PROJ's geodesic routines driven from Python), written to golden.json.
"""

import json
import os
import shutil

from osgeo import gdal, ogr, osr
from pyproj import Geod, Transformer

gdal.UseExceptions()
ogr.UseExceptions()
gdal.SetConfigOption("OGR_CURRENT_DATE", "2024-01-01T00:00:00Z")
HERE = os.path.dirname(os.path.abspath(__file__))
GRS80 = Geod(ellps="GRS80")


def srs(epsg):
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def write(path, driver, epsg, fields, rows, layer="data", lco=None, encoding=None, gtype=ogr.wkbUnknown):
    drv = ogr.GetDriverByName(driver)
    if os.path.exists(path):
        drv.DeleteDataSource(path)
    ds = drv.CreateDataSource(path)
    lyr = ds.CreateLayer(layer, srs=srs(epsg) if epsg else None, geom_type=gtype, options=lco or [])
    for name in fields:
        lyr.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for wkt, attrs in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        for k, v in attrs.items():
            f.SetField(k, v)
        if wkt:
            f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(f)
    ds = None


def geod_area_of_wkt_lonlat(wkt):
    g = ogr.CreateGeometryFromWkt(wkt)
    total = 0.0
    polys = [g] if g.GetGeometryType() == ogr.wkbPolygon else [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]
    for p in polys:
        for r in range(p.GetGeometryCount()):
            ring = p.GetGeometryRef(r)
            lons = [ring.GetX(i) for i in range(ring.GetPointCount())]
            lats = [ring.GetY(i) for i in range(ring.GetPointCount())]
            a, _ = GRS80.polygon_area_perimeter(lons, lats)
            total += abs(a) if r == 0 else -abs(a)
    return total


def main():
    golden = {}

    # A Gauss-Kruger layer (CGCS2000 3° zone 35, eastings with prefix): a 1 km square and a 500 m one.
    gk = [
        ("POLYGON((35464000 3334000,35465000 3334000,35465000 3335000,35464000 3335000,35464000 3334000))", {"code": "A"}),
        ("POLYGON((35470000 3340000,35470500 3340000,35470500 3340500,35470000 3340500,35470000 3340000))", {"code": "B"}),
    ]
    write(os.path.join(HERE, "gk35.gpkg"), "GPKG", 4523, ["code"], gk, layer="gk35")
    tx = Transformer.from_crs(4523, 4490, always_xy=True)
    total = 0.0
    for wkt, _ in gk:
        g = ogr.CreateGeometryFromWkt(wkt)
        ring = g.GetGeometryRef(0)
        lons, lats = tx.transform([ring.GetX(i) for i in range(ring.GetPointCount())],
                                  [ring.GetY(i) for i in range(ring.GetPointCount())])
        a, _ = GRS80.polygon_area_perimeter(lons, lats)
        total += abs(a)
    golden["gk35_area_m2"] = total

    # The same layer as an Esri FileGDB (GDAL 3.6 writes OpenFileGDB).
    gdb = os.path.join(HERE, "gk35.gdb")
    shutil.rmtree(gdb, ignore_errors=True)
    write(gdb, "OpenFileGDB", 4523, ["code"], gk, layer="gk35", gtype=ogr.wkbPolygon)

    # The same layer without a .prj, as a Shapefile: its CRS only in the catalog.
    d = os.path.join(HERE, "nocrs")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    write(os.path.join(d, "parcels.shp"), "ESRI Shapefile", None, ["code"], gk, layer="parcels")

    # GBK attributes with no .cpg (detected) and with a .cpg.
    for sub, cpg in (("gbk_nocpg", None), ("gbk_cpg", "936")):
        d = os.path.join(HERE, sub)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        path = os.path.join(d, "farmland.shp")
        write(path, "ESRI Shapefile", 4490, ["DKBH", "XZQMC"],
              [("POLYGON((104.60 30.10,104.61 30.10,104.61 30.11,104.60 30.11,104.60 30.10))",
                {"DKBH": "512002000001", "XZQMC": "雁江区"}),
               ("POLYGON((104.62 30.10,104.63 30.10,104.63 30.11,104.62 30.11,104.62 30.10))",
                {"DKBH": "512002000002", "XZQMC": "乐至县"})],
              layer="farmland", lco=["ENCODING=CP936"])
        for ext in (".cpg", ".CPG"):
            if os.path.exists(os.path.join(d, "farmland" + ext)):
                os.remove(os.path.join(d, "farmland" + ext))
        if cpg:
            with open(os.path.join(d, "farmland.cpg"), "w") as f:
                f.write(cpg)

    # Invalid geometries: a bow-tie, a ring with a spike, and a feature without geometry.
    bowtie = "POLYGON((104.0 30.0,104.01 30.01,104.01 30.0,104.0 30.01,104.0 30.0))"
    write(os.path.join(HERE, "invalid.geojson"), "GeoJSON", 4326, ["code"],
          [(bowtie, {"code": "bowtie"}),
           ("POLYGON((104.1 30.0,104.11 30.0,104.11 30.01,104.1 30.01,104.1 30.0))", {"code": "square"}),
           (None, {"code": "nogeom"})],
          lco=["WRITE_NAME=NO"])
    # MakeValid splits the bow-tie into its two triangles; their true area, computed independently:
    golden["bowtie_triangles_m2"] = (
        geod_area_of_wkt_lonlat("POLYGON((104.0 30.0,104.005 30.005,104.0 30.01,104.0 30.0))")
        + geod_area_of_wkt_lonlat("POLYGON((104.01 30.0,104.01 30.01,104.005 30.005,104.01 30.0))"))
    golden["square_0_01deg_at_30N_m2"] = geod_area_of_wkt_lonlat(
        "POLYGON((104.1 30.0,104.11 30.0,104.11 30.01,104.1 30.01,104.1 30.0))")

    # Two overlapping squares: the layer's area counts the overlap once.
    write(os.path.join(HERE, "overlap.geojson"), "GeoJSON", 4326, ["code"],
          [("POLYGON((105.0 31.0,105.02 31.0,105.02 31.02,105.0 31.02,105.0 31.0))", {"code": "a"}),
           ("POLYGON((105.01 31.0,105.03 31.0,105.03 31.02,105.01 31.02,105.01 31.0))", {"code": "b"})],
          lco=["WRITE_NAME=NO"])
    golden["overlap_union_m2"] = geod_area_of_wkt_lonlat(
        "POLYGON((105.0 31.0,105.03 31.0,105.03 31.02,105.0 31.02,105.0 31.0))")

    # Eastings with a zone prefix declared as an unprefixed CRS (the classic mistake).
    write(os.path.join(HERE, "wrong_prefix.gpkg"), "GPKG", 4544, ["code"], gk[:1], layer="wrong_prefix")

    # A DXF drawing (no CRS) with a closed, hatched parcel in GK zone 35 coordinates.
    dxf = os.path.join(HERE, "parcel.dxf")
    ds = ogr.GetDriverByName("DXF").CreateDataSource(dxf)
    lyr = ds.CreateLayer("entities")
    f = ogr.Feature(lyr.GetLayerDefn())
    f.SetGeometry(ogr.CreateGeometryFromWkt(gk[0][0]))
    f.SetStyleString('BRUSH(fc:#ff0000)')
    lyr.CreateFeature(f)
    ds = None

    # A damaged GeoPackage: the first 3 kB of a real one.
    with open(os.path.join(HERE, "gk35.gpkg"), "rb") as src, open(os.path.join(HERE, "corrupt.gpkg"), "wb") as dst:
        dst.write(src.read(3072))

    with open(os.path.join(HERE, "golden.json"), "w") as f:
        json.dump(golden, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
