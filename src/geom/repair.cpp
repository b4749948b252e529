#include "geom/repair.hpp"

#include <cstdio>

#include "geom/validity.hpp"

namespace ecozone::geom {

namespace {

std::string describe_invalidity(const GEOSGeometry* g) {
    char* reason = nullptr;
    GEOSGeometry* location = nullptr;
    GEOSisValidDetail_r(geos(), g, 0, &reason, &location);
    std::string out = reason ? reason : "invalid geometry";
    if (reason) GEOSFree_r(geos(), reason);
    if (location) {
        double x = 0, y = 0;
        if (GEOSGeomGetX_r(geos(), location, &x) && GEOSGeomGetY_r(geos(), location, &y)) {
            char buf[64];
            std::snprintf(buf, sizeof buf, " at %.6f, %.6f", x, y);
            out += buf;
        }
        GEOSGeom_destroy_r(geos(), location);
    }
    return out;
}

int dimension_of(const GEOSGeometry* g) {
    if (is_polygonal(g)) return 2;
    if (is_lineal(g)) return 1;
    if (is_puntal(g)) return 0;
    return GEOSGeom_getDimensions_r(geos(), g);
}

// Keeps the parts of `g` with dimension `dim`.
GeomPtr keep_dimension(GeomPtr g, int dim) {
    if (dim == 2) return polygonal_part(g.get());
    if (GEOSGeomTypeId_r(geos(), g.get()) != GEOS_GEOMETRYCOLLECTION) return g;
    std::vector<GEOSGeometry*> parts;
    const int n = GEOSGetNumGeometries_r(geos(), g.get());
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(geos(), g.get(), i);
        if (dimension_of(part) == dim) parts.push_back(GEOSGeom_clone_r(geos(), part));
    }
    if (parts.empty()) return nullptr;
    if (parts.size() == 1) return GeomPtr(parts[0]);
    GEOSGeometry* c = GEOSGeom_createCollection_r(geos(), GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                  static_cast<unsigned>(parts.size()));
    return checked(GEOSUnaryUnion_r(geos(), checked(c, "collection").get()), "union");
}

}  // namespace

RepairOutcome make_valid(GeomPtr g) {
    RepairOutcome out;
    const char valid = is_valid(g.get());
    if (valid == 1) {
        out.geom = std::move(g);
        return out;
    }
    out.repaired = true;
    out.reason = describe_invalidity(g.get());
    const int dim = dimension_of(g.get());

    GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(geos());
    GEOSMakeValidParams_setMethod_r(geos(), params, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(geos(), params, 0);
    GEOSGeometry* fixed = GEOSMakeValidWithParams_r(geos(), g.get(), params);
    GEOSMakeValidParams_destroy_r(geos(), params);
    if (!fixed) {
        // The linework method copes with some inputs the structure method rejects.
        fixed = GEOSMakeValid_r(geos(), g.get());
    }
    GeomPtr result = checked(fixed, "MakeValid");
    result = keep_dimension(std::move(result), dim);
    if (!result || GEOSisEmpty_r(geos(), result.get())) {
        out.collapsed = true;
        out.geom = nullptr;
        return out;
    }
    out.geom = std::move(result);
    return out;
}

}  // namespace ecozone::geom
