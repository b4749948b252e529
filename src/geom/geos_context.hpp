#pragma once
// GEOS through its reentrant C API: one context per thread, messages captured (never printed),
// geometries owned by unique_ptr.

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <geos_c.h>

namespace ecozone::geom {

// This thread's GEOS context, created on first use.
GEOSContextHandle_t geos();

// The last error GEOS reported on this thread ("" when none), cleared by the call.
std::string take_geos_error();

struct GeomDeleter {
    void operator()(GEOSGeometry* g) const;
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
    void operator()(const GEOSPreparedGeometry* g) const;
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

// GEOS could not compute something (a topology exception on a geometry it cannot handle). Callers that
// know which site, layer or zone it was about say so: a user never sees a bare GEOS message.
class GeosError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Wraps a GEOS result; throws GeosError with GEOS's message when it is null.
GeomPtr checked(GEOSGeometry* g, std::string_view operation);

GeomPtr from_wkb(const unsigned char* data, std::size_t size);
GeomPtr from_wkt(std::string_view wkt);
std::vector<unsigned char> to_wkb(const GEOSGeometry* g);
std::string to_wkt(const GEOSGeometry* g, int decimals = 9);
GeomPtr clone(const GEOSGeometry* g);

struct Envelope {
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    bool empty = true;
    void expand(const Envelope& o);
};
Envelope envelope(const GEOSGeometry* g);

// "Polygon", "MultiLineString", …
std::string type_name(const GEOSGeometry* g);
bool is_polygonal(const GEOSGeometry* g);
bool is_lineal(const GEOSGeometry* g);
bool is_puntal(const GEOSGeometry* g);

// Keeps only the polygonal parts of `g` (as a Polygon or MultiPolygon); null when there are none.
GeomPtr polygonal_part(const GEOSGeometry* g);

// The highest dimension among the non-empty parts of `g` (0 points, 1 lines, 2 areas); -1 when empty.
int top_dimension(const GEOSGeometry* g);
// The parts of `g` of dimension `dim` as one MultiPoint, MultiLineString or MultiPolygon (for a table
// of one geometry type); null when there are none.
GeomPtr multi_part_of_dimension(const GEOSGeometry* g, int dim);

// Unions many geometries (overlaps counted once). Takes ownership.
GeomPtr union_all(std::vector<GeomPtr> parts);
// The same with every vertex snapped to a grid of `grid` units: robust where floating-point noding fails
// (thousands of small shapes drawn on a page), for shapes whose exact outline does not matter.
GeomPtr union_on_grid(std::vector<GeomPtr> parts, double grid);

}  // namespace ecozone::geom
