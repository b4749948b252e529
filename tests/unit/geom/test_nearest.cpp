#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>

#include "geom/geodesic.hpp"
#include "geom/geos_context.hpp"
#include "geom/nearest.hpp"

using namespace ecozone;

namespace {

// A star-shaped ring of n vertices around (x, y) with radii in [r/2, r], in degrees.
std::string star_wkt(std::mt19937& rng, double x, double y, double r, int n) {
    std::uniform_real_distribution<double> radius(r / 2, r);
    std::string wkt = "POLYGON((";
    std::string first;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * 3.14159265358979 * i / n, rr = radius(rng);
        const std::string v = std::to_string(x + rr * std::cos(a)) + " " + std::to_string(y + rr * std::sin(a));
        if (i == 0) first = v;
        wkt += v + ",";
    }
    return wkt + first + "))";
}

// The reference: GEOS's own distance between the two shapes, both put into the same frame.
double geos_distance(const GEOSGeometry* a, const GEOSGeometry* b, const geom::LocalFrame& f) {
    const geom::GeomPtr la = f.to_local(a), lb = f.to_local(b);
    double d = 0;
    REQUIRE(GEOSDistance_r(geom::geos(), la.get(), lb.get(), &d) == 1);
    return d;
}

}  // namespace

TEST_CASE("nearest pair of disjoint shapes matches GEOS's distance", "[geom][nearest]") {
    const geom::Ellipsoid e;  // CGCS2000
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> offset(-0.05, 0.05);
    int compared = 0;
    for (int trial = 0; trial < 300; ++trial) {
        const int n_site = 3 + trial % 70, n_other = 3 + (trial * 7) % 250;
        const geom::GeomPtr site = geom::from_wkt(star_wkt(rng, 104.0, 30.0, 0.004, n_site));
        const geom::GeomPtr other = geom::from_wkt(star_wkt(rng, 104.0 + offset(rng), 30.0 + offset(rng), 0.01, n_other));
        if (GEOSIntersects_r(geom::geos(), site.get(), other.get()) == 1) continue;
        const geom::LocalFrame frame(104.0, 30.0, e);
        geom::Paths sp, op;
        geom::append_paths(site.get(), frame, sp);
        geom::append_paths(other.get(), frame, op);
        const geom::NearestFinder finder(sp);
        const auto pair = finder.nearest(op, 1e9);
        REQUIRE(pair);
        CHECK(pair->distance == Approx(geos_distance(site.get(), other.get(), frame)).margin(1e-6));
        CHECK(std::hypot(pair->ax - pair->bx, pair->ay - pair->by) == Approx(pair->distance).margin(1e-6));
        ++compared;
    }
    CHECK(compared > 100);
}

TEST_CASE("nearest pair handles points, lines, holes and the bound", "[geom][nearest]") {
    const geom::Ellipsoid e;  // CGCS2000
    const geom::LocalFrame frame(104.0, 30.0, e);
    auto distance = [&](const char* a, const char* b, double bound) {
        const geom::GeomPtr ga = geom::from_wkt(a), gb = geom::from_wkt(b);
        geom::Paths pa, pb;
        geom::append_paths(ga.get(), frame, pa);
        geom::append_paths(gb.get(), frame, pb);
        const auto pair = geom::NearestFinder(pa).nearest(pb, bound);
        return pair ? pair->distance : -1.0;
    };
    const char* ring = "POLYGON((103.99 29.99,104.01 29.99,104.01 30.01,103.99 30.01,103.99 29.99),"
                       "(103.995 29.995,104.005 29.995,104.005 30.005,103.995 30.005,103.995 29.995))";
    const geom::GeomPtr ring_g = geom::from_wkt(ring), pt = geom::from_wkt("POINT(104 30)");
    // A point in the hole: nearest the hole's ring.
    CHECK(distance("POINT(104 30)", ring, 1e9) == Approx(geos_distance(pt.get(), ring_g.get(), frame)).margin(1e-6));
    CHECK(distance(ring, "POINT(104 30)", 1e9) == Approx(geos_distance(pt.get(), ring_g.get(), frame)).margin(1e-6));
    CHECK(distance("POINT(104 30)", "POINT(104.001 30)", 1e9) == Approx(0.001 * frame.kx).margin(1e-6));
    CHECK(distance("LINESTRING(104.1 30,104.1 30.1)", "MULTIPOINT((104 30.05),(104.2 30.05))", 1e9) ==
          Approx(0.1 * frame.kx).margin(1e-6));
    // Nothing nearer than the bound: none.
    CHECK(distance("POINT(104 30)", "POINT(104.001 30)", 10) == -1.0);
    CHECK(distance("POINT(104 30)", "POLYGON EMPTY", 1e9) == -1.0);
}
