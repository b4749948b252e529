#pragma once
// RAII for GDAL/OGR handles and GDAL error capture. Only src/io includes GDAL headers.

#include <memory>
#include <string>

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

namespace ecozone::io {

// Registers drivers once and silences GDAL's own printing; messages are read back with last_gdal_error().
void init_gdal();

// GDAL's last error message on this thread, or "" (and resets it).
std::string take_gdal_error();

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const { OGRCoordinateTransformation::DestroyCT(t); }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

}  // namespace ecozone::io
