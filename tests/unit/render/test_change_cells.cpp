// The changed cells a map draws: each pair of years' classes to its kind, touching cells merged, and a
// later year on another grid sampled at the earlier year's cell centres.

#include <catch2/catch.hpp>

#include "report/change_cells.hpp"
#include "support/rasters.hpp"

using namespace ecozone;

namespace {

double total_area(const std::vector<geom::GeomPtr>& gs) {
    double sum = 0;
    for (const auto& g : gs) {
        double a = 0;
        GEOSArea_r(geom::geos(), g.get(), &a);
        sum += a;
    }
    return sum;
}

}  // namespace

TEST_CASE("changed cells: forest gained, lost and other changes, touching cells merged", "[map][change]") {
    // 4 × 2 cells of 0.01°: forest lost in two touching cells, gained in one, crop → built-up in one, the rest unchanged;
    // a nodata cell (0) in the later year is no change drawn.
    const std::vector<std::uint8_t> before = {10, 10, 40, 40,
                                     40, 30, 10, 20};
    const std::vector<std::uint8_t> after = {40, 40, 10, 50,
                                    40, 30, 0, 20};
    auto a = test::memory_raster("EPSG:4490", 104.0, 31.0, 0.01, 0.01, 4, 2, before, 0);
    auto b = test::memory_raster("EPSG:4490", 104.0, 31.0, 0.01, 0.01, 4, 2, after, 0);
    const geom::Envelope view{103.99, 30.97, 104.05, 31.01, false};
    const report::ChangeCells c = report::change_cells(*a, *b, view, {10}, 1000);
    CHECK(c.cells == 8);
    REQUIRE(c.forest_lost.size() == 1);  // the two touching cells are one polygon
    CHECK(total_area(c.forest_lost) == Approx(2 * 0.0001));
    CHECK(total_area(c.forest_gained) == Approx(0.0001));
    CHECK(total_area(c.other) == Approx(0.0001));
    CHECK_THROWS_WITH(report::change_cells(*a, *b, view, {10}, 4), Catch::Matchers::Contains("at most 4"));
}

TEST_CASE("changed cells: a later year on a finer grid is sampled at the earlier cells' centres", "[map][change]") {
    auto a = test::memory_raster("EPSG:4490", 104.0, 31.0, 0.02, 0.02, 2, 1, std::vector<std::uint8_t>{10, 40});
    // 0.01° cells: the centre of the earlier first cell (104.01, 30.99) falls in the later cell at column 1,
    // row 1 (crop: forest lost), that of the second (104.03, 30.99) in column 3, row 1 (forest: gained).
    auto b = test::memory_raster("EPSG:4490", 104.0, 31.0, 0.01, 0.01, 4, 2, std::vector<std::uint8_t>{10, 10, 40, 40,
                                                                                             10, 40, 40, 10});
    const report::ChangeCells c = report::change_cells(*a, *b, {104.0, 30.98, 104.04, 31.0, false}, {10}, 1000);
    CHECK(c.forest_lost.size() == 1);
    CHECK(total_area(c.forest_lost) == Approx(0.0004));  // drawn as the earlier year's cell
    CHECK(total_area(c.forest_gained) == Approx(0.0004));
}
