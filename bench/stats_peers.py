#!/usr/bin/python3
"""Per-county land-cover statistics the way peers do them, for the stats benchmark.

  stats_peers.py rasterize CATALOG_DIR OUT.csv   gdal_rasterize of the counties onto the raster's grid
                                                 (cell centres), then one histogram pass (numpy), by strips
  stats_peers.py rasterio  CATALOG_DIR OUT.csv   rasterio.mask per county (cell centres), numpy counts

Both weight each cell by its true area on the ellipsoid (per row) so that the answers are comparable;
what they cannot do is count boundary cells by the fraction covered.
"""

import csv
import sys
import time

import numpy as np
from osgeo import gdal, ogr, osr

from cell_areas import row_areas

gdal.UseExceptions()
t0 = time.time()
mode, data, out = sys.argv[1], sys.argv[2], sys.argv[3]
raster = data + "/landcover.vrt"
zones_path = data + "/counties.gpkg"
FOREST = [10]

ds = gdal.Open(raster)
gt = ds.GetGeoTransform()
cols, rows = ds.RasterXSize, ds.RasterYSize
band = ds.GetRasterBand(1)
nodata = band.GetNoDataValue()


zones = ogr.Open(zones_path)
layer = zones.GetLayer(0)
ids = [f.GetField("adcode") for f in layer]
totals = {i: np.zeros(256) for i in ids}

if mode == "rasterize":
    # One integer attribute per county, burnt onto each strip of the raster's grid in one call.
    mem = ogr.GetDriverByName("Memory").CreateDataSource("zones")
    zl = mem.CreateLayer("z", srs=layer.GetSpatialRef())
    zl.CreateField(ogr.FieldDefn("zid", ogr.OFTInteger))
    layer.ResetReading()
    for k, f in enumerate(layer):
        nf = ogr.Feature(zl.GetLayerDefn())
        nf.SetField("zid", k + 1)
        nf.SetGeometry(f.GetGeometryRef().Clone())
        zl.CreateFeature(nf)
    mem_drv = gdal.GetDriverByName("MEM")
    strip = 512
    for r0 in range(0, rows, strip):
        n = min(strip, rows - r0)
        z = mem_drv.Create("", cols, n, 1, gdal.GDT_UInt16)
        z.SetGeoTransform((gt[0], gt[1], 0, gt[3] + r0 * gt[5], 0, gt[5]))
        z.SetProjection(ds.GetProjection())
        gdal.RasterizeLayer(z, [1], zl, options=["ATTRIBUTE=zid"])
        zid = z.GetRasterBand(1).ReadAsArray()
        lc = band.ReadAsArray(0, r0, cols, n)
        w = np.repeat(row_areas(gt, r0, n)[:, None], cols, axis=1)
        valid = (zid > 0) & (lc != nodata)
        key = zid[valid].astype(np.int64) * 256 + lc[valid]
        sums = np.bincount(key, weights=w[valid], minlength=(len(ids) + 1) * 256)
        for k, fid in enumerate(ids):
            totals[fid] += sums[(k + 1) * 256:(k + 2) * 256]
elif mode == "rasterio":
    import rasterio
    import rasterio.mask
    from shapely import wkb
    with rasterio.open(raster) as src:
        layer.ResetReading()
        for f in layer:
            geom = wkb.loads(bytes(f.GetGeometryRef().ExportToWkb()))
            arr, transform = rasterio.mask.mask(src, [geom], crop=True, filled=False)
            lc = arr[0]
            r0 = int(round((transform.f - gt[3]) / gt[5]))
            w = np.repeat(row_areas(gt, r0, lc.shape[0])[:, None], lc.shape[1], axis=1)
            valid = ~np.ma.getmaskarray(lc)
            totals[f.GetField("adcode")] += np.bincount(lc.data[valid].astype(np.int64), weights=w[valid], minlength=256)
else:
    sys.exit("unknown mode " + mode)

with open(out, "w", newline="") as fh:
    wr = csv.writer(fh)
    wr.writerow(["id", "valid_m2", "forest_m2"])
    for fid in ids:
        wr.writerow([fid, totals[fid].sum(), sum(totals[fid][c] for c in FOREST)])
print("%s_total_s %.3f" % (mode, time.time() - t0))
