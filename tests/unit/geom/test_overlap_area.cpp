#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <random>
#include <vector>

#include "geom/geodesic.hpp"
#include "geom/geos_context.hpp"
#include "geom/overlap_area.hpp"
#include "support/closed_forms.hpp"
#include "support/shapes.hpp"

using namespace ecozone;
using Keep = geom::OverlappingParts::Keep;

namespace {

// One part per feature.
std::vector<std::pair<std::size_t, geom::GeomPtr>> parts_of(const std::vector<geom::GeomPtr>& shapes) {
    std::vector<std::pair<std::size_t, geom::GeomPtr>> parts;
    for (std::size_t i = 0; i < shapes.size(); ++i) parts.emplace_back(i, geom::clone(shapes[i].get()));
    return parts;
}

// The reference: GEOS's union of the shapes taken, measured by Karney's method.
double union_reference(const std::vector<geom::GeomPtr>& shapes, bool (*take)(std::size_t)) {
    std::vector<geom::GeomPtr> taken;
    for (std::size_t i = 0; i < shapes.size(); ++i)
        if (take(i)) taken.push_back(geom::clone(shapes[i].get()));
    const geom::GeomPtr u = geom::union_all(std::move(taken));
    return u ? test::karney_area(u.get()) : 0.0;
}

}  // namespace

TEST_CASE("the union area of overlapping boxes, from their overlaps' edges, is the closed form", "[geom][overlap_area]") {
    // Boxes on a 0.01° grid: shared edges, boxes inside boxes, and places where three and four overlap.
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> corner(0, 20), side(2, 8);
    std::vector<std::array<double, 4>> boxes;
    std::vector<geom::GeomPtr> shapes;
    for (int k = 0; k < 60; ++k) {
        const int x = corner(rng), y = corner(rng);
        const std::array<double, 4> b{104 + x * 0.01, 30 + y * 0.01, 104 + (x + side(rng)) * 0.01, 30 + (y + side(rng)) * 0.01};
        boxes.push_back(b);
        shapes.push_back(geom::from_wkt(test::dense_box(b)));
    }
    const geom::OverlappingParts parts(parts_of(shapes), test::k_grs80, Keep::areas);
    const std::array<double, 4> all{103, 29, 106, 32};
    CHECK(parts.union_area([](std::size_t) { return true; }) == Approx(test::boxes_union_area(boxes, all)).epsilon(1e-7));
    std::vector<std::array<double, 4>> odd;
    for (std::size_t i = 1; i < boxes.size(); i += 2) odd.push_back(boxes[i]);
    CHECK(parts.union_area([](std::size_t f) { return f % 2 == 1; }) == Approx(test::boxes_union_area(odd, all)).epsilon(1e-7));
    // Most overlaps were measured from the edges; some parts' overlaps overlap each other, and were unioned.
    const auto counts = parts.counts();
    CHECK(counts.from_edges > 100);
    CHECK(counts.overlaid * 50 <= counts.from_edges);
    CHECK(counts.parts_overlapped_twice > 10);
}

TEST_CASE("the union area of random overlapping shapes equals that of GEOS's union", "[geom][overlap_area]") {
    // Star-shaped polygons whose edges cross anywhere, on an exact grid (shared vertices, edges along each
    // other) and off it, many overlapping two, three and more deep.
    for (const bool jitter : {false, true}) {
        std::mt19937 rng(jitter ? 5 : 3);
        std::uniform_int_distribution<int> pos(0, 40), size(3, 9), verts(5, 30);
        std::vector<geom::GeomPtr> shapes;
        std::size_t vertices = 0;
        while (shapes.size() < 300) {
            geom::GeomPtr g = geom::from_wkt(test::star(rng, pos(rng), pos(rng), size(rng), verts(rng), jitter ? 0.01 : 1.0 / 128, jitter));
            if (!g || GEOSisValid_r(geom::geos(), g.get()) != 1) continue;
            vertices += static_cast<std::size_t>(GEOSGetNumCoordinates_r(geom::geos(), g.get()));
            shapes.push_back(std::move(g));
        }
        const geom::OverlappingParts parts(parts_of(shapes), test::k_grs80, Keep::areas);
        INFO((jitter ? "off the grid" : "on the grid") << ": " << parts.counts().from_edges << " overlaps from the edges, "
                                                        << parts.counts().overlaid << " overlaid, "
                                                        << parts.counts().parts_overlapped_twice << " parts overlapped twice");
        // Where an edge is only touched, GEOS's union puts the touching vertex into it (on the straight line,
        // not the geodesic): a few square millimetres per vertex at these sizes.
        const double slack = 1e-3 * static_cast<double>(vertices);
        const auto all = [](std::size_t) { return true; };
        const auto some = [](std::size_t f) { return f % 3 != 0; };
        CHECK(parts.union_area(all) == Approx(union_reference(shapes, all)).margin(slack));
        CHECK(parts.union_area(some) == Approx(union_reference(shapes, some)).margin(slack));
        CHECK(parts.counts().parts_overlapped_twice > 20);
    }
}

TEST_CASE("what earlier parts cover is the same whether the overlaps were overlaid or measured", "[geom][overlap_area]") {
    std::mt19937 rng(9);
    std::uniform_int_distribution<int> pos(0, 30), size(3, 9), verts(5, 30);
    std::vector<geom::GeomPtr> shapes;
    while (shapes.size() < 150) {
        geom::GeomPtr g = geom::from_wkt(test::star(rng, pos(rng), pos(rng), size(rng), verts(rng), 0.01, true));
        if (g && GEOSisValid_r(geom::geos(), g.get()) == 1) shapes.push_back(std::move(g));
    }
    const geom::OverlappingParts overlaid(parts_of(shapes), test::k_grs80, Keep::overlaps);
    const geom::OverlappingParts measured(parts_of(shapes), test::k_grs80, Keep::areas);
    const auto every = [](std::size_t, std::size_t) { return true; };
    const auto a = overlaid.covered(every);
    const auto b = measured.covered(every);
    REQUIRE(a.size() == b.size());
    REQUIRE(a.size() > 50);
    for (std::size_t k = 0; k < a.size(); ++k) {
        CHECK(a[k].feature == b[k].feature);
        // The same geometry to the last vertex; its area measured from the edges where it is one overlap, which
        // agrees with the overlaid piece's (within 2e-7 of Karney's, geom/geodesic).
        CHECK(GEOSEqualsExact_r(geom::geos(), a[k].geom.get(), b[k].geom.get(), 0) == 1);
        CHECK(b[k].area == Approx(a[k].area).epsilon(2e-7).margin(0.01));
        CHECK(b[k].area == Approx(test::karney_area(b[k].geom.get())).epsilon(2e-7).margin(0.01));
    }
}
