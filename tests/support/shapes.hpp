#pragma once
// Shapes and reference areas for the geometry tests: random star-shaped polygons, and Karney's geodesic area
// of GEOS geometries as PROJ computes it, independently of ecozone's own measuring.

#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <geodesic.h>

#include "geom/geodesic.hpp"
#include "geom/geos_context.hpp"

namespace ecozone::test {

inline const geom::Ellipsoid k_grs80;

// Karney's geodesic polygon area of every ring (holes subtracted), as PROJ computes it: no shortcut for rings
// of many vertices, so that comparisons with it can be tight.
inline double karney_area(const GEOSGeometry* g) {
    double sum = 0;
    const int parts = GEOSGetNumGeometries_r(geom::geos(), g);
    for (int i = 0; i < parts; ++i) {
        const GEOSGeometry* poly = GEOSGetGeometryN_r(geom::geos(), g, i);
        if (GEOSGeomTypeId_r(geom::geos(), poly) != GEOS_POLYGON || GEOSisEmpty_r(geom::geos(), poly)) continue;
        auto ring = [&](const GEOSGeometry* r) {
            const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geom::geos(), r);
            unsigned n = 0;
            GEOSCoordSeq_getSize_r(geom::geos(), seq, &n);
            std::vector<double> lon(n), lat(n);
            for (unsigned k = 0; k < n; ++k) GEOSCoordSeq_getXY_r(geom::geos(), seq, k, &lon[k], &lat[k]);
            double area = 0;
            geod_polygonarea(&k_grs80.geodesic(), lat.data(), lon.data(), static_cast<int>(n) - 1, &area, nullptr);
            return std::fabs(area);
        };
        sum += ring(GEOSGetExteriorRing_r(geom::geos(), poly));
        for (int h = 0; h < GEOSGetNumInteriorRings_r(geom::geos(), poly); ++h) sum -= ring(GEOSGetInteriorRingN_r(geom::geos(), poly, h));
    }
    return sum;
}

// A star-shaped ring around (x, y) in grid units of `unit` degrees from (lon0, lat0); with a unit of a power of
// two the grid is exact, so that shared vertices, edges along each other and vertices on edges are common.
// With `jitter`, the radii are real numbers and edges cross anywhere.
inline std::string star(std::mt19937& rng, int x, int y, int r, int n, double unit, bool jitter = false) {
    std::uniform_int_distribution<int> radius(r / 2, r);
    std::uniform_real_distribution<double> real_radius(r / 2.0, r);
    const double lon0 = 104.0, lat0 = 30.0;
    std::vector<std::pair<double, double>> pts;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * 3.14159265358979 * i / n;
        std::pair<double, double> p;
        if (jitter) {
            const double rr = real_radius(rng);
            p = {x + rr * std::cos(a), y + rr * std::sin(a)};
        } else {
            const int rr = radius(rng);
            p = {static_cast<double>(x + std::lround(rr * std::cos(a))), static_cast<double>(y + std::lround(rr * std::sin(a)))};
        }
        if (pts.empty() || pts.back() != p) pts.push_back(p);
    }
    if (pts.size() > 1 && pts.back() == pts.front()) pts.pop_back();
    std::string wkt = "POLYGON((";
    char buf[96];
    for (std::size_t i = 0; i <= pts.size(); ++i) {
        const auto& [px, py] = pts[i % pts.size()];
        std::snprintf(buf, sizeof buf, "%.17g %.17g%s", lon0 + px * unit, lat0 + py * unit, i < pts.size() ? "," : "))");
        wkt += buf;
    }
    return wkt;
}

}  // namespace ecozone::test
