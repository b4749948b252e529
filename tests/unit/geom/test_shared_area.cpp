#include <catch2/catch.hpp>

#include <cmath>
#include <iomanip>
#include <random>
#include <string>
#include <vector>

#include <geodesic.h>

#include "geom/geodesic.hpp"
#include "geom/geos_context.hpp"
#include "geom/shared_area.hpp"
#include "support/closed_forms.hpp"
#include "support/shapes.hpp"

using namespace ecozone;
using test::k_grs80;
using test::karney_area;
using test::star;

namespace {

// The reference: GEOS's intersection, measured on the ellipsoid by Karney's method.
double geos_shared(const GEOSGeometry* a, const GEOSGeometry* b) {
    const geom::GeomPtr i = geom::polygonal_part(geom::checked(GEOSIntersection_r(geom::geos(), a, b), "intersection").get());
    return i ? karney_area(i.get()) : 0.0;
}

bool valid(const geom::GeomPtr& g) { return g && GEOSisValid_r(geom::geos(), g.get()) == 1; }

// GEOS's intersection measured in the plane.
double geos_shared_planar(const GEOSGeometry* a, const GEOSGeometry* b) {
    const geom::GeomPtr i = geom::checked(GEOSIntersection_r(geom::geos(), a, b), "intersection");
    double area = 0;
    GEOSArea_r(geom::geos(), i.get(), &area);
    return area;
}

double planar_area(const GEOSGeometry* g) {
    double area = 0;
    GEOSArea_r(geom::geos(), g, &area);
    return area;
}

// How much the edges of a and b can bend where the other's vertices touch them: an edge that the other only
// touches is measured whole, where GEOS's overlay puts the touching vertices into it (on the straight line
// between its ends, not on the geodesic). Twice the area between each edge and its halves, over all edges.
double bends(const GEOSGeometry* a, const GEOSGeometry* b) {
    double sum = 0;
    for (const GEOSGeometry* g : {a, b}) {
        const GEOSGeometry* ring = GEOSGetExteriorRing_r(geom::geos(), g);
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geom::geos(), ring);
        unsigned n = 0;
        GEOSCoordSeq_getSize_r(geom::geos(), seq, &n);
        auto s12 = [](double x1, double y1, double x2, double y2) {
            double s = 0;
            geod_geninverse(&k_grs80.geodesic(), y1, x1, y2, x2, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, &s);
            return s;
        };
        for (unsigned k = 0; k + 1 < n; ++k) {
            double x1, y1, x2, y2;
            GEOSCoordSeq_getXY_r(geom::geos(), seq, k, &x1, &y1);
            GEOSCoordSeq_getXY_r(geom::geos(), seq, k + 1, &x2, &y2);
            const double mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
            sum += 2 * std::fabs(s12(x1, y1, x2, y2) - s12(x1, y1, mx, my) - s12(mx, my, x2, y2));
        }
    }
    return sum;
}

int vertices(const GEOSGeometry* a, const GEOSGeometry* b) {
    return GEOSGetNumCoordinates_r(geom::geos(), a) + GEOSGetNumCoordinates_r(geom::geos(), b);
}

// Every answer given agrees with GEOS's intersection measured on the ellipsoid.
struct Tally {
    int pairs = 0, decided = 0, wrong = 0;
    double worst = 0;
    // Karney's term of each edge (S12) carries some 1e-16 of the authalic sphere's area, about 0.01 m², and
    // differs by that much between an edge and the same edge reversed; GEOS computes its crossing points in its
    // own way, which may differ in the last bits.
    void check(double got, double want, int edges, double bent = 0) {
        const double gap = std::fabs(got - want);
        worst = std::max(worst, gap / std::max(want, 1.0));
        if (gap > 1e-9 * want + 0.01 * edges + bent) {
            ++wrong;
            WARN(std::setprecision(12) << "got " << got << " m², GEOS's intersection " << want << " m²");
        }
    }
};

// The same in the plane: GEOS's overlay and the edges must find the same shared part.
struct PlanarTally {
    int decided = 0, wrong = 0;
    void check(const std::optional<double>& got, double want) {
        if (!got) return;
        ++decided;
        if (std::fabs(*got - want) > 1e-9 * want + 1e-14) {
            ++wrong;
            WARN(std::setprecision(15) << "in the plane: got " << *got << ", GEOS's intersection " << want);
        }
    }
};

}  // namespace

TEST_CASE("the shared area of simple shapes is the closed form", "[geom][shared_area]") {
    // Boxes with dense edges along parallels: their intersection is a quadrangle between two parallels.
    const geom::GeomPtr a = geom::from_wkt(test::dense_box({104.00, 30.00, 104.10, 30.10}));
    const geom::GeomPtr b = geom::from_wkt(test::dense_box({104.05, 30.04, 104.15, 30.14}));
    const double want = test::quadrangle(30.04, 30.10, 0.05);
    const auto got = geom::shared_area_m2(a.get(), b.get(), k_grs80);
    REQUIRE(got);
    CHECK(*got == Approx(want).epsilon(1e-7));
    // The same through a clipper, either way round, and with a's area given (the complement is measured).
    geom::AreaClipper clip(b.get(), k_grs80);
    const auto again = clip.shared_area_m2(a.get(), geom::geodesic_area_m2(a.get(), k_grs80));
    REQUIRE(again);
    CHECK(*again == Approx(want).epsilon(1e-7));
    const auto swapped = geom::shared_area_m2(b.get(), a.get(), k_grs80);
    REQUIRE(swapped);
    CHECK(*swapped == Approx(want).epsilon(1e-7));

    const double whole = geom::geodesic_area_m2(a.get(), k_grs80);
    const geom::GeomPtr inner = geom::from_wkt(test::dense_box({104.02, 30.02, 104.03, 30.03}));
    const geom::GeomPtr far = geom::from_wkt(test::dense_box({105.00, 31.00, 105.01, 31.01}));
    const geom::GeomPtr beside = geom::from_wkt(test::dense_box({104.10, 30.00, 104.20, 30.10}));
    CHECK(*geom::shared_area_m2(a.get(), a.get(), k_grs80) == Approx(whole).epsilon(1e-12));          // itself
    CHECK(*geom::shared_area_m2(inner.get(), a.get(), k_grs80) == Approx(test::quadrangle(30.02, 30.03, 0.01)).epsilon(1e-7));
    CHECK(*geom::shared_area_m2(a.get(), inner.get(), k_grs80) == Approx(test::quadrangle(30.02, 30.03, 0.01)).epsilon(1e-7));
    CHECK(*geom::shared_area_m2(far.get(), a.get(), k_grs80) == 0.0);                               // apart
    CHECK(*geom::shared_area_m2(beside.get(), a.get(), k_grs80) == 0.0);                            // a shared edge
    // A hole: the box with the inner square taken out, against the box.
    const geom::GeomPtr holed = geom::from_wkt(
        "POLYGON((104 30,104.1 30,104.1 30.1,104 30.1,104 30),(104.02 30.02,104.02 30.03,104.03 30.03,104.03 30.02,104.02 30.02))");
    const geom::GeomPtr plain = geom::from_wkt("POLYGON((104 30,104.1 30,104.1 30.1,104 30.1,104 30))");
    const auto in_holed = geom::shared_area_m2(plain.get(), holed.get(), k_grs80);
    REQUIRE(in_holed);
    CHECK(*in_holed == Approx(geos_shared(plain.get(), holed.get())).epsilon(1e-9));
}

TEST_CASE("shared areas of random shapes on an exact grid agree with GEOS's intersection", "[geom][shared_area]") {
    // Coincident vertices, edges along each other either way and vertices on edges everywhere.
    std::mt19937 rng(20261207);
    std::uniform_int_distribution<int> pos(0, 12), size(2, 7), verts(3, 12);
    Tally direct, complement;
    PlanarTally planar, planar_complement;
    for (int k = 0; k < 3000; ++k) {
        const geom::GeomPtr a = geom::from_wkt(star(rng, pos(rng), pos(rng), size(rng), verts(rng), 1.0 / 128));
        const geom::GeomPtr b = geom::from_wkt(star(rng, pos(rng), pos(rng), size(rng), verts(rng), 1.0 / 128));
        if (!valid(a) || !valid(b)) continue;
        // On the ellipsoid GEOS's overlay bends edges that the other shape only touches (bends()).
        const double want = geos_shared(a.get(), b.get()), bent = bends(a.get(), b.get());
        ++direct.pairs;
        if (const auto got = geom::shared_area_m2(a.get(), b.get(), k_grs80)) {
            ++direct.decided;
            direct.check(*got, want, vertices(a.get(), b.get()), bent);
        }
        geom::AreaClipper clip(b.get(), k_grs80);
        ++complement.pairs;
        if (const auto got = clip.shared_area_m2(a.get(), karney_area(a.get()))) {
            ++complement.decided;
            complement.check(*got, want, vertices(a.get(), b.get()), bent);
        }
        // In the plane the two must agree to the last digits.
        const double want_planar = geos_shared_planar(a.get(), b.get());
        planar.check(clip.shared_area_planar(a.get(), std::nan("")), want_planar);
        planar_complement.check(clip.shared_area_planar(a.get(), planar_area(a.get())), want_planar);
    }
    INFO("decided " << direct.decided << " and " << complement.decided << " of " << direct.pairs << "; worst gap " << direct.worst
                    << " and " << complement.worst << "; in the plane " << planar.decided << " and " << planar_complement.decided);
    CHECK(direct.pairs > 2000);
    CHECK(direct.wrong == 0);
    CHECK(complement.wrong == 0);
    CHECK(planar.wrong == 0);
    CHECK(planar_complement.wrong == 0);
    CHECK(direct.decided >= direct.pairs * 98 / 100);
    CHECK(complement.decided >= complement.pairs * 98 / 100);
    CHECK(planar.decided >= direct.pairs * 98 / 100);
    CHECK(planar_complement.decided >= direct.pairs * 98 / 100);
}

TEST_CASE("shared areas of random shapes whose edges cross anywhere agree with GEOS's intersection", "[geom][shared_area]") {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> pos(0, 12), size(2, 7), verts(5, 40);
    Tally t;
    PlanarTally planar;
    for (int k = 0; k < 2000; ++k) {
        const geom::GeomPtr a = geom::from_wkt(star(rng, pos(rng), pos(rng), size(rng), verts(rng), 0.01, true));
        const geom::GeomPtr b = geom::from_wkt(star(rng, pos(rng), pos(rng), size(rng), verts(rng), 0.01, true));
        if (!valid(a) || !valid(b)) continue;
        ++t.pairs;
        geom::AreaClipper clip(b.get(), k_grs80);
        if (const auto got = clip.shared_area_m2(a.get(), k % 2 ? karney_area(a.get()) : std::nan(""))) {
            ++t.decided;
            t.check(*got, geos_shared(a.get(), b.get()), vertices(a.get(), b.get()));
        }
        planar.check(clip.shared_area_planar(a.get(), k % 2 ? planar_area(a.get()) : std::nan("")), geos_shared_planar(a.get(), b.get()));
    }
    INFO("decided " << t.decided << " of " << t.pairs << "; worst gap " << t.worst << "; in the plane " << planar.decided);
    CHECK(t.wrong == 0);
    CHECK(t.decided == t.pairs);
    CHECK(planar.wrong == 0);
    CHECK(planar.decided == t.pairs);
}

TEST_CASE("a zone's shared area with the pieces of a shape adds up to GEOS's intersection", "[geom][shared_area]") {
    // A zone with a wiggly boundary of 3,000 vertices and a hole, and many small shapes across its boundary,
    // inside it and outside: the grid places most without the edges, and every answer agrees with GEOS.
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> wiggle(-0.004, 0.004);
    std::string wkt = "POLYGON((";
    const int n = 3000;
    char buf[96];
    for (int i = 0; i <= n; ++i) {
        const double a = 2 * 3.14159265358979 * (i % n) / n, r = 0.3 + (i % n ? wiggle(rng) : 0.0);
        std::snprintf(buf, sizeof buf, "%.17g %.17g,", 104.5 + r * std::cos(a), 30.5 + r * std::sin(a) * 0.9);
        wkt += buf;
    }
    wkt.back() = ')';
    wkt += ",(104.45 30.45,104.45 30.55,104.55 30.55,104.55 30.45,104.45 30.45))";
    const geom::GeomPtr zone = geom::from_wkt(wkt);
    REQUIRE(valid(zone));
    geom::AreaClipper clip(zone.get(), k_grs80);
    REQUIRE(clip.usable());
    std::uniform_int_distribution<int> pos(0, 100), size(1, 4), verts(5, 30);
    Tally t;
    PlanarTally planar;
    int placed = 0;
    for (int k = 0; k < 1500; ++k) {
        const geom::GeomPtr g = geom::from_wkt(star(rng, pos(rng), pos(rng), size(rng), verts(rng), 0.01, k % 3 != 0));
        if (!valid(g)) continue;
        ++t.pairs;
        const double want = geos_shared(g.get(), zone.get());
        const geom::Envelope env = geom::envelope(g.get());
        const auto place = clip.place(env);
        if (place != geom::AreaClipper::Place::near_boundary) {
            ++placed;
            const double whole = karney_area(g.get());
            CHECK(want == Approx(place == geom::AreaClipper::Place::inside ? whole : 0.0).margin(1e-9 * whole));
        }
        if (const auto got = clip.shared_area_m2(g.get(), karney_area(g.get()))) {
            ++t.decided;
            t.check(*got, want, vertices(g.get(), g.get()));
        }
        planar.check(clip.shared_area_planar(g.get(), planar_area(g.get())), geos_shared_planar(g.get(), zone.get()));
    }
    INFO("decided " << t.decided << " of " << t.pairs << ", " << placed << " by the grid alone; worst gap " << t.worst);
    CHECK(t.wrong == 0);
    CHECK(t.decided == t.pairs);
    CHECK(planar.wrong == 0);
    CHECK(planar.decided == t.pairs);
    CHECK(placed > t.pairs / 4);
}

TEST_CASE("slivers between boundaries drawn twice agree with GEOS's intersection", "[geom][shared_area]") {
    // Pieces of a zone's neighbour whose shared boundary was digitised again, every vertex moved by up to a
    // centimetre (or not at all): their edges cross the zone's at tiny angles, over and over, as control units
    // drawn along a county line do.
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> wiggle(-0.004, 0.004), noise(-1e-7, 1e-7);
    std::uniform_int_distribution<int> coin(0, 2);
    const int n = 2000;
    std::vector<std::pair<double, double>> ring;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * 3.14159265358979 * i / n, r = 0.3 + wiggle(rng);
        ring.push_back({104.5 + r * std::cos(a), 30.5 + r * std::sin(a) * 0.9});
    }
    auto polygon = [](const std::vector<std::pair<double, double>>& pts) {
        std::string wkt = "POLYGON((";
        char buf[96];
        for (std::size_t i = 0; i <= pts.size(); ++i) {
            std::snprintf(buf, sizeof buf, "%.17g %.17g%s", pts[i % pts.size()].first, pts[i % pts.size()].second,
                          i < pts.size() ? "," : "))");
            wkt += buf;
        }
        return geom::from_wkt(wkt);
    };
    const geom::GeomPtr zone = polygon(ring);
    REQUIRE(valid(zone));
    geom::AreaClipper clip(zone.get(), k_grs80);
    Tally t;
    PlanarTally planar;
    for (int k = 0; k < 200; ++k) {
        // A wedge from the zone's centre out past its boundary, whose outer side follows the boundary again.
        const int i0 = k * n / 200, len = 20 + k % 40;
        std::vector<std::pair<double, double>> pts{{104.5, 30.5}};
        for (int i = i0; i <= i0 + len; ++i) {
            auto [x, y] = ring[static_cast<std::size_t>(i % n)];
            if (coin(rng)) {
                x += noise(rng);
                y += noise(rng);
            }
            pts.push_back({x, y});
        }
        const geom::GeomPtr g = polygon(pts);
        if (!valid(g)) continue;
        ++t.pairs;
        if (const auto got = clip.shared_area_m2(g.get(), karney_area(g.get()))) {
            ++t.decided;
            t.check(*got, geos_shared(g.get(), zone.get()), vertices(g.get(), g.get()));
        }
        planar.check(clip.shared_area_planar(g.get(), planar_area(g.get())), geos_shared_planar(g.get(), zone.get()));
    }
    INFO("decided " << t.decided << " of " << t.pairs << "; worst gap " << t.worst << "; in the plane " << planar.decided);
    CHECK(t.pairs > 150);
    CHECK(t.wrong == 0);
    CHECK(planar.wrong == 0);
    CHECK(t.decided >= t.pairs * 95 / 100);
    CHECK(planar.decided >= t.pairs * 95 / 100);
}
