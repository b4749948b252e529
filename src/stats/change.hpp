#pragma once
// Land-cover change between two years, for many polygons at once, in one streaming pass over both rasters:
// the true area (m², on the ellipsoid) that went from each class to each class. The two rasters may lie on
// different grids (another resolution, another extent, cells offset) as long as they share a CRS: the two
// grids are laid over each other, every pair of overlapping cells is one piece of the intersection, and each
// piece counts with its exact area, weighted by the exact fraction of it the polygon covers. Nothing is
// resampled.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <geos_c.h>

#include "core/error.hpp"
#include "io/raster_source.hpp"
#include "stats/zonal.hpp"

namespace ecozone::stats {

// The class of a cell that holds nodata, or of a place outside the raster.
inline constexpr int k_no_class = -1;

using TransitionMatrix = std::map<std::pair<int, int>, double>;  // (class before, class after) -> m²

// Throws ecozone::Error at `where` when the two rasters cannot be laid over each other cell by cell: a
// different CRS. Says what to do.
void check_comparable(const io::RasterInfo& before, const io::RasterInfo& after, const Where& where);

// Per polygon, the area of every transition. `polygons` are in longitude/latitude of `working_crs`'s
// geographic CRS. Rows of the matrix sum to each class's area in the first year, columns to the second;
// k_no_class rows and columns hold what either year has no data for (nodata cells, or outside its raster).
std::vector<TransitionMatrix> zonal_transitions(const io::RasterSource& before, const io::RasterSource& after,
                                                const std::vector<const GEOSGeometry*>& polygons,
                                                const std::string& working_crs, const ZonalOptions& options = {});

}  // namespace ecozone::stats
