#include "io/gdal_handles.hpp"

#include <mutex>

namespace ecozone::io {

void init_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(CPLQuietErrorHandler);
        // Shapefiles with a broken .shx are still readable; we never write to inputs.
        CPLSetConfigOption("SHAPE_RESTORE_SHX", "YES");
        CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");
        // Rasters are streamed once, block by block: a large block cache only costs memory.
        if (!CPLGetConfigOption("GDAL_CACHEMAX", nullptr)) CPLSetConfigOption("GDAL_CACHEMAX", "64");
    });
}

std::string take_gdal_error() {
    std::string msg = CPLGetLastErrorMsg();
    CPLErrorReset();
    return msg;
}

}  // namespace ecozone::io
