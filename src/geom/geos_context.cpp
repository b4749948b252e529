#include "geom/geos_context.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <stdexcept>

namespace ecozone::geom {

namespace {

thread_local std::string t_last_error;

void on_message(const char* message, void*) {
    t_last_error = message ? message : "";
}

struct ContextHolder {
    GEOSContextHandle_t handle = nullptr;
    ContextHolder() {
        handle = GEOS_init_r();
        GEOSContext_setErrorMessageHandler_r(handle, on_message, nullptr);
        GEOSContext_setNoticeMessageHandler_r(handle, nullptr, nullptr);
    }
    ~ContextHolder() { GEOS_finish_r(handle); }
};

}  // namespace

GEOSContextHandle_t geos() {
    thread_local ContextHolder holder;
    return holder.handle;
}

std::string take_geos_error() {
    std::string out;
    out.swap(t_last_error);
    return out;
}

void GeomDeleter::operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(geos(), g);
}

void PreparedDeleter::operator()(const GEOSPreparedGeometry* g) const {
    if (g) GEOSPreparedGeom_destroy_r(geos(), g);
}

GeomPtr checked(GEOSGeometry* g, std::string_view operation) {
    if (!g) {
        std::string msg = take_geos_error();
        throw GeosError("GEOS " + std::string(operation) + " failed" + (msg.empty() ? "" : ": " + msg));
    }
    return GeomPtr(g);
}

GeomPtr from_wkb(const unsigned char* data, std::size_t size) {
    GEOSWKBReader* reader = GEOSWKBReader_create_r(geos());
    GEOSGeometry* g = GEOSWKBReader_read_r(geos(), reader, data, size);
    GEOSWKBReader_destroy_r(geos(), reader);
    return checked(g, "WKB reading");
}

GeomPtr from_wkt(std::string_view wkt) {
    GEOSWKTReader* reader = GEOSWKTReader_create_r(geos());
    const std::string s(wkt);
    GEOSGeometry* g = GEOSWKTReader_read_r(geos(), reader, s.c_str());
    GEOSWKTReader_destroy_r(geos(), reader);
    return checked(g, "WKT reading");
}

std::vector<unsigned char> to_wkb(const GEOSGeometry* g) {
    GEOSWKBWriter* writer = GEOSWKBWriter_create_r(geos());
    GEOSWKBWriter_setByteOrder_r(geos(), writer, GEOS_WKB_NDR);
    std::size_t size = 0;
    unsigned char* buf = GEOSWKBWriter_write_r(geos(), writer, g, &size);
    GEOSWKBWriter_destroy_r(geos(), writer);
    if (!buf) throw GeosError("GEOS WKB writing failed: " + take_geos_error());
    std::vector<unsigned char> out(buf, buf + size);
    GEOSFree_r(geos(), buf);
    return out;
}

std::string to_wkt(const GEOSGeometry* g, int decimals) {
    GEOSWKTWriter* writer = GEOSWKTWriter_create_r(geos());
    GEOSWKTWriter_setRoundingPrecision_r(geos(), writer, decimals);
    GEOSWKTWriter_setTrim_r(geos(), writer, 1);
    char* s = GEOSWKTWriter_write_r(geos(), writer, g);
    GEOSWKTWriter_destroy_r(geos(), writer);
    std::string out = s ? s : "";
    if (s) GEOSFree_r(geos(), s);
    return out;
}

GeomPtr clone(const GEOSGeometry* g) {
    return checked(GEOSGeom_clone_r(geos(), g), "clone");
}

void Envelope::expand(const Envelope& o) {
    if (o.empty) return;
    if (empty) {
        *this = o;
        return;
    }
    min_x = std::min(min_x, o.min_x);
    min_y = std::min(min_y, o.min_y);
    max_x = std::max(max_x, o.max_x);
    max_y = std::max(max_y, o.max_y);
}

Envelope envelope(const GEOSGeometry* g) {
    Envelope e;
    if (!g || GEOSisEmpty_r(geos(), g)) return e;
    GEOSGeom_getXMin_r(geos(), g, &e.min_x);
    GEOSGeom_getYMin_r(geos(), g, &e.min_y);
    GEOSGeom_getXMax_r(geos(), g, &e.max_x);
    GEOSGeom_getYMax_r(geos(), g, &e.max_y);
    e.empty = false;
    return e;
}

std::string type_name(const GEOSGeometry* g) {
    char* t = GEOSGeomType_r(geos(), g);
    std::string out = t ? t : "Unknown";
    if (t) GEOSFree_r(geos(), t);
    return out;
}

bool is_polygonal(const GEOSGeometry* g) {
    const int t = GEOSGeomTypeId_r(geos(), g);
    return t == GEOS_POLYGON || t == GEOS_MULTIPOLYGON;
}

bool is_lineal(const GEOSGeometry* g) {
    const int t = GEOSGeomTypeId_r(geos(), g);
    return t == GEOS_LINESTRING || t == GEOS_MULTILINESTRING || t == GEOS_LINEARRING;
}

bool is_puntal(const GEOSGeometry* g) {
    const int t = GEOSGeomTypeId_r(geos(), g);
    return t == GEOS_POINT || t == GEOS_MULTIPOINT;
}

namespace {

void collect_polygons(const GEOSGeometry* g, std::vector<GEOSGeometry*>& out) {
    const int t = GEOSGeomTypeId_r(geos(), g);
    if (t == GEOS_POLYGON) {
        if (!GEOSisEmpty_r(geos(), g)) out.push_back(GEOSGeom_clone_r(geos(), g));
        return;
    }
    if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(geos(), g);
        for (int i = 0; i < n; ++i) collect_polygons(GEOSGetGeometryN_r(geos(), g, i), out);
    }
}

int part_dimension(int type) {
    switch (type) {
        case GEOS_POINT: return 0;
        case GEOS_LINESTRING:
        case GEOS_LINEARRING: return 1;
        case GEOS_POLYGON: return 2;
        default: return -1;  // a collection
    }
}

void collect_parts(const GEOSGeometry* g, int dim, std::vector<GEOSGeometry*>& out) {
    const int d = part_dimension(GEOSGeomTypeId_r(geos(), g));
    if (d >= 0) {
        if (d == dim && !GEOSisEmpty_r(geos(), g)) out.push_back(GEOSGeom_clone_r(geos(), g));
        return;
    }
    const int n = GEOSGetNumGeometries_r(geos(), g);
    for (int i = 0; i < n; ++i) collect_parts(GEOSGetGeometryN_r(geos(), g, i), dim, out);
}

int top_dimension_of(const GEOSGeometry* g) {
    const int d = part_dimension(GEOSGeomTypeId_r(geos(), g));
    if (d >= 0) return GEOSisEmpty_r(geos(), g) ? -1 : d;
    int top = -1;
    const int n = GEOSGetNumGeometries_r(geos(), g);
    for (int i = 0; i < n; ++i) top = std::max(top, top_dimension_of(GEOSGetGeometryN_r(geos(), g, i)));
    return top;
}

}  // namespace

int top_dimension(const GEOSGeometry* g) { return top_dimension_of(g); }

GeomPtr multi_part_of_dimension(const GEOSGeometry* g, int dim) {
    std::vector<GEOSGeometry*> parts;
    collect_parts(g, dim, parts);
    if (parts.empty()) return nullptr;
    const int type = dim == 0 ? GEOS_MULTIPOINT : dim == 1 ? GEOS_MULTILINESTRING : GEOS_MULTIPOLYGON;
    return checked(GEOSGeom_createCollection_r(geos(), type, parts.data(), static_cast<unsigned>(parts.size())),
                   "collection");
}

GeomPtr polygonal_part(const GEOSGeometry* g) {
    std::vector<GEOSGeometry*> polys;
    collect_polygons(g, polys);
    if (polys.empty()) return nullptr;
    if (polys.size() == 1) return GeomPtr(polys[0]);
    return checked(GEOSGeom_createCollection_r(geos(), GEOS_MULTIPOLYGON, polys.data(),
                                               static_cast<unsigned>(polys.size())),
                   "collection");
}

namespace {

GeomPtr collect(std::vector<GeomPtr> parts) {
    std::vector<GEOSGeometry*> raw;
    raw.reserve(parts.size());
    for (auto& p : parts)
        if (p) raw.push_back(p.release());
    if (raw.empty()) return nullptr;
    return checked(GEOSGeom_createCollection_r(geos(), GEOS_GEOMETRYCOLLECTION, raw.data(), static_cast<unsigned>(raw.size())),
                   "collection");
}

}  // namespace

GeomPtr union_all(std::vector<GeomPtr> parts) {
    GeomPtr coll = collect(std::move(parts));
    if (!coll) return nullptr;
    return checked(GEOSUnaryUnion_r(geos(), coll.get()), "union");
}

GeomPtr union_on_grid(std::vector<GeomPtr> parts, double grid) {
    GeomPtr coll = collect(std::move(parts));
    if (!coll) return nullptr;
    return checked(GEOSUnaryUnionPrec_r(geos(), coll.get(), grid), "union");
}

}  // namespace ecozone::geom
