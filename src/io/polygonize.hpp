#pragma once
// Cells of a small grid of codes as polygons: every run of touching cells of one code becomes one polygon
// (GDALPolygonize), code 0 none — for drawing classified cells as areas on a map.

#include <cstdint>
#include <utility>
#include <vector>

#include "geom/geos_context.hpp"

namespace ecozone::io {

struct CodeGrid {
    int cols = 0, rows = 0;
    double x0 = 0, y_top = 0, dx = 1, dy = 1;  // north-up: cell (c, r) spans x0 + c·dx …, y_top − r·dy …
    std::vector<std::uint8_t> codes;            // rows × cols, row after row; 0 = no polygon
};

// (code, polygon) for every connected run of cells of one code, in the grid's coordinates. Throws
// ecozone::Error naming `label` when GDAL cannot do it.
std::vector<std::pair<int, geom::GeomPtr>> polygonize(const CodeGrid& grid, const std::string& label);

}  // namespace ecozone::io
