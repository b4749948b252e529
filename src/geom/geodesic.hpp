#pragma once
// Areas, lengths and distances on the ellipsoid (PROJ's geodesic routines, after Karney), for
// geometries in geographic coordinates: x = longitude, y = latitude, degrees.

#include <geodesic.h>
#include <geos_c.h>

#include "geom/geos_context.hpp"

namespace ecozone::geom {

class Ellipsoid {
public:
    // GRS 1980, the ellipsoid of CGCS2000 (EPSG:1024).
    Ellipsoid() : Ellipsoid(6378137.0, 1.0 / 298.257222101) {}
    Ellipsoid(double semi_major_m, double flattening);

    double semi_major() const { return m_a; }
    double flattening() const { return m_f; }
    const geod_geodesic& geodesic() const { return m_g; }

    // Geodesic distance between two points in degrees (lon, lat).
    double distance_m(double lon1, double lat1, double lon2, double lat2) const;
    // Point reached from (lon, lat) after `dist_m` along azimuth `azi_deg`.
    void direct(double lon, double lat, double azi_deg, double dist_m, double& lon2, double& lat2) const;

    // Area enclosed by a ring of `n` lon/lat points in the ellipsoidal Lambert azimuthal equal-area map
    // centred at (lon0, lat0) (Snyder 1987, §24), absolute value, with its edges straight in that map.
    double equal_area_ring_m2(const double* xy, std::size_t n, double lon0, double lat0) const;

private:
    double q_of(double sin_lat) const;  // Snyder's q, for the authalic latitude

    double m_a;
    double m_f;
    double m_e = 0;   // eccentricity
    double m_qp = 0;  // q at the pole
    double m_rq = 0;  // radius of the authalic sphere
    geod_geodesic m_g{};
};

// Area of the polygonal parts of g in m² (holes subtracted; lines and points add nothing).
double geodesic_area_m2(const GEOSGeometry* g, const Ellipsoid& e);
// Length of the lineal parts of g in m (polygon boundaries are not counted).
double geodesic_length_m(const GEOSGeometry* g, const Ellipsoid& e);
// Area enclosed by one ring given as interleaved lon/lat, absolute value. Rings of 16 vertices or more and
// up to 0.05° across are measured in an equal-area map centred on them, within 2e-7 of Karney's geodesic
// polygon area (tested) and several times faster; other rings by Karney's method (geod_polygonarea).
double ring_area_m2(const double* xy, std::size_t n_points, const Ellipsoid& e);

// A geodesic circle: `n` vertices at `radius_m` from the centre along geodesics. With n = 720 the polygon's
// area is within 0.002 % of the circle's.
GeomPtr geodesic_circle(double lon, double lat, double radius_m, const Ellipsoid& e, int n = 720);

}  // namespace ecozone::geom
