#!/usr/bin/python3
"""Inputs of the screening tests, and the SQL that makes their golden values in PostGIS.

Run tests/data/screen/make_golden.sh (it calls this and PostGIS); the outputs are committed:
layers.gpkg, sites.geojson, sites_gk.gpkg, catalog.toml, rules.toml and postgis_golden.csv.
"""

import os

from osgeo import gdal, ogr, osr

gdal.UseExceptions()
ogr.UseExceptions()
gdal.SetConfigOption("OGR_CURRENT_DATE", "2024-01-01T00:00:00Z")
HERE = os.path.dirname(os.path.abspath(__file__))


def box(w, s, e, n):
    return "POLYGON((%r %r,%r %r,%r %r,%r %r,%r %r))" % (w, s, e, s, e, n, w, n, w, s)


def box_with_hole(outer, hole):
    o = box(*outer)[len("POLYGON("):-1]
    h = box(*hole)[len("POLYGON("):-1]
    return "POLYGON(%s,%s)" % (o, h)


LAYERS = {
    "redline": [
        ("R1", "红线一", "", box_with_hole((104.50, 30.50, 104.52, 30.52), (104.505, 30.505, 104.51, 30.51))),
        ("R2", "红线二", "", box(104.53, 30.50, 104.55, 30.52)),
    ],
    "protected": [
        ("P1-H", "示例保护区", "核心保护区", box(104.56, 30.50, 104.57, 30.51)),
        ("P1-Y", "示例保护区", "一般控制区",
         box_with_hole((104.555, 30.495, 104.575, 30.515), (104.56, 30.50, 104.57, 30.51))),
    ],
    "farmland": [
        ("F1", "农田一", "", box(104.50, 30.47, 104.60, 30.49)),
    ],
    "water": [
        ("W1", "示例水源地", "一级保护区", box(104.58, 30.50, 104.59, 30.51)),
        ("W2", "示例水源地", "二级保护区", box_with_hole((104.578, 30.498, 104.592, 30.512), (104.58, 30.50, 104.59, 30.51))),
    ],
    "counties": [
        ("C1", "西县", "", box(104.40, 30.40, 104.55, 30.60)),
        ("C2", "东县", "", box(104.55, 30.40, 104.70, 30.60)),
    ],
}
ROLES = {"redline": "ecological_redline", "protected": "protected_area", "farmland": "permanent_farmland",
         "water": "water_source", "counties": "other"}

# (id, name, category, buffer_m, wkt): each exercises one case named in the issue.
SITES = [
    ("T1", "touches the red-line edge", "工业", None, box(104.52, 30.505, 104.525, 30.51)),
    ("T2", "inside a core zone", "旅游", None, box(104.562, 30.502, 104.564, 30.504)),
    ("T3", "across two counties", "工业", None, box(104.545, 30.55, 104.552, 30.56)),
    ("T4", "invalid polygon (bow-tie)", "工业", None,
     "POLYGON((104.60 30.53,104.606 30.534,104.606 30.53,104.60 30.534,104.60 30.53))"),
    ("T6", "point with a 300 m footprint", "通信", 300.0, "POINT(104.515 30.515)"),
    ("T7", "point without footprint", "监测", None, "POINT(104.565 30.505)"),
    ("T8", "route crossing three layers", "交通", None,
     "LINESTRING(104.49 30.48,104.535 30.505,104.565 30.5075,104.585 30.5085)"),
    ("T9", "far point with a footprint", "工业", 100.0, "POINT(104.65 30.58)"),
]
# A parcel given in Gauss-Kruger zone 35 (EPSG:4523), south of the farmland strip.
GK_SITE = ("T5", "parcel in a Gauss-Kruger CRS", "工业",
           "POLYGON((35550000 3369000,35550400 3369000,35550400 3369300,35550000 3369300,35550000 3369000))")


def srs(epsg):
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def main():
    path = os.path.join(HERE, "layers.gpkg")
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    for name, feats in LAYERS.items():
        lyr = ds.CreateLayer(name, srs=srs(4490), geom_type=ogr.wkbPolygon)
        for f in ("code", "name", "zone"):
            lyr.CreateField(ogr.FieldDefn(f, ogr.OFTString))
        for code, nm, zone, wkt in feats:
            feat = ogr.Feature(lyr.GetLayerDefn())
            feat.SetField("code", code)
            feat.SetField("name", nm)
            feat.SetField("zone", zone)
            feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
            lyr.CreateFeature(feat)
    ds = None

    path = os.path.join(HERE, "sites.geojson")
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GeoJSON").CreateDataSource(path)
    lyr = ds.CreateLayer("sites", srs=srs(4490), options=["WRITE_NAME=NO"])
    for f, t in (("id", ogr.OFTString), ("name", ogr.OFTString), ("category", ogr.OFTString), ("buffer_m", ogr.OFTReal)):
        lyr.CreateField(ogr.FieldDefn(f, t))
    for sid, nm, cat, buf, wkt in SITES:
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetField("id", sid)
        feat.SetField("name", nm)
        feat.SetField("category", cat)
        if buf:
            feat.SetField("buffer_m", buf)
        feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(feat)
    ds = None

    path = os.path.join(HERE, "sites_gk.gpkg")
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    lyr = ds.CreateLayer("sites", srs=srs(4523), geom_type=ogr.wkbPolygon)
    for f in ("id", "name", "category"):
        lyr.CreateField(ogr.FieldDefn(f, ogr.OFTString))
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetField("id", GK_SITE[0])
    feat.SetField("name", GK_SITE[1])
    feat.SetField("category", GK_SITE[2])
    feat.SetGeometry(ogr.CreateGeometryFromWkt(GK_SITE[3]))
    lyr.CreateFeature(feat)
    ds = None

    with open(os.path.join(HERE, "catalog.toml"), "w", encoding="utf-8") as f:
        f.write('[catalog]\nname = "screening test"\nversion = "test-1"\ndate = "2024-01-01"\nrules = "rules.toml"\n')
        for name in LAYERS:
            f.write('\n[[layers]]\nid = "%s"\nrole = "%s"\nsource = "layers.gpkg"\nlayer = "%s"\n'
                    'code_field = "code"\nname_field = "name"\nzone_field = "zone"\n' % (name, ROLES[name], name))

    # SQL for PostGIS: every site (with PostGIS's own footprints and repair) against every feature.
    sql = ["CREATE EXTENSION IF NOT EXISTS postgis;",
           "SET client_min_messages = warning;",
           "DROP TABLE IF EXISTS layers, sites;",
           "CREATE TABLE layers (layer text, code text, geom geometry(Polygon, 4490));",
           "CREATE TABLE sites (id text, buffer_m float8, geom geometry(Geometry, 4490));"]
    for name, feats in LAYERS.items():
        for code, _, _, wkt in feats:
            sql.append("INSERT INTO layers VALUES ('%s', '%s', ST_GeomFromText('%s', 4490));" % (name, code, wkt))
    for sid, _, _, buf, wkt in SITES:
        sql.append("INSERT INTO sites VALUES ('%s', %s, ST_GeomFromText('%s', 4490));" % (sid, buf or "NULL", wkt))
    sql.append("INSERT INTO sites VALUES ('%s', NULL, ST_Transform(ST_GeomFromText('%s', 4523), 4490));"
               % (GK_SITE[0], GK_SITE[3]))
    sql.append("""
-- Footprints: points with buffer_m become geography buffers (360 vertices); invalid polygons are
-- repaired with MakeValid's structure method.
CREATE TEMP TABLE fp AS
SELECT id,
       CASE WHEN buffer_m IS NOT NULL AND GeometryType(geom) = 'POINT'
            THEN ST_SetSRID(ST_Buffer(geom::geography, buffer_m, 'quad_segs=90')::geometry, 4490)
            WHEN NOT ST_IsValid(geom) THEN ST_MakeValid(geom, 'method=structure')
            ELSE geom END AS geom
FROM sites;
\\copy (SELECT s.id, l.layer, l.code, ST_Area(ST_CollectionExtract(ST_Intersection(s.geom, l.geom), 3)::geography) AS overlap_m2, ST_Length(ST_CollectionExtract(ST_Intersection(s.geom, l.geom), 2)::geography) AS overlap_len_m, ST_Distance(s.geom::geography, l.geom::geography) AS distance_m, ST_Area(s.geom::geography) AS site_area_m2, ST_Length(s.geom::geography) AS site_length_m FROM fp s CROSS JOIN layers l ORDER BY s.id, l.layer, l.code) TO 'postgis_golden.csv' WITH CSV HEADER
""")
    with open(os.path.join(HERE, "golden.sql"), "w") as f:
        f.write("\n".join(sql) + "\n")


if __name__ == "__main__":
    main()
