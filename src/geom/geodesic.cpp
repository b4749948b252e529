#include "geom/geodesic.hpp"

#include <cmath>
#include <vector>

#include "geom/geos_context.hpp"

namespace ecozone::geom {

Ellipsoid::Ellipsoid(double semi_major_m, double flattening) : m_a(semi_major_m), m_f(flattening) {
    geod_init(&m_g, m_a, m_f);
}

double Ellipsoid::distance_m(double lon1, double lat1, double lon2, double lat2) const {
    double s12 = 0;
    geod_inverse(&m_g, lat1, lon1, lat2, lon2, &s12, nullptr, nullptr);
    return s12;
}

void Ellipsoid::direct(double lon, double lat, double azi_deg, double dist_m, double& lon2, double& lat2) const {
    geod_direct(&m_g, lat, lon, azi_deg, dist_m, &lat2, &lon2, nullptr);
}

namespace {

// Coordinates of a sequence as interleaved x,y.
std::vector<double> coords_of(const GEOSCoordSequence* seq) {
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(geos(), seq, &n);
    std::vector<double> xy(static_cast<std::size_t>(n) * 2);
    if (n) GEOSCoordSeq_copyToBuffer_r(geos(), seq, xy.data(), 0, 0);
    return xy;
}

double polygon_area(const GEOSGeometry* poly, const Ellipsoid& e) {
    if (GEOSisEmpty_r(geos(), poly)) return 0;
    auto ring_area = [&](const GEOSGeometry* ring) {
        const std::vector<double> xy = coords_of(GEOSGeom_getCoordSeq_r(geos(), ring));
        return ring_area_m2(xy.data(), xy.size() / 2, e);
    };
    double area = ring_area(GEOSGetExteriorRing_r(geos(), poly));
    const int holes = GEOSGetNumInteriorRings_r(geos(), poly);
    for (int i = 0; i < holes; ++i) area -= ring_area(GEOSGetInteriorRingN_r(geos(), poly, i));
    return area;
}

double line_length(const GEOSGeometry* line, const Ellipsoid& e) {
    const std::vector<double> xy = coords_of(GEOSGeom_getCoordSeq_r(geos(), line));
    double len = 0;
    for (std::size_t i = 2; i + 1 < xy.size(); i += 2)
        len += e.distance_m(xy[i - 2], xy[i - 1], xy[i], xy[i + 1]);
    return len;
}

}  // namespace

double ring_area_m2(const double* xy, std::size_t n_points, const Ellipsoid& e) {
    if (n_points < 4) return 0;
    // A closed ring repeats its first point; geod_polygonarea wants it once.
    std::size_t n = n_points;
    if (xy[0] == xy[2 * (n - 1)] && xy[1] == xy[2 * (n - 1) + 1]) --n;
    std::vector<double> lats(n), lons(n);
    for (std::size_t i = 0; i < n; ++i) {
        lons[i] = xy[2 * i];
        lats[i] = xy[2 * i + 1];
    }
    double area = 0, perimeter = 0;
    geod_polygonarea(&e.geodesic(), lats.data(), lons.data(), static_cast<int>(n), &area, &perimeter);
    return std::fabs(area);
}

double geodesic_area_m2(const GEOSGeometry* g, const Ellipsoid& e) {
    if (!g) return 0;
    switch (GEOSGeomTypeId_r(geos(), g)) {
        case GEOS_POLYGON:
            return polygon_area(g, e);
        case GEOS_MULTIPOLYGON:
        case GEOS_GEOMETRYCOLLECTION: {
            double sum = 0;
            const int n = GEOSGetNumGeometries_r(geos(), g);
            for (int i = 0; i < n; ++i) sum += geodesic_area_m2(GEOSGetGeometryN_r(geos(), g, i), e);
            return sum;
        }
        default:
            return 0;
    }
}

double geodesic_length_m(const GEOSGeometry* g, const Ellipsoid& e) {
    if (!g) return 0;
    switch (GEOSGeomTypeId_r(geos(), g)) {
        case GEOS_LINESTRING:
        case GEOS_LINEARRING:
            return line_length(g, e);
        case GEOS_MULTILINESTRING:
        case GEOS_GEOMETRYCOLLECTION: {
            double sum = 0;
            const int n = GEOSGetNumGeometries_r(geos(), g);
            for (int i = 0; i < n; ++i) sum += geodesic_length_m(GEOSGetGeometryN_r(geos(), g, i), e);
            return sum;
        }
        default:
            return 0;
    }
}

GeomPtr geodesic_circle(double lon, double lat, double radius_m, const geom::Ellipsoid& e, int n) {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(geos(), static_cast<unsigned>(n + 1), 2);
    for (int i = 0; i < n; ++i) {
        // Counter-clockwise from east.
        const double azimuth = 90.0 - 360.0 * i / n;
        double x = 0, y = 0;
        e.direct(lon, lat, azimuth, radius_m, x, y);
        GEOSCoordSeq_setXY_r(geos(), seq, static_cast<unsigned>(i), x, y);
    }
    double x0 = 0, y0 = 0;
    GEOSCoordSeq_getXY_r(geos(), seq, 0, &x0, &y0);
    GEOSCoordSeq_setXY_r(geos(), seq, static_cast<unsigned>(n), x0, y0);
    GEOSGeometry* ring = GEOSGeom_createLinearRing_r(geos(), seq);
    return checked(GEOSGeom_createPolygon_r(geos(), ring, nullptr, 0), "circle");
}

}  // namespace ecozone::geom
