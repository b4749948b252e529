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
    });
}

std::string take_gdal_error() {
    std::string msg = CPLGetLastErrorMsg();
    CPLErrorReset();
    return msg;
}

}  // namespace ecozone::io
