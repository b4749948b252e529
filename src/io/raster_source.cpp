#include "io/raster_source.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <memory>
#include <mutex>
#include <numbers>
#include <vector>

#include "core/i18n.hpp"
#include "core/inputs.hpp"
#include "geom/geodesic.hpp"
#include "io/crs.hpp"
#include "io/gdal_handles.hpp"

namespace ecozone::io {

namespace {

using std::numbers::pi;

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};

class GdalRasterReader : public RasterReader {
public:
    explicit GdalRasterReader(const RasterInfo& info) : m_info(info) {
        m_ds.reset(GDALDataset::Open(info.path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
        if (!m_ds) throw Error({info.path}, tr("could not open the raster again: {1}.", take_gdal_error()));
    }
    void read_rows(int row0, int n, std::vector<std::uint16_t>& out) override { read_window(row0, n, 0, m_info.cols, out); }
    void read_window(int row0, int n, int col0, int ncols, std::vector<std::uint16_t>& out) override {
        out.resize(static_cast<std::size_t>(n) * static_cast<std::size_t>(ncols));
        GDALRasterBand* band = m_ds->GetRasterBand(1);
        const CPLErr err = band->RasterIO(GF_Read, col0, row0, ncols, n, out.data(), ncols, n, GDT_UInt16, 0, 0);
        if (err != CE_None) {
            throw Error({m_info.path}, tr("reading rows {1}–{2} failed: {3}.",
                                          std::to_string(row0), std::to_string(row0 + n), take_gdal_error()),
                        tr("The raster may be damaged or truncated; check it with gdalinfo -checksum."));
        }
    }

private:
    const RasterInfo& m_info;
    std::unique_ptr<GDALDataset, DatasetCloser> m_ds;
};

// Area on the ellipsoid between the equator and latitude φ per radian of longitude (authalic form).
double band_area(double a, double f, double lat_deg) {
    const double e2 = f * (2 - f), e = std::sqrt(e2), b = a * (1 - f);
    const double s = std::sin(lat_deg * pi / 180);
    return b * b / 2 * (s / (1 - e2 * s * s) + std::log((1 + e * s) / (1 - e * s)) / (2 * e));
}

}  // namespace

RasterInfo open_raster(const std::string& path, const std::string& crs_override, const Where& where) {
    init_gdal();
    RasterInfo info;
    info.path = path;
    if (!path.starts_with("/vsi") && path.find("://") == std::string::npos) {
        try {
            check_input_path(path, tr("the land-cover raster {1}", path), tr("Check the [landcover] source path."));
        } catch (const Error& e) {
            throw Error(where, e.message(), e.hint());  // at the catalog's [landcover] line
        }
    }
    std::unique_ptr<GDALDataset, DatasetCloser> ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!ds) {
        std::error_code ec;
        const bool exists = std::filesystem::exists(path, ec);
        const std::string why = take_gdal_error();
        throw Error(where,
                    exists ? tr("{1} could not be read as a raster ({2}).",
                                path, why) : tr("{1} does not exist ({2}).", path, why),
                    exists ? tr("The file may be damaged or not a raster format GDAL reads (GeoTIFF, COG, VRT …).")
                           : tr("Check the [landcover] source path."));
    }
    if (ds->GetRasterCount() < 1) throw Error(where, tr("{1} has no raster band.", path));
    // Every file behind it (a VRT's tiles) is an input: no output may be written over one.
    if (char** files = ds->GetFileList()) {
        for (char** f = files; *f; ++f) register_input(*f);
        CSLDestroy(files);
    }
    info.cols = ds->GetRasterXSize();
    info.rows = ds->GetRasterYSize();
    GDALRasterBand* band = ds->GetRasterBand(1);
    int bx = 0, by = 0;
    band->GetBlockSize(&bx, &by);
    info.block_rows = std::max(1, by);
    const GDALDataType type = band->GetRasterDataType();
    if (type != GDT_Byte && type != GDT_UInt16 && type != GDT_Int16) {
        throw Error(where, tr("{1} holds {2} values; land-cover classes must be whole numbers (Byte, UInt16 or Int16).",
                              path, GDALGetDataTypeName(type)),
                    tr("Use a classified land-cover raster such as ESA WorldCover or a 三调 class raster."));
    }
    info.byte_type = type == GDT_Byte;
    info.type_name = GDALGetDataTypeName(type);
    info.max_value = type == GDT_Byte ? 255 : type == GDT_UInt16 ? 65535 : 32767;
    int has_nodata = 0;
    const double nd = band->GetNoDataValue(&has_nodata);
    if (has_nodata) info.nodata = nd;
    // A strip of whole block rows is decoded at a time on each core.
    const double strip_bytes = static_cast<double>(info.block_rows) * info.cols * 2.0;
    if (info.cols <= 0 || info.rows <= 0 || strip_bytes > 1024.0 * 1024 * 1024) {
        throw Error(where, tr("{1} is {2} × {3} cells in blocks of {4} rows: one strip of blocks would need {5} MB of "
                              "memory.", path, std::to_string(info.cols), std::to_string(info.rows), std::to_string(info.block_rows), std::to_string(static_cast<long long>(strip_bytes / (1 << 20)))),
                    tr("Tile the raster first (gdal_translate -co TILED=YES -co BLOCKXSIZE=512 -co "
                       "BLOCKYSIZE=512), or check that its size is what you expect."));
    }
    double gt[6];
    if (ds->GetGeoTransform(gt) != CE_None) {
        throw Error(where, tr("{1} has no georeferencing (no geotransform).", path), tr("Georeference the raster first."));
    }
    if (gt[2] != 0 || gt[4] != 0 || gt[5] >= 0) {
        throw Error(where, tr("{1} is rotated or flipped; ecozone reads north-up rasters only and never resamples.", path),
                    tr("Warp it once to a north-up grid with gdalwarp (nearest neighbour)."));
    }
    info.x0 = gt[0];
    info.dx = gt[1];
    info.y_top = gt[3];
    info.dy = -gt[5];
    OGRSpatialReference srs;
    if (!crs_override.empty()) {
        describe_crs(crs_override, where);
        if (srs.SetFromUserInput(crs_override.c_str()) != OGRERR_NONE) {
            throw Error(where, tr("'{1}' is not a coordinate reference system PROJ knows.", crs_override));
        }
    } else if (const OGRSpatialReference* s = ds->GetSpatialRef()) {
        srs = *s;
    } else {
        throw Error(where, tr("{1} has no coordinate reference system.", path),
                    tr("Add  crs = \"EPSG:…\"  under [landcover]; ecozone never guesses a CRS."));
    }
    char* wkt = nullptr;
    srs.exportToWkt(&wkt);
    info.crs_wkt = wkt ? wkt : "";
    CPLFree(wkt);
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    info.crs_label = (auth && code) ? std::string(auth) + ":" + code : std::string(srs.GetName() ? srs.GetName() : "");
    info.geographic = srs.IsGeographic();
    OGRErr err = OGRERR_NONE;
    info.semi_major_m = srs.GetSemiMajor(&err);
    const double inv_f = srs.GetInvFlattening(&err);
    info.flattening = inv_f > 0 ? 1.0 / inv_f : 0.0;
    return info;
}

void check_raster_value(const RasterInfo& info, double value, const std::string& key, const Where& where) {
    if (!std::isfinite(value) || value != std::floor(value) || value < info.min_value || value > info.max_value) {
        char b[64];
        std::snprintf(b, sizeof b, "%.10g", value);
        throw Error(where, tr("{1} {2} cannot occur in {3}: its cells are {4} class codes from {5} to {6}.",
                              key, b, info.path, info.type_name, std::to_string(info.min_value), std::to_string(info.max_value)),
                    tr("Check the class codes of the land-cover product (e.g. ESA WorldCover: 10 tree cover, 20 "
                       "shrubland, 30 grassland)."));
    }
}

std::unique_ptr<RasterReader> open_reader(const RasterInfo& info) { return std::make_unique<GdalRasterReader>(info); }

namespace {

// Readers given back are kept for the next call: opening a raster (a VRT mosaic's XML, its CRS, each tile as it
// is first read) costs more than a server's one-parcel land-cover measure, and left memory behind every time.
struct ReaderPool {
    std::mutex mutex;
    std::vector<std::unique_ptr<RasterReader>> idle;
    static constexpr std::size_t k_max_idle = 8;  // threads that read at once, with room to spare
};

class PooledReader : public RasterReader {
public:
    PooledReader(std::unique_ptr<RasterReader> inner, std::shared_ptr<ReaderPool> pool)
        : m_inner(std::move(inner)), m_pool(std::move(pool)) {}
    ~PooledReader() override {
        std::lock_guard lock(m_pool->mutex);
        if (m_pool->idle.size() < ReaderPool::k_max_idle) m_pool->idle.push_back(std::move(m_inner));
    }
    PooledReader(const PooledReader&) = delete;
    PooledReader& operator=(const PooledReader&) = delete;
    void read_rows(int row0, int n, std::vector<std::uint16_t>& out) override { m_inner->read_rows(row0, n, out); }
    void read_window(int row0, int n, int col0, int ncols, std::vector<std::uint16_t>& out) override {
        m_inner->read_window(row0, n, col0, ncols, out);
    }

private:
    std::unique_ptr<RasterReader> m_inner;
    std::shared_ptr<ReaderPool> m_pool;  // shared: a reader given back after its source is gone frees itself
};

class GdalRasterSource : public RasterSource {
public:
    using RasterSource::RasterSource;
    std::unique_ptr<RasterReader> reader() const override {
        std::unique_ptr<RasterReader> inner;
        {
            std::lock_guard lock(m_pool->mutex);
            if (!m_pool->idle.empty()) {
                inner = std::move(m_pool->idle.back());
                m_pool->idle.pop_back();
            }
        }
        if (!inner) inner = open_reader(info());
        return std::make_unique<PooledReader>(std::move(inner), m_pool);
    }

private:
    std::shared_ptr<ReaderPool> m_pool = std::make_shared<ReaderPool>();
};

class MemoryRasterReader : public RasterReader {
public:
    MemoryRasterReader(const RasterInfo& info, const std::vector<std::uint16_t>& cells) : m_info(info), m_cells(cells) {}
    void read_rows(int row0, int n, std::vector<std::uint16_t>& out) override {
        const auto cols = static_cast<std::size_t>(m_info.cols);
        const auto first = static_cast<std::size_t>(row0) * cols;
        out.assign(m_cells.begin() + static_cast<std::ptrdiff_t>(first),
                   m_cells.begin() + static_cast<std::ptrdiff_t>(first + static_cast<std::size_t>(n) * cols));
    }
    void read_window(int row0, int n, int col0, int ncols, std::vector<std::uint16_t>& out) override {
        const auto cols = static_cast<std::size_t>(m_info.cols);
        out.resize(static_cast<std::size_t>(n) * static_cast<std::size_t>(ncols));
        for (int r = 0; r < n; ++r) {
            const auto from = m_cells.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(row0 + r) * cols + static_cast<std::size_t>(col0));
            std::copy(from, from + ncols, out.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(r) * static_cast<std::size_t>(ncols)));
        }
    }

private:
    const RasterInfo& m_info;
    const std::vector<std::uint16_t>& m_cells;
};

}  // namespace

std::unique_ptr<RasterSource> open_raster_source(const std::string& path, const std::string& crs_override, const Where& where) {
    return std::make_unique<GdalRasterSource>(open_raster(path, crs_override, where));
}

RasterInfo grid_info(int cols, int rows, double x0, double y_top, double dx, double dy, const std::string& crs, bool byte_type) {
    init_gdal();
    RasterInfo info;
    info.path = "memory";
    info.cols = cols;
    info.rows = rows;
    info.block_rows = std::min(rows, 256);
    info.x0 = x0;
    info.y_top = y_top;
    info.dx = dx;
    info.dy = dy;
    info.byte_type = byte_type;
    info.type_name = byte_type ? "Byte" : "UInt16";
    info.max_value = byte_type ? 255 : 65535;
    const CrsInfo c = describe_crs(crs, {});
    info.crs_wkt = c.wkt;
    info.crs_label = c.label;
    info.geographic = c.geographic;
    info.semi_major_m = c.semi_major_m;
    info.flattening = c.flattening;
    return info;
}

MemoryRasterSource::MemoryRasterSource(RasterInfo info, std::vector<std::uint16_t> cells)
    : RasterSource(std::move(info)), m_cells(std::move(cells)) {
    if (m_cells.size() != static_cast<std::size_t>(this->info().cols) * static_cast<std::size_t>(this->info().rows)) {
        throw Error({}, tr("a memory raster of {1} × {2} cells was given {3} values.",
                           std::to_string(this->info().cols), std::to_string(this->info().rows), std::to_string(m_cells.size())));
    }
}

std::unique_ptr<RasterReader> MemoryRasterSource::reader() const { return std::make_unique<MemoryRasterReader>(info(), m_cells); }

CellAreas::CellAreas(const RasterInfo& info, int tile) : m_geographic(info.geographic), m_tile(tile) {
    if (m_geographic) {
        m_row_area.resize(static_cast<std::size_t>(info.rows));
        const double dlon = info.dx * pi / 180;
        for (int r = 0; r < info.rows; ++r) {
            const double top = info.y_top - r * info.dy, bottom = top - info.dy;
            m_row_area[static_cast<std::size_t>(r)] =
                std::fabs(band_area(info.semi_major_m, info.flattening, top) -
                          band_area(info.semi_major_m, info.flattening, bottom)) * dlon;
        }
        return;
    }
    // Projected: the geodesic area of one cell at the centre of each tile.
    m_tile_cols = (info.cols + tile - 1) / tile;
    const int tile_rows = (info.rows + tile - 1) / tile;
    OGRSpatialReference srs;
    srs.importFromWkt(info.crs_wkt.c_str());
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRSpatialReference> geo(srs.CloneGeogCS());
    geo->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    TransformPtr ct(OGRCreateCoordinateTransformation(&srs, geo.get()));
    const geom::Ellipsoid e(info.semi_major_m, info.flattening);
    m_tile_area.resize(static_cast<std::size_t>(m_tile_cols) * static_cast<std::size_t>(tile_rows));
    for (int tr = 0; tr < tile_rows; ++tr) {
        for (int tc = 0; tc < m_tile_cols; ++tc) {
            const int r = std::min(info.rows - 1, tr * tile + tile / 2), c = std::min(info.cols - 1, tc * tile + tile / 2);
            double xs[5], ys[5];
            const double x = info.x0 + c * info.dx, y = info.y_top - r * info.dy;
            const double cx[5] = {x, x + info.dx, x + info.dx, x, x}, cy[5] = {y, y, y - info.dy, y - info.dy, y};
            for (int k = 0; k < 5; ++k) {
                xs[k] = cx[k];
                ys[k] = cy[k];
            }
            double area = info.dx * info.dy;
            if (ct && ct->Transform(5, xs, ys)) {
                double xy[10];
                for (int k = 0; k < 5; ++k) {
                    xy[2 * k] = xs[k];
                    xy[2 * k + 1] = ys[k];
                }
                area = geom::ring_area_m2(xy, 5, e);
            }
            m_tile_area[static_cast<std::size_t>(tr) * static_cast<std::size_t>(m_tile_cols) + static_cast<std::size_t>(tc)] = area;
        }
    }
}

double CellAreas::at(int row, int col) const {
    if (m_geographic) return m_row_area[static_cast<std::size_t>(row)];
    return m_tile_area[static_cast<std::size_t>(row / m_tile) * static_cast<std::size_t>(m_tile_cols) +
                       static_cast<std::size_t>(col / m_tile)];
}

double band_area_per_degree(const RasterInfo& info, double lat1, double lat2) {
    return std::fabs(band_area(info.semi_major_m, info.flattening, lat1) - band_area(info.semi_major_m, info.flattening, lat2)) *
           pi / 180;
}

bool same_crs(const RasterInfo& a, const RasterInfo& b) {
    OGRSpatialReference sa, sb;
    if (sa.importFromWkt(a.crs_wkt.c_str()) != OGRERR_NONE || sb.importFromWkt(b.crs_wkt.c_str()) != OGRERR_NONE) return false;
    const char* options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
    return sa.IsSame(&sb, options);
}

namespace {

// The transformation from a working CRS's geographic CRS into a raster's, or none where they are the same.
struct RasterTransform {
    std::string from_crs, to_wkt;
    bool identity = false;
    TransformPtr ct;
};

// Made once per thread for each pair it meets: reading the CRSs anew for every polygon cost time, and PROJ's
// lookups of their names kept memory for good (a server measuring land cover for every request grew by it).
// OGR's transformations may not be shared between threads; a thread seldom meets more than one or two pairs.
RasterTransform& raster_transform(const std::string& from_crs, const RasterInfo& info) {
    thread_local std::vector<std::unique_ptr<RasterTransform>> made;
    for (auto& t : made)
        if (t->from_crs == from_crs && t->to_wkt == info.crs_wkt) return *t;
    if (made.size() >= 8) made.erase(made.begin());
    auto t = std::make_unique<RasterTransform>();
    t->from_crs = from_crs;
    t->to_wkt = info.crs_wkt;
    OGRSpatialReference from, to;
    from.SetFromUserInput(from_crs.c_str());
    std::unique_ptr<OGRSpatialReference> geo(from.CloneGeogCS());
    geo->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    to.importFromWkt(info.crs_wkt.c_str());
    to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    t->identity = geo->IsSame(&to);
    if (!t->identity) t->ct.reset(OGRCreateCoordinateTransformation(geo.get(), &to));
    made.push_back(std::move(t));
    return *made.back();
}

}  // namespace

void transform_to_raster(const std::string& from_crs, const RasterInfo& info, std::vector<double>& xs,
                         std::vector<double>& ys) {
    RasterTransform& t = raster_transform(from_crs, info);
    if (t.identity) return;
    if (!t.ct || xs.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
        !t.ct->Transform(static_cast<int>(xs.size()), xs.data(), ys.data())) {
        throw Error({info.path}, tr("zones could not be transformed into the raster's CRS ({1}).", info.crs_label),
                    tr("Check the raster's CRS."));
    }
}

}  // namespace ecozone::io
