#pragma once
// Whether a geometry is valid, as GEOS's IsValidOp says, sooner.
//
// Most zoning polygons are plainly valid: no two edges of any of their rings meet, except consecutive edges
// of a ring at their shared vertex. That is shown exactly with a sweep over the edges' boxes and exact
// orientation tests; then the polygon is valid when each hole lies inside its shell and outside its
// siblings, and no part lies inside another part's area (each decided from one vertex, since no rings meet).
// Anything else — rings that touch or cross, too few points, non-finite coordinates, other geometry types —
// goes to GEOS, which also says what is wrong.

#include "geom/geos_context.hpp"

namespace ecozone::geom {

// True when the polygon or multipolygon is shown valid by the edge test above; false means "not shown",
// not "invalid".
bool plainly_valid(const GEOSGeometry* g);

// GEOSisValid's answer (1 valid, 0 invalid, 2 exception), from plainly_valid where that shows it.
char is_valid(const GEOSGeometry* g);

}  // namespace ecozone::geom
