#!/usr/bin/python3
"""Land-cover change per county the way a peer does it, for the change benchmark: gdal_rasterize of the
counties onto the first year's grid (cell centres), then both years read strip by strip and one
np.bincount over zone × from × to codes (numpy). Cells weigh their true area on the ellipsoid (per row).
It needs both years on one grid; what it cannot do is count boundary cells by the fraction covered.

  change_peer.py DATA_DIR BEFORE.vrt AFTER.vrt OUT.csv      (OUT: county, forest_before_m2, forest_after_m2, gain_m2, loss_m2)
"""

import csv
import sys

import numpy as np
from osgeo import gdal, ogr

from cell_areas import row_areas

gdal.UseExceptions()
data, before_path, after_path, out = sys.argv[1:5]
FOREST = 10
before = gdal.Open(before_path)
after = gdal.Open(after_path)
gt = before.GetGeoTransform()
cols, rows = before.RasterXSize, before.RasterYSize
assert (cols, rows, gt) == (after.RasterXSize, after.RasterYSize, after.GetGeoTransform()), "the peer needs one grid"
nodata = before.GetRasterBand(1).GetNoDataValue()


zones = ogr.Open(data + "/counties.gpkg")
layer = zones.GetLayer(0)
ids = [f.GetField("adcode") for f in layer]
mem = ogr.GetDriverByName("Memory").CreateDataSource("zones")
zl = mem.CreateLayer("z", srs=layer.GetSpatialRef())
zl.CreateField(ogr.FieldDefn("zid", ogr.OFTInteger))
layer.ResetReading()
for k, f in enumerate(layer):
    nf = ogr.Feature(zl.GetLayerDefn())
    nf.SetField("zid", k + 1)
    nf.SetGeometry(f.GetGeometryRef().Clone())
    zl.CreateFeature(nf)

K = 256
totals = np.zeros((len(ids) + 1) * K * K)
mem_drv = gdal.GetDriverByName("MEM")
strip = 512
for r0 in range(0, rows, strip):
    n = min(strip, rows - r0)
    z = mem_drv.Create("", cols, n, 1, gdal.GDT_UInt16)
    z.SetGeoTransform((gt[0], gt[1], 0, gt[3] + r0 * gt[5], 0, gt[5]))
    z.SetProjection(before.GetProjection())
    gdal.RasterizeLayer(z, [1], zl, options=["ATTRIBUTE=zid"])
    zid = z.GetRasterBand(1).ReadAsArray()
    a = before.GetRasterBand(1).ReadAsArray(0, r0, cols, n)
    b = after.GetRasterBand(1).ReadAsArray(0, r0, cols, n)
    w = np.repeat(row_areas(gt, r0, n)[:, None], cols, axis=1)
    valid = (zid > 0) & (a != nodata) & (b != nodata)
    key = (zid[valid].astype(np.int64) * K + a[valid]) * K + b[valid]
    totals += np.bincount(key, weights=w[valid], minlength=totals.size)

m = totals.reshape(len(ids) + 1, K, K)
with open(out, "w", newline="") as f:
    wr = csv.writer(f)
    wr.writerow(["county", "forest_before_m2", "forest_after_m2", "gain_m2", "loss_m2"])
    for k, fid in enumerate(ids):
        t = m[k + 1]
        gain = t[:, FOREST].sum() - t[FOREST, FOREST]
        loss = t[FOREST, :].sum() - t[FOREST, FOREST]
        wr.writerow([fid, t[FOREST, :].sum(), t[:, FOREST].sum(), gain, loss])
