#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "geom/geos_context.hpp"
#include "geom/predicates.hpp"
#include "geom/touching.hpp"

using namespace ecozone;

namespace {

bool disjoint(const std::string& a, const std::string& b) {
    const geom::GeomPtr ga = geom::from_wkt(a), gb = geom::from_wkt(b);
    return geom::interiors_disjoint(ga.get(), gb.get());
}

// The reference: GEOS's relate, interiors meeting ("T********").
bool geos_interiors_meet(const GEOSGeometry* a, const GEOSGeometry* b) {
    return GEOSRelatePattern_r(geom::geos(), a, b, "T********") == 1;
}

// A star-shaped ring around (x, y) on an integer grid (coincident vertices and collinear edges are common).
std::string grid_star(std::mt19937& rng, int x, int y, int r, int n) {
    std::uniform_int_distribution<int> radius(r / 2, r);
    std::vector<std::pair<int, int>> pts;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * 3.14159265358979 * i / n;
        const int rr = radius(rng);
        const std::pair<int, int> p{x + static_cast<int>(std::lround(rr * std::cos(a))), y + static_cast<int>(std::lround(rr * std::sin(a)))};
        if (pts.empty() || pts.back() != p) pts.push_back(p);
    }
    std::string wkt = "POLYGON((";
    for (const auto& [px, py] : pts) wkt += std::to_string(px) + " " + std::to_string(py) + ",";
    return wkt + std::to_string(pts[0].first) + " " + std::to_string(pts[0].second) + "))";
}

}  // namespace

TEST_CASE("polygons that only touch are told apart from polygons that overlap", "[geom][touching]") {
    const std::string square = "POLYGON((0 0,1 0,1 1,0 1,0 0))";
    SECTION("touching") {
        CHECK(disjoint(square, "POLYGON((1 0,2 0,2 1,1 1,1 0))"));          // a shared edge
        CHECK(disjoint(square, "POLYGON((1 1,2 1,2 2,1 2,1 1))"));          // a shared corner
        CHECK(disjoint(square, "POLYGON((1 -1,3 -1,3 3,1 3,1 -1))"));       // part of an edge, T-junctions
        CHECK(disjoint(square, "POLYGON((1 0.5,2 0,2 1,1 0.5))"));          // a vertex on the other's edge
        CHECK(disjoint(square, "POLYGON((5 5,6 5,6 6,5 6,5 5))"));          // apart
        CHECK(disjoint(square, "POLYGON((1 0,1 1,2 1,2 0,1 0))"));          // the neighbour drawn clockwise
        CHECK(disjoint("POLYGON((0 0,3 0,3 3,0 3,0 0),(1 1,2 1,2 2,1 2,1 1))", "POLYGON((1 1,2 1,2 2,1 2,1 1))"));  // fills the hole
        CHECK(disjoint("POLYGON((0 0,3 0,3 3,0 3,0 0),(1 1,2 1,2 2,1 2,1 1))",
                       "POLYGON((1.2 1.2,1.8 1.2,1.8 1.8,1.2 1.8,1.2 1.2))"));  // inside the hole
        CHECK(disjoint(square, "MULTIPOLYGON(((1 0,2 0,2 1,1 1,1 0)),((-1 0,0 0,0 1,-1 1,-1 0)))"));  // both sides
    }
    SECTION("overlapping") {
        CHECK_FALSE(disjoint(square, square));                                       // the same
        CHECK_FALSE(disjoint(square, "POLYGON((0 0,0 1,1 1,1 0,0 0))"));            // the same, clockwise
        CHECK_FALSE(disjoint(square, "POLYGON((0.5 0.5,2 0.5,2 2,0.5 2,0.5 0.5))"));  // crossing edges
        CHECK_FALSE(disjoint(square, "POLYGON((0.2 0.2,0.8 0.2,0.8 0.8,0.2 0.8,0.2 0.2))"));  // inside
        CHECK_FALSE(disjoint("POLYGON((0.2 0.2,0.8 0.2,0.8 0.8,0.2 0.8,0.2 0.2))", square));  // contains
        CHECK_FALSE(disjoint(square, "POLYGON((0 0,1 0,1 1,0 0))"));                // corners on the boundary, an edge across
        CHECK_FALSE(disjoint(square, "POLYGON((-1 1,1 -1,3 3,-1 1))"));             // through two corners
        CHECK_FALSE(disjoint(square, "POLYGON((0 0,1 0,1 0.5,0 0.5,0 0))"));        // the lower half: edges along each other, same side
        CHECK_FALSE(disjoint(square, "POLYGON((1 0,2 0,2 1,1 1,0.5 0.5,1 0))"));    // a notch into the square
        CHECK_FALSE(disjoint("POLYGON((0 0,3 0,3 3,0 3,0 0),(1 1,2 1,2 2,1 2,1 1))",
                             "POLYGON((0.5 0.5,2.5 0.5,2.5 2.5,0.5 2.5,0.5 0.5))"));  // around the hole
    }
}

TEST_CASE("a claim that two polygons only touch always agrees with GEOS", "[geom][touching]") {
    // Random stars on a small integer grid: shared vertices, edges along each other and vertices on edges
    // everywhere. Every "disjoint" must be right; most touching pairs should be recognised.
    std::mt19937 rng(20261202);
    std::uniform_int_distribution<int> pos(0, 12), size(2, 6), verts(3, 9);
    int claimed = 0, touching = 0, wrong = 0;
    for (int k = 0; k < 4000; ++k) {
        const geom::GeomPtr a = geom::from_wkt(grid_star(rng, pos(rng), pos(rng), size(rng), verts(rng)));
        const geom::GeomPtr b = geom::from_wkt(grid_star(rng, pos(rng), pos(rng), size(rng), verts(rng)));
        if (GEOSisValid_r(geom::geos(), a.get()) != 1 || GEOSisValid_r(geom::geos(), b.get()) != 1) continue;
        const bool meet = geos_interiors_meet(a.get(), b.get());
        const bool claim = geom::interiors_disjoint(a.get(), b.get());
        if (claim && meet) ++wrong;
        if (claim) ++claimed;
        if (!meet) ++touching;
    }
    CHECK(wrong == 0);
    INFO(claimed << " of " << touching << " non-overlapping pairs recognised");
    CHECK(claimed == touching);
}

TEST_CASE("tiles that share their edges are recognised as touching", "[geom][touching]") {
    // A Voronoi tiling of random points: neighbours share edges exactly, with coordinates no grid rounds.
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(100.0, 101.0), v(30.0, 31.0);
    std::string wkt = "MULTIPOINT(";
    for (int i = 0; i < 200; ++i) wkt += (i ? "," : "") + std::to_string(u(rng)) + " " + std::to_string(v(rng));
    const geom::GeomPtr points = geom::from_wkt(wkt + ")");
    const geom::GeomPtr cells = geom::checked(GEOSVoronoiDiagram_r(geom::geos(), points.get(), nullptr, 0, 0), "voronoi");
    const int n = GEOSGetNumGeometries_r(geom::geos(), cells.get());
    int neighbours = 0, recognised = 0;
    for (int i = 0; i < n; ++i) {
        for (int j = i + 1; j < n; ++j) {
            const GEOSGeometry* a = GEOSGetGeometryN_r(geom::geos(), cells.get(), i);
            const GEOSGeometry* b = GEOSGetGeometryN_r(geom::geos(), cells.get(), j);
            const bool meet = geos_interiors_meet(a, b);
            const bool claim = geom::interiors_disjoint(a, b);
            CHECK_FALSE((claim && meet));
            if (!meet && GEOSIntersects_r(geom::geos(), a, b) == 1) {
                ++neighbours;
                recognised += claim;
            }
        }
    }
    CHECK(neighbours > 400);
    CHECK(recognised == neighbours);
    // One cell grown a little overlaps its neighbours.
    const geom::GeomPtr grown(GEOSBuffer_r(geom::geos(), GEOSGetGeometryN_r(geom::geos(), cells.get(), 0), 1e-4, 2));
    for (int j = 1; j < n; ++j) {
        const GEOSGeometry* b = GEOSGetGeometryN_r(geom::geos(), cells.get(), j);
        if (geos_interiors_meet(grown.get(), b)) CHECK_FALSE(geom::interiors_disjoint(grown.get(), b));
    }
}

TEST_CASE("pieces cut from each other by GEOS are recognised as touching", "[geom][touching]") {
    // A − B and B touch along B's boundary, through the points where GEOS's overlay cut the edges; with holes
    // and several parts. Every "disjoint" must be right; nearly all such pairs should be recognised.
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> pos(0, 12), size(3, 7), verts(5, 12);
    int pairs = 0, recognised = 0, wrong = 0;
    for (int k = 0; k < 1500; ++k) {
        const geom::GeomPtr s1 = geom::from_wkt(grid_star(rng, pos(rng), pos(rng), size(rng), verts(rng)));
        const geom::GeomPtr s2 = geom::from_wkt(grid_star(rng, pos(rng), pos(rng), size(rng) / 2 + 1, verts(rng)));
        if (GEOSisValid_r(geom::geos(), s1.get()) != 1 || GEOSisValid_r(geom::geos(), s2.get()) != 1) continue;
        const geom::GeomPtr outer = geom::polygonal_part(geom::checked(GEOSDifference_r(geom::geos(), s1.get(), s2.get()), "difference").get());
        const geom::GeomPtr inner = geom::polygonal_part(geom::checked(GEOSIntersection_r(geom::geos(), s1.get(), s2.get()), "intersection").get());
        if (!outer || !inner) continue;
        for (const GEOSGeometry* other : {inner.get(), s2.get()}) {
            const bool meet = geos_interiors_meet(outer.get(), other);
            const bool claim = geom::interiors_disjoint(outer.get(), other);
            const bool claim_reversed = geom::interiors_disjoint(other, outer.get());
            if ((claim || claim_reversed) && meet) ++wrong;
            if (!meet) {
                ++pairs;
                recognised += claim && claim_reversed;
            }
        }
    }
    CHECK(wrong == 0);
    CHECK(pairs > 1000);
    INFO(recognised << " of " << pairs << " touching pairs recognised");
    CHECK(recognised >= pairs * 95 / 100);
}

TEST_CASE("a polygon held by another is recognised, and a claim always agrees with GEOS", "[geom][touching]") {
    const std::string square = "POLYGON((0 0,4 0,4 4,0 4,0 0))";
    auto rel = [](const std::string& a, const std::string& b) {
        const geom::GeomPtr ga = geom::from_wkt(a), gb = geom::from_wkt(b);
        return geom::relate_polygons(ga.get(), gb.get());
    };
    using R = geom::PolygonRelation;
    CHECK(rel(square, "POLYGON((1 1,2 1,2 2,1 2,1 1))") == R::second_within);                 // strictly inside
    CHECK(rel("POLYGON((1 1,2 1,2 2,1 2,1 1))", square) == R::first_within);
    CHECK(rel(square, "POLYGON((0 0,2 0,2 2,0 2,0 0))") == R::second_within);                 // in a corner
    CHECK(rel(square, "POLYGON((0 0,4 0,4 4,0 0))") == R::second_within);                     // half of it
    CHECK(rel(square, square) != R::undecided);                                               // the same
    CHECK(rel(square, "POLYGON((3 3,5 3,5 5,3 5,3 3))") == R::undecided);                     // in part
    CHECK(rel("POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 2,1 1))", "POLYGON((1 1,2 1,2 2,1 2,1 1))") == R::disjoint);
    CHECK(rel("POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 2,1 1))", "POLYGON((0.5 0.5,3 0.5,3 3,0.5 3,0.5 0.5))") ==
          R::undecided);  // over the hole
    CHECK(rel("POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 2,1 1))", "POLYGON((2 2,3 2,3 3,2 3,2 2))") ==
          R::second_within);  // touches the hole from outside it

    std::mt19937 rng(99);
    std::uniform_int_distribution<int> pos(0, 10), size(2, 8), verts(3, 10);
    int held = 0, recognised = 0, wrong = 0;
    for (int k = 0; k < 4000; ++k) {
        const geom::GeomPtr a = geom::from_wkt(grid_star(rng, pos(rng), pos(rng), size(rng), verts(rng)));
        const geom::GeomPtr b0 = geom::from_wkt(grid_star(rng, pos(rng), pos(rng), size(rng), verts(rng)));
        if (GEOSisValid_r(geom::geos(), a.get()) != 1 || GEOSisValid_r(geom::geos(), b0.get()) != 1) continue;
        // Half the time b is cut down to its part inside a, so that it is held.
        geom::GeomPtr b = k % 2 ? geom::polygonal_part(geom::checked(GEOSIntersection_r(geom::geos(), a.get(), b0.get()), "intersection").get())
                                : geom::clone(b0.get());
        if (!b) continue;
        const R r = geom::relate_polygons(a.get(), b.get());
        const bool b_in_a = GEOSCovers_r(geom::geos(), a.get(), b.get()) == 1;
        const bool a_in_b = GEOSCovers_r(geom::geos(), b.get(), a.get()) == 1;
        const bool meet = geos_interiors_meet(a.get(), b.get());
        if ((r == R::second_within && !b_in_a) || (r == R::first_within && !a_in_b) || (r == R::disjoint && meet)) ++wrong;
        if (b_in_a) {
            ++held;
            recognised += r == R::second_within || (a_in_b && r == R::first_within);
        }
    }
    CHECK(wrong == 0);
    CHECK(held > 500);
    INFO(recognised << " of " << held << " held polygons recognised");
    CHECK(recognised >= held * 95 / 100);
}

TEST_CASE("a point in the interior agrees with GEOS", "[geom][touching]") {
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> pos(0, 10), size(2, 8), verts(3, 10), coord(-4, 28);
    int decided = 0, tested = 0;
    for (int k = 0; k < 2000; ++k) {
        const geom::GeomPtr a = geom::from_wkt(grid_star(rng, pos(rng), pos(rng), size(rng), verts(rng)));
        if (GEOSisValid_r(geom::geos(), a.get()) != 1) continue;
        const double x = coord(rng) / 2.0, y = coord(rng) / 2.0;  // on vertices and edges often
        const geom::GeomPtr pt = geom::from_wkt("POINT(" + std::to_string(x) + " " + std::to_string(y) + ")");
        const std::optional<bool> inside = geom::in_interior(x, y, a.get());
        ++tested;
        if (!inside) continue;
        ++decided;
        CHECK(*inside == geos_interiors_meet(pt.get(), a.get()));
    }
    CHECK(decided == tested);
}

__extension__ typedef __int128 int128;  // (a GCC extension: exact products of 64-bit integers)

TEST_CASE("the orientation of a midpoint is exact where the two ends lie on either side", "[geom][touching]") {
    // Integer coordinates scaled by a power of two: the determinants are exact in 128-bit integers, and the
    // midpoints' tests are built to lie within a few units of the line, where floating point cannot tell.
    std::mt19937_64 rng(17);
    std::uniform_int_distribution<std::int64_t> coord(-(1 << 24), 1 << 24), step(-3, 3), along(-1000, 1000);
    const double scale = std::ldexp(1.0, -17);
    int near_line = 0;
    for (int k = 0; k < 20000; ++k) {
        const std::int64_t cx = coord(rng), cy = coord(rng), dx = coord(rng), dy = coord(rng);
        if (cx == dx && cy == dy) continue;
        // u and v near the line through c and d, on either side of it.
        const std::int64_t t1 = along(rng), t2 = along(rng);
        const std::int64_t ux = cx + t1 * (dx - cx) / 1000 + step(rng), uy = cy + t1 * (dy - cy) / 1000 + step(rng);
        const std::int64_t vx = cx + t2 * (dx - cx) / 1000 + step(rng), vy = cy + t2 * (dy - cy) / 1000 + step(rng);
        auto det = [&](std::int64_t px, std::int64_t py) {
            return static_cast<int128>(dx - cx) * (py - cy) - static_cast<int128>(dy - cy) * (px - cx);
        };
        const int128 sum = det(ux, uy) + det(vx, vy);
        const int want = sum > 0 ? 1 : sum < 0 ? -1 : 0;
        auto d = [&](std::int64_t v) { return static_cast<double>(v) * scale; };
        const int got = geom::midpoint_orientation(d(cx), d(cy), d(dx), d(dy), d(ux), d(uy), d(vx), d(vy));
        CHECK(got == want);
        near_line += want == 0 || (det(ux, uy) > 0) != (det(vx, vy) > 0);
    }
    CHECK(near_line > 5000);
}
