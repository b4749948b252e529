#include "io/gdal_handles.hpp"

#include <mutex>

namespace ecozone::io {

void init_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(CPLQuietErrorHandler);
        // Never SHAPE_RESTORE_SHX (even when the environment sets it): GDAL would rewrite users' .shx files
        // on every open. Shapefiles whose .shx is broken: open_with_rebuilt_shx in vector_source.cpp.
        CPLSetConfigOption("SHAPE_RESTORE_SHX", "NO");
        CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");
        // Rasters are streamed once, block by block: a large block cache only costs memory.
        if (!CPLGetConfigOption("GDAL_CACHEMAX", nullptr)) CPLSetConfigOption("GDAL_CACHEMAX", "64");
    });
}

GdalErrorLog::GdalErrorLog() { CPLPushErrorHandlerEx(&GdalErrorLog::handle, this); }

GdalErrorLog::~GdalErrorLog() { CPLPopErrorHandler(); }

void CPL_STDCALL GdalErrorLog::handle(CPLErr level, CPLErrorNum, const char* message) {
    if (level < CE_Failure) return;
    auto* self = static_cast<GdalErrorLog*>(CPLGetErrorHandlerUserData());
    if (self && message) self->m_failures.emplace_back(message);
}

std::string take_gdal_error() {
    std::string msg = CPLGetLastErrorMsg();
    CPLErrorReset();
    return msg;
}

}  // namespace ecozone::io
