#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>
#include <string>

#include "geom/geodesic.hpp"
#include "geom/geos_context.hpp"
#include "geom/planar.hpp"
#include "support/closed_forms.hpp"
#include "support/fixtures.hpp"

using namespace ecozone;

namespace {

constexpr double pi = 3.14159265358979323846;

using test::quadrangle_area;

// A lon/lat box whose edges along parallels are densified, so they follow the parallel.
std::string box_wkt(double w, double s, double e, double n, int steps) {
    std::string wkt = "POLYGON((";
    auto add = [&](double x, double y) {
        wkt += std::to_string(x) + " " + std::to_string(y) + ",";
    };
    for (int i = 0; i <= steps; ++i) add(w + (e - w) * i / steps, s);
    for (int i = 0; i <= steps; ++i) add(e - (e - w) * i / steps, n);
    add(w, s);
    wkt.back() = ')';
    return wkt + ")";
}

}  // namespace

TEST_CASE("geodesic area of a lon/lat quadrangle matches the closed form", "[geom][geodesic]") {
    const geom::Ellipsoid grs80;
    for (double lat : {0.0, 26.0, 30.0, 34.0, 60.0}) {
        const double w = 104.0, e = 105.0, s = lat, n = lat + 1.0;
        auto g = geom::from_wkt(box_wkt(w, s, e, n, 4000));
        const double expected = quadrangle_area(grs80.semi_major(), grs80.flattening(), s, n, e - w);
        CHECK(geom::geodesic_area_m2(g.get(), grs80) == Approx(expected).epsilon(1e-7));
    }
}

TEST_CASE("holes are subtracted and multipolygons summed", "[geom][geodesic]") {
    const geom::Ellipsoid grs80;
    auto outer = geom::from_wkt(box_wkt(104, 30, 104.2, 30.2, 200));
    auto hole = geom::from_wkt(box_wkt(104.05, 30.05, 104.1, 30.1, 50));
    auto with_hole = geom::checked(GEOSDifference_r(geom::geos(), outer.get(), hole.get()), "difference");
    CHECK(geom::geodesic_area_m2(with_hole.get(), grs80) ==
          Approx(geom::geodesic_area_m2(outer.get(), grs80) - geom::geodesic_area_m2(hole.get(), grs80)).epsilon(1e-9));
    const double expected = quadrangle_area(grs80.semi_major(), grs80.flattening(), 30, 30.2, 0.2) -
                            quadrangle_area(grs80.semi_major(), grs80.flattening(), 30.05, 30.1, 0.05);
    CHECK(geom::geodesic_area_m2(with_hole.get(), grs80) == Approx(expected).epsilon(1e-6));
}

TEST_CASE("a square of 0.01 degrees agrees with pyproj's Geod", "[geom][geodesic]") {
    const geom::Ellipsoid grs80;
    auto g = geom::from_wkt("POLYGON((104.1 30.0,104.11 30.0,104.11 30.01,104.1 30.01,104.1 30.0))");
    CHECK(geom::geodesic_area_m2(g.get(), grs80) ==
          Approx(test::golden()["square_0_01deg_at_30N_m2"].get<double>()).epsilon(1e-9));
}

TEST_CASE("geodesic lengths and distances", "[geom][geodesic]") {
    const geom::Ellipsoid grs80;
    // Along the equator a geodesic is the equator: length a·Δλ.
    CHECK(grs80.distance_m(104, 0, 105, 0) == Approx(6378137.0 * pi / 180).epsilon(1e-12));
    auto line = geom::from_wkt("LINESTRING(100 0,101 0,102 0)");
    CHECK(geom::geodesic_length_m(line.get(), grs80) == Approx(2 * 6378137.0 * pi / 180).epsilon(1e-12));
    // Points and polygons have no length; lines and points no area.
    auto poly = geom::from_wkt("POLYGON((0 0,1 0,1 1,0 0))");
    CHECK(geom::geodesic_length_m(poly.get(), grs80) == 0);
    CHECK(geom::geodesic_area_m2(line.get(), grs80) == 0);
}

TEST_CASE("the planar ring area is the shoelace sum, signed by orientation", "[geom]") {
    // A 3 × 2 rectangle with a notch of 1 × 1: 5 units, counter-clockwise.
    const geom::XYRing ccw{{0, 0}, {3, 0}, {3, 2}, {1, 2}, {1, 1}, {0, 1}, {0, 0}};
    CHECK(geom::signed_ring_area(ccw) == 5.0);
    geom::XYRing cw(ccw.rbegin(), ccw.rend());
    CHECK(geom::signed_ring_area(cw) == -5.0);
    // Left open, the ring is closed implicitly.
    const geom::XYRing open(ccw.begin(), ccw.end() - 1);
    CHECK(geom::signed_ring_area(open) == 5.0);
    const geom::XYRing degenerate{{0, 0}, {1, 1}, {0, 0}};
    CHECK(geom::signed_ring_area(degenerate) == 0.0);
}

TEST_CASE("small rings measured in the local equal-area map agree with Karney's geodesic area", "[geom][geodesic]") {
    const geom::Ellipsoid e;
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> lat(18.0, 53.0), lon(73.0, 135.0), span(0.0005, 0.05), unit(0.3, 1.0);
    double worst = 0;
    for (int trial = 0; trial < 400; ++trial) {
        // A star-shaped ring that fits in `s` degrees: the equal-area path (spans up to 0.05°).
        const double x0 = lon(rng), y0 = lat(rng), s = span(rng);
        const int n = 3 + trial % 300;
        std::vector<double> xy, lons, lats;
        for (int i = 0; i <= n; ++i) {
            const double a = 2 * pi * (i % n) / n, r = (i % n == 0 ? 1.0 : unit(rng)) * s / 2;
            xy.push_back(x0 + r * std::cos(a));
            xy.push_back(y0 + r * std::sin(a));
            if (i < n) {
                lons.push_back(xy[xy.size() - 2]);
                lats.push_back(xy.back());
            }
        }
        xy[xy.size() - 2] = xy[0];
        xy.back() = xy[1];
        double karney = 0, perimeter = 0;
        geod_polygonarea(&e.geodesic(), lats.data(), lons.data(), n, &karney, &perimeter);
        karney = std::fabs(karney);
        const double ours = geom::ring_area_m2(xy.data(), xy.size() / 2, e);
        CHECK(ours == Approx(karney).epsilon(2e-7).margin(1e-3));
        worst = std::max(worst, std::fabs(ours - karney) / karney);
    }
    INFO("largest relative difference " << worst);
    CHECK(worst < 2e-7);
}
