"""True areas (m², CGCS2000 ellipsoid, closed form) of the cells of geographic raster rows, for the peers of
the statistics and change benchmarks: they weigh each cell as ecozone does, so that their answers compare."""

import math

import numpy as np


def row_areas(gt, r0, n):
    """Area of one cell in each of rows [r0, r0 + n) of a north-up geographic grid with geotransform `gt`."""
    a, f = 6378137.0, 1 / 298.257222101
    e2 = f * (2 - f)
    e = math.sqrt(e2)
    b = a * (1 - f)
    lat = gt[3] + gt[5] * np.arange(r0, r0 + n + 1)
    s = np.sin(np.radians(lat))
    q = s / (1 - e2 * s * s) + np.log((1 + e * s) / (1 - e * s)) / (2 * e)
    return np.abs(np.diff(q)) * b * b / 2 * math.radians(gt[1])
