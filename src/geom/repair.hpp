#pragma once
// Invalid geometries are repaired with GEOS MakeValid (structure method, which keeps the
// polygon's intended area) and the repair is described, so it can be reported.

#include <string>

#include "geom/geos_context.hpp"

namespace ecozone::geom {

struct RepairOutcome {
    GeomPtr geom;         // valid geometry (null when nothing polygonal/lineal/puntal survives)
    bool repaired = false;
    std::string reason;   // GEOS's description of what was invalid, e.g. "Self-intersection at 104.6 30.1"
    bool collapsed = false;  // the repair left nothing of the original dimension
};

RepairOutcome make_valid(GeomPtr g);

}  // namespace ecozone::geom
