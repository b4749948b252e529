#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "geom/geos_context.hpp"
#include "geom/validity.hpp"

using namespace ecozone;

namespace {

bool plain(const std::string& wkt) { return geom::plainly_valid(geom::from_wkt(wkt).get()); }

char geos_valid(const GEOSGeometry* g) { return GEOSisValid_r(geom::geos(), g); }

// A star-shaped ring around (x, y): on an integer grid when `grid` (coincident vertices, collinear edges and
// rings that touch are common), else with real coordinates.
std::string star_ring(std::mt19937& rng, double x, double y, double r, int n, bool grid) {
    std::uniform_real_distribution<double> radius(r / 2, r);
    std::string wkt = "(";
    std::string first;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * 3.14159265358979 * i / n, rr = radius(rng);
        double px = x + rr * std::cos(a), py = y + rr * std::sin(a);
        if (grid) px = std::round(px), py = std::round(py);
        char p[64];
        std::snprintf(p, sizeof p, "%.17g %.17g", px, py);
        if (i == 0) first = p;
        wkt += std::string(p) + ",";
    }
    return wkt + first + ")";
}

}  // namespace

TEST_CASE("polygons shown valid from their edges, and those left to GEOS", "[geom][validity]") {
    // Shown valid.
    CHECK(plain("POLYGON((0 0,10 0,10 10,0 10,0 0))"));
    CHECK(plain("POLYGON((0 0,10 0,10 0,10 10,0 10,0 0,0 0))"));  // repeated points
    CHECK(plain("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,4 2,2 2),(6 6,6 8,8 8,8 6,6 6))"));
    CHECK(plain("MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0),(2 2,2 8,8 8,8 2,2 2)),((3 3,7 3,7 7,3 7,3 3)))"));  // island in a lake
    CHECK(plain("MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((2 0,3 0,3 1,2 1,2 0)))"));
    // Not shown, whether valid or not: GEOS decides.
    const std::vector<std::pair<std::string, char>> left{
        {"POLYGON((0 0,10 0,10 10,0 10,0 0),(0 0,4 2,2 4,0 0))", 1},         // a hole touching the shell at a point
        {"MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((1 1,2 1,2 2,1 2,1 1)))", 1},  // parts touching at a corner
        {"POLYGON((0 0,10 10,10 0,0 10,0 0))", 0},                            // a bow tie
        {"POLYGON((0 0,10 0,10 10,0 10,0 0),(12 2,12 4,14 4,14 2,12 2))", 0}, // a hole outside its shell
        {"POLYGON((0 0,10 0,10 10,0 10,0 0),(1 1,1 9,9 9,9 1,1 1),(2 2,2 3,3 3,3 2,2 2))", 0},  // nested holes
        {"MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)),((3 3,7 3,7 7,3 7,3 3)))", 0},  // one part inside another
        {"POLYGON((0 0,10 0,20 0,10 0,10 10,0 0))", 0},                       // a spike back along an edge
        {"POLYGON((0 0,5 0,10 0,0 0))", 0},                                   // all on one line
        {"POLYGON((0 0,10 0,10 10,5 0,0 10,0 0))", 0},                        // a vertex on another edge
        {"LINESTRING(0 0,1 1)", 1},                                           // not a polygon
    };
    for (const auto& [wkt, valid] : left) {
        INFO(wkt);
        const geom::GeomPtr g = geom::from_wkt(wkt);
        CHECK_FALSE(geom::plainly_valid(g.get()));
        CHECK(geos_valid(g.get()) == valid);
        CHECK(geom::is_valid(g.get()) == valid);
    }
    // A comb of 500 long teeth: every tooth's edges overlap every other's along x, so the sweep would be
    // quadratic; it gives up and GEOS decides.
    std::string comb = "POLYGON((0 0";
    for (int i = 0; i < 500; ++i) {
        const int y = 2 * i;
        comb += ",100 " + std::to_string(y) + ",100 " + std::to_string(y + 1) + ",1 " + std::to_string(y + 1) + ",1 " +
                std::to_string(y + 2);
    }
    comb += ",0 1000,0 0))";
    const geom::GeomPtr teeth = geom::from_wkt(comb);
    CHECK_FALSE(geom::plainly_valid(teeth.get()));
    CHECK(geom::is_valid(teeth.get()) == 1);
    // A coordinate that is not a number is left to GEOS, which calls it invalid.
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(geom::geos(), 4, 2);
    const double xy[4][2] = {{0, 0}, {1, std::nan("")}, {1, 1}, {0, 0}};
    for (unsigned i = 0; i < 4; ++i) GEOSCoordSeq_setXY_r(geom::geos(), seq, i, xy[i][0], xy[i][1]);
    const geom::GeomPtr nan_poly(GEOSGeom_createPolygon_r(geom::geos(), GEOSGeom_createLinearRing_r(geom::geos(), seq), nullptr, 0));
    CHECK_FALSE(geom::plainly_valid(nan_poly.get()));
    CHECK(geom::is_valid(nan_poly.get()) == 0);
}

TEST_CASE("a polygon shown valid is always valid to GEOS, on random shapes with and without holes", "[geom][validity]") {
    std::mt19937 rng(20261203);
    std::uniform_real_distribution<double> u(0, 60);
    std::uniform_int_distribution<int> vertices(3, 40), holes(0, 4), parts(1, 3);
    for (const bool grid : {true, false}) {
        int valid = 0, shown = 0;
        for (int k = 0; k < 3000; ++k) {
            std::string wkt = "MULTIPOLYGON(";
            const int np = parts(rng);
            for (int p = 0; p < np; ++p) {
                const double x = u(rng), y = u(rng);
                wkt += (p ? ",(" : "(") + star_ring(rng, x, y, 12, vertices(rng), grid);
                const int nh = holes(rng);
                for (int h = 0; h < nh; ++h)
                    wkt += "," + star_ring(rng, x + u(rng) / 10 - 3, y + u(rng) / 10 - 3, 2.5, vertices(rng), grid);
                wkt += ")";
            }
            const geom::GeomPtr g = geom::from_wkt(wkt + ")");
            const char by_geos = geos_valid(g.get());
            const bool claim = geom::plainly_valid(g.get());
            INFO(wkt);
            if (claim) CHECK(by_geos == 1);
            valid += by_geos == 1;
            shown += claim;
            CHECK(geom::is_valid(g.get()) == by_geos);
        }
        INFO((grid ? "on a grid" : "real coordinates") << ": " << valid << " valid, " << shown << " shown");
        CHECK(valid > 300);
        // With real coordinates no rings touch, so every valid shape is shown valid.
        if (!grid) CHECK(shown == valid);
        if (grid) CHECK(shown > valid / 2);
    }
}
