#pragma once
// One streaming pass over a land-cover raster for many polygons at once: per polygon, the true area
// (m², on the ellipsoid) of each class, weighted by the exact fraction of every cell it covers.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <geos_c.h>

#include "geom/planar.hpp"
#include "io/raster_source.hpp"

namespace ecozone::stats {

struct ClassAreas {
    std::map<int, double> class_m2;  // class code -> m²
    double valid_m2 = 0;             // cells with a class (not nodata)
    double nodata_m2 = 0;            // covered cells holding nodata
};

struct ZonalOptions {
    int strip_rows = 0;  // rows per strip; 0 = a few block rows
    std::function<void(std::size_t done, std::size_t total)> progress;
};

// The rings of a (multi)polygon given in longitude/latitude of `working_crs`'s geographic CRS, in the
// raster's CRS: exteriors counter-clockwise, holes clockwise (y up), first point repeated.
std::vector<geom::XYRing> raster_rings(const GEOSGeometry* g, const io::RasterInfo& raster, const std::string& working_crs);

// `polygons` are in longitude/latitude of `working_crs`'s geographic CRS. Each thread reads its strips
// through a reader of its own from `source`.
std::vector<ClassAreas> zonal_class_areas(const io::RasterSource& source, const std::vector<const GEOSGeometry*>& polygons,
                                          const std::string& working_crs, const ZonalOptions& options = {});

}  // namespace ecozone::stats
