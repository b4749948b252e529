#pragma once
// A land-cover raster read in strips of whole block rows, never resampled. Each thread opens its own
// GDAL handle (open_reader), so strips can be decoded on all cores at once.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace ecozone::io {

struct RasterInfo {
    std::string path;
    int cols = 0, rows = 0;
    int block_rows = 256;
    double x0 = 0, y_top = 0, dx = 1, dy = 1;  // north-up: x = x0 + col·dx, y = y_top − row·dy
    std::string crs_wkt;
    std::string crs_label;
    bool geographic = false;
    double semi_major_m = 6378137.0;
    double flattening = 1.0 / 298.257222101;
    std::optional<double> nodata;
    bool byte_type = true;  // 8-bit classes; otherwise read as 16-bit classes
    std::string type_name;  // "Byte", "UInt16", "Int16"
    int min_value = 0, max_value = 255;  // the values a cell of this type can hold (classes are never negative)
};

// A class code or nodata value that the raster's type cannot hold never matches a cell: the catalog
// has a mistake. Throws ecozone::Error at `where` naming `key`.
void check_raster_value(const RasterInfo& info, double value, const std::string& key, const Where& where);

class RasterReader {
public:
    virtual ~RasterReader() = default;
    // Reads rows [row0, row0 + n) into `out` (n × cols values, class codes as uint16).
    virtual void read_rows(int row0, int n, std::vector<std::uint16_t>& out) = 0;
};

// Opens and checks a raster; `crs_override` supplies a missing CRS. Throws ecozone::Error at `where`.
RasterInfo open_raster(const std::string& path, const std::string& crs_override, const Where& where);
std::unique_ptr<RasterReader> open_reader(const RasterInfo& info);

// True area in m² of cells: for a geographic raster per row (closed form on the ellipsoid); for a
// projected one from the geodesic area of cells sampled every `tile` cells.
class CellAreas {
public:
    explicit CellAreas(const RasterInfo& info, int tile = 64);
    double at(int row, int col) const;

private:
    bool m_geographic;
    int m_tile;
    int m_tile_cols = 0;
    std::vector<double> m_row_area;   // geographic: per row
    std::vector<double> m_tile_area;  // projected: per tile
};

// Transforms lon/lat coordinates (in `from`'s geographic CRS, lon first) into the raster's CRS in place.
void transform_to_raster(const std::string& from_crs, const RasterInfo& info, std::vector<double>& xs,
                         std::vector<double>& ys);

}  // namespace ecozone::io
