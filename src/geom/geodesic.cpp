#include "geom/geodesic.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "geom/geos_context.hpp"

namespace ecozone::geom {

Ellipsoid::Ellipsoid(double semi_major_m, double flattening) : m_a(semi_major_m), m_f(flattening) {
    geod_init(&m_g, m_a, m_f);
    m_e = std::sqrt(m_f * (2 - m_f));
    m_qp = q_of(1.0);
    m_rq = m_a * std::sqrt(m_qp / 2);
}

double Ellipsoid::q_of(double s) const {
    const double e2 = m_e * m_e;
    return (1 - e2) * (s / (1 - e2 * s * s) - std::log((1 - m_e * s) / (1 + m_e * s)) / (2 * m_e));
}

double Ellipsoid::equal_area_ring_m2(const double* xy, std::size_t n, double lon0, double lat0) const {
    constexpr double rad = 3.14159265358979323846 / 180;
    const double s1 = std::sin(lat0 * rad), c1 = std::cos(lat0 * rad);
    const double sin_b1 = q_of(s1) / m_qp, cos_b1 = std::sqrt(1 - sin_b1 * sin_b1);
    const double d = m_a * c1 / (std::sqrt(1 - m_e * m_e * s1 * s1) * m_rq * cos_b1);
    auto project = [&](double lon, double lat, double& x, double& y) {
        const double sin_b = q_of(std::sin(lat * rad)) / m_qp, cos_b = std::sqrt(1 - sin_b * sin_b);
        const double dl = (lon - lon0) * rad, sin_dl = std::sin(dl), cos_dl = std::cos(dl);
        const double b = m_rq * std::sqrt(2 / (1 + sin_b1 * sin_b + cos_b1 * cos_b * cos_dl));
        x = b * d * cos_b * sin_dl;
        y = b / d * (cos_b1 * sin_b - sin_b1 * cos_b * cos_dl);
    };
    double x0 = 0, y0 = 0, px = 0, py = 0;
    project(xy[0], xy[1], x0, y0);
    px = x0;
    py = y0;
    double twice = 0;
    for (std::size_t i = 1; i < n; ++i) {
        double x = 0, y = 0;
        project(xy[2 * i], xy[2 * i + 1], x, y);
        twice += px * y - x * py;
        px = x;
        py = y;
    }
    twice += px * y0 - x0 * py;
    return std::fabs(twice) / 2;
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

// Rings of many vertices up to this span in longitude and latitude are measured in a local equal-area map
// (its straight edges depart from the geodesics by a part in 1e7 of the area at most); the few-vertex rings,
// whose long edges would depart more, cost little by Karney's method.
constexpr double k_equal_area_span_deg = 0.05;
constexpr std::size_t k_equal_area_min_vertices = 16;

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
    double min_x = xy[0], max_x = xy[0], min_y = xy[1], max_y = xy[1];
    for (std::size_t i = 1; i < n; ++i) {
        min_x = std::min(min_x, xy[2 * i]);
        max_x = std::max(max_x, xy[2 * i]);
        min_y = std::min(min_y, xy[2 * i + 1]);
        max_y = std::max(max_y, xy[2 * i + 1]);
    }
    if (n >= k_equal_area_min_vertices && max_x - min_x <= k_equal_area_span_deg && max_y - min_y <= k_equal_area_span_deg && std::fabs(max_y) < 80 &&
        std::fabs(min_y) < 80) {
        return e.equal_area_ring_m2(xy, n, (min_x + max_x) / 2, (min_y + max_y) / 2);
    }
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
    // Counter-clockwise from east: vertex i at azimuth 90° − 360°·i/n. The circle is symmetric about the
    // centre's meridian: for even n, vertex n/2 − i mirrors vertex i, so half the direct problems suffice.
    std::vector<double> xs(static_cast<std::size_t>(n)), ys(static_cast<std::size_t>(n));
    std::vector<char> done(static_cast<std::size_t>(n), 0);
    for (int i = 0; i < n; ++i) {
        if (done[static_cast<std::size_t>(i)]) continue;
        const double azimuth = 90.0 - 360.0 * i / n;
        double x = 0, y = 0;
        e.direct(lon, lat, azimuth, radius_m, x, y);
        xs[static_cast<std::size_t>(i)] = x;
        ys[static_cast<std::size_t>(i)] = y;
        done[static_cast<std::size_t>(i)] = 1;
        if (n % 2 == 0) {
            const int j = ((n / 2 - i) % n + n) % n;
            if (!done[static_cast<std::size_t>(j)]) {
                xs[static_cast<std::size_t>(j)] = lon - std::remainder(x - lon, 360.0);  // mirrored, also across ±180°
                ys[static_cast<std::size_t>(j)] = y;
                done[static_cast<std::size_t>(j)] = 1;
            }
        }
    }
    for (int i = 0; i < n; ++i)
        GEOSCoordSeq_setXY_r(geos(), seq, static_cast<unsigned>(i), xs[static_cast<std::size_t>(i)], ys[static_cast<std::size_t>(i)]);
    GEOSCoordSeq_setXY_r(geos(), seq, static_cast<unsigned>(n), xs[0], ys[0]);
    GEOSGeometry* ring = GEOSGeom_createLinearRing_r(geos(), seq);
    return checked(GEOSGeom_createPolygon_r(geos(), ring, nullptr, 0), "circle");
}

}  // namespace ecozone::geom
