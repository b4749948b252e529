#pragma once
// Local metric frames and search boxes around a site, for finding nearest points and candidates.

#include <algorithm>
#include <cmath>
#include <numbers>

#include "geom/geodesic.hpp"
#include "geom/geos_context.hpp"

namespace ecozone::geom {

// A local metric frame around (lon0, lat0): x = Δλ·N·cosφ0, y = Δφ·M (metres). Within a few
// kilometres it is conformal to better than 0.05 %, so the nearest pair found in it is the true
// nearest pair; the distance itself is then measured on the ellipsoid.
struct LocalFrame {
    double lon0 = 0, lat0 = 0, kx = 1, ky = 1;

    LocalFrame(double lon, double lat, const geom::Ellipsoid& e) : lon0(lon), lat0(lat) {
        const double f = e.flattening(), a = e.semi_major();
        const double e2 = f * (2 - f);
        const double s = std::sin(lat * std::numbers::pi / 180);
        const double w = std::sqrt(1 - e2 * s * s);
        const double n = a / w;
        const double m = a * (1 - e2) / (w * w * w);
        kx = n * std::cos(lat * std::numbers::pi / 180) * std::numbers::pi / 180;
        ky = m * std::numbers::pi / 180;
    }

    static int forward(double* x, double* y, void* self) {
        const auto* f = static_cast<const LocalFrame*>(self);
        *x = (*x - f->lon0) * f->kx;
        *y = (*y - f->lat0) * f->ky;
        return 1;
    }

    geom::GeomPtr to_local(const GEOSGeometry* g) const {
        return geom::checked(GEOSGeom_transformXY_r(geom::geos(), g, forward, const_cast<LocalFrame*>(this)),
                             "local transform");
    }
    void to_lonlat(double x, double y, double& lon, double& lat) const {
        lon = lon0 + x / kx;
        lat = lat0 + y / ky;
    }
};

// The box, in degrees, holding everything within `m` metres of envelope `e`.
inline geom::Envelope search_box(const geom::Envelope& e, double m) {
    const double dlat = m / 110'574.0 * 1.01;
    const double lat_far = std::min(89.0, std::max(std::fabs(e.min_y - dlat), std::fabs(e.max_y + dlat)));
    const double dlon = m / (111'320.0 * std::cos(lat_far * std::numbers::pi / 180)) * 1.01;
    geom::Envelope b = e;
    b.min_x -= dlon;
    b.max_x += dlon;
    b.min_y -= dlat;
    b.max_y += dlat;
    return b;
}

}  // namespace ecozone::geom
