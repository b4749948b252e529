#pragma once
// Geometries to and from ecozone's own binary form (2D, coordinates as raw doubles), for the layer
// cache: reading it back copies coordinate arrays straight into GEOS, several times faster than WKB.

#include "core/bytes.hpp"
#include "geom/geos_context.hpp"

namespace ecozone::geom {

void write_binary(ByteWriter& out, const GEOSGeometry* g);

// Throws BadBytes on anything malformed (unknown type, counts past the end, rings GEOS refuses).
GeomPtr read_binary(ByteReader& in);

}  // namespace ecozone::geom
