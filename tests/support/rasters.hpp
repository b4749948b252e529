#pragma once
// Small rasters with known class patterns for the statistics tests: in memory (io::MemoryRasterSource), or
// written as GeoTIFFs where the GDAL path itself is under test.

#include <cstdint>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include "io/raster_source.hpp"

namespace ecozone::test {

inline void write_raster(const std::string& path, const std::string& crs, double x0, double y_top, double dx, double dy,
                         int cols, int rows, const std::vector<std::uint8_t>& data, int nodata = -1) {
    GDALAllRegister();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDataset* ds = drv->Create(path.c_str(), cols, rows, 1, GDT_Byte, nullptr);
    double gt[6] = {x0, dx, 0, y_top, 0, -dy};
    ds->SetGeoTransform(gt);
    if (!crs.empty()) {
        OGRSpatialReference srs;
        srs.SetFromUserInput(crs.c_str());
        ds->SetSpatialRef(&srs);
    }
    if (nodata >= 0) ds->GetRasterBand(1)->SetNoDataValue(nodata);
    if (ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, cols, rows, const_cast<std::uint8_t*>(data.data()), cols, rows,
                                       GDT_Byte, 0, 0) != CE_None) {
        throw std::runtime_error("could not write test raster");
    }
    GDALClose(ds);
}

// The same grid in memory; nodata < 0 for none.
inline std::unique_ptr<io::MemoryRasterSource> memory_raster(const std::string& crs, double x0, double y_top, double dx,
                                                             double dy, int cols, int rows,
                                                             const std::vector<std::uint8_t>& data, int nodata = -1) {
    io::RasterInfo info = io::grid_info(cols, rows, x0, y_top, dx, dy, crs);
    if (nodata >= 0) info.nodata = nodata;
    return std::make_unique<io::MemoryRasterSource>(info, std::vector<std::uint16_t>(data.begin(), data.end()));
}

}  // namespace ecozone::test
