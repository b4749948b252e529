#!/usr/bin/python3
"""The screening job done the way a consultant would in GeoPandas: read every layer, project to an
equal-area CRS, spatial-join sites with each layer, intersect for overlap areas, and find the nearest
feature of each layer within the search distance. Planar answers, as GeoPandas gives them.

usage: screen_geopandas.py CATALOG_DIR SITES OUT.csv
"""

import sys
import time

import fiona
import geopandas as gpd
import pandas as pd

t0 = time.time()
fiona.drvsupport.supported_drivers["LIBKML"] = "r"  # KML is readable through GDAL, fiona only lists it off
data, sites_path, out = sys.argv[1], sys.argv[2], sys.argv[3]
LAYERS = [  # (id, path, layer)
    ("redline", data + "/zoning.gpkg", "redline"),
    ("protected", data + "/zoning.gpkg", "protected_area"),
    ("farmland", data + "/farmland/permanent_farmland.shp", None),
    ("urban", data + "/urban_boundary.geojson", None),
    ("water", data + "/water_source.kml", None),
    ("units", data + "/zoning.gpkg", "control_unit"),
    ("parks", data + "/industrial_parks.gpkg", None),
    ("green", data + "/green_space.geojson", None),
]
# Albers equal-area for Sichuan: the usual choice for areas in one projected CRS.
AEA = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs"
SEARCH = 5000.0

sites = gpd.read_file(sites_path).to_crs(AEA)
pts = sites.geometry.geom_type == "Point"
buf = sites["buffer_m"].fillna(0) if "buffer_m" in sites else 0
sites.loc[pts & (buf > 0), "geometry"] = sites.loc[pts & (buf > 0)].geometry.buffer(buf[pts & (buf > 0)], 64)
sites = sites[["id", "geometry"]]
rows = []
for lid, path, layer in LAYERS:
    kw = {"layer": layer} if layer else {}
    if path.endswith(".kml"):
        kw["driver"] = "LIBKML"
    lyr = gpd.read_file(path, **kw).to_crs(AEA)
    lyr = lyr[lyr.geometry.notna() & ~lyr.geometry.is_empty]
    lyr["geometry"] = lyr.geometry.buffer(0)  # GeoPandas' usual repair
    lyr = lyr[["geometry"]].reset_index(names="fid")
    hits = gpd.sjoin(sites, lyr, predicate="intersects", how="inner")
    if len(hits):
        other = lyr.geometry.loc[hits["index_right"]].values
        inter = hits.geometry.intersection(gpd.GeoSeries(other, index=hits.index, crs=AEA))
        area = inter.area
        for sid, fid, a in zip(hits["id"], hits["fid"], area):
            rows.append((sid, lid, int(fid), float(a), 0.0))
    # GeoPandas 0.12 with Shapely 1.8 (Debian 12) has no sjoin_nearest: join on a 5 km buffer, then
    # measure each pair and keep the least.
    zone = sites.copy()
    zone["geometry"] = sites.geometry.buffer(SEARCH, 16)
    pairs = gpd.sjoin(zone, lyr, predicate="intersects", how="inner")
    d = sites.geometry.loc[pairs.index].reset_index(drop=True).distance(
        gpd.GeoSeries(lyr.geometry.loc[pairs["index_right"]].values, crs=AEA))
    pairs = pairs.assign(d=d.values)
    near = pairs[pairs["d"] <= SEARCH].groupby("id")["d"].min()
    for sid, d in near.items():
        rows.append((sid, lid, -1, 0.0, float(d)))
pd.DataFrame(rows, columns=["site", "layer", "fid", "overlap_m2", "distance_m"]).to_csv(out, index=False)
print("geopandas_total_s %.3f" % (time.time() - t0))
