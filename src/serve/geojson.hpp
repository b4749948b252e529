#pragma once
// GeoJSON geometries for responses (GEOS's own writer), in longitude/latitude.

#include <nlohmann/json.hpp>

#include "geom/geos_context.hpp"

namespace ecozone::serve {

// The geometry as a GeoJSON geometry object; null for a null or empty geometry.
nlohmann::ordered_json geometry_json(const GEOSGeometry* g);

}  // namespace ecozone::serve
