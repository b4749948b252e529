#pragma once
// RAII for GDAL/OGR handles and GDAL error capture. Only src/io includes GDAL headers.

#include <memory>
#include <string>
#include <vector>

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

namespace ecozone::io {

// Registers drivers once and silences GDAL's own printing; messages are read back with last_gdal_error().
void init_gdal();

// GDAL's last error message on this thread, or "" (and resets it).
std::string take_gdal_error();

// Collects every GDAL error raised on this thread while it lives (GDAL resets its last-error state inside
// some calls, so an error during Open can be gone when Open returns). Nothing is printed.
class GdalErrorLog {
public:
    GdalErrorLog();
    ~GdalErrorLog();
    GdalErrorLog(const GdalErrorLog&) = delete;
    GdalErrorLog& operator=(const GdalErrorLog&) = delete;
    const std::vector<std::string>& failures() const { return m_failures; }

private:
    static void CPL_STDCALL handle(CPLErr level, CPLErrorNum number, const char* message);
    std::vector<std::string> m_failures;
};

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const { OGRCoordinateTransformation::DestroyCT(t); }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

}  // namespace ecozone::io
