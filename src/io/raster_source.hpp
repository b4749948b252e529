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
    // Reads the window of `ncols` columns from `col0` of rows [row0, row0 + n) into `out` (n × ncols values).
    virtual void read_window(int row0, int n, int col0, int ncols, std::vector<std::uint16_t>& out) = 0;
};

// Where land-cover cells come from. Statistics read through this interface, so they run on a GeoTIFF or
// VRT mosaic (GDAL) and on cells held in memory (tests) alike, as exactextract's RasterSource does.
// Thread safety: once set up (set_nodata), info() and reader() may be called from many threads; each
// reader serves one thread.
class RasterSource {
public:
    explicit RasterSource(RasterInfo info) : m_info(std::move(info)) {}
    virtual ~RasterSource() = default;
    const RasterInfo& info() const { return m_info; }
    // The catalog's nodata overrides the raster's own; call before reading.
    void set_nodata(std::optional<double> nodata) { m_info.nodata = nodata; }
    // A reader of its own for one thread (GDAL handles are not shared between threads).
    virtual std::unique_ptr<RasterReader> reader() const = 0;

private:
    RasterInfo m_info;
};

// Opens and checks a raster; `crs_override` supplies a missing CRS. Throws ecozone::Error at `where`.
RasterInfo open_raster(const std::string& path, const std::string& crs_override, const Where& where);
std::unique_ptr<RasterReader> open_reader(const RasterInfo& info);

// A raster file read through GDAL (open_raster's checks), one handle per reader.
std::unique_ptr<RasterSource> open_raster_source(const std::string& path, const std::string& crs_override, const Where& where);

// The grid of a raster held in memory: `cols` × `rows` north-up cells of dx × dy from (x0, y_top) in `crs`
// (e.g. "EPSG:4490"), 8-bit classes unless `byte_type` is false.
RasterInfo grid_info(int cols, int rows, double x0, double y_top, double dx, double dy, const std::string& crs,
                     bool byte_type = true);

// Cells in memory, row after row (rows × cols class codes).
class MemoryRasterSource : public RasterSource {
public:
    MemoryRasterSource(RasterInfo info, std::vector<std::uint16_t> cells);
    std::unique_ptr<RasterReader> reader() const override;

private:
    std::vector<std::uint16_t> m_cells;
};

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

// Area on the ellipsoid, in m², of the band between latitudes `lat1` and `lat2` (degrees) per degree of
// longitude: a geographic raster's cells, or parts of them, exactly.
double band_area_per_degree(const RasterInfo& info, double lat1, double lat2);

// Whether two rasters are in the same CRS (datum, projection, units), so that their cells can be laid
// over each other without resampling.
bool same_crs(const RasterInfo& a, const RasterInfo& b);

// Transforms lon/lat coordinates (in `from`'s geographic CRS, lon first) into the raster's CRS in place.
void transform_to_raster(const std::string& from_crs, const RasterInfo& info, std::vector<double>& xs,
                         std::vector<double>& ys);

}  // namespace ecozone::io
