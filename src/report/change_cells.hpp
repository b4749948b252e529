#pragma once
// The land-cover cells that changed between two years inside a map's view, as areas to draw: forest gained,
// forest lost, and every other change of class. The two rasters are read over the view only; where their
// grids differ the later year is sampled at the earlier year's cell centres (a picture, not a figure: the
// numbers come from `ecozone change`, which never resamples). Cells of one kind that touch are merged into
// one polygon (GDALPolygonize), in the rasters' CRS (longitude/latitude).

#include <cstddef>
#include <vector>

#include "geom/geos_context.hpp"
#include "io/raster_source.hpp"

namespace ecozone::report {

struct ChangeCells {
    std::vector<geom::GeomPtr> forest_gained, forest_lost, other;
    std::size_t cells = 0;  // cells of the earlier year in the view
};

// Throws a usage ecozone::Error when the view holds none or more than `max_cells` cells of the earlier year,
// and an input Error when the rasters cannot be read.
ChangeCells change_cells(const io::RasterSource& before, const io::RasterSource& after, const geom::Envelope& view,
                         const std::vector<int>& forest_classes, std::size_t max_cells);

}  // namespace ecozone::report
