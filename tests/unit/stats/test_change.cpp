#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>

#include "geom/geos_context.hpp"
#include "io/raster_source.hpp"
#include "stats/change.hpp"
#include "stats/indicators.hpp"
#include "stats/land_change.hpp"
#include "stats/targets.hpp"
#include "stats/zonal.hpp"
#include "support/closed_forms.hpp"
#include "support/rasters.hpp"

using namespace ecozone;
using Catch::Matchers::Contains;
using test::quadrangle;

namespace {

std::string box_wkt(double w, double s, double e, double n) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "POLYGON((%.10f %.10f,%.10f %.10f,%.10f %.10f,%.10f %.10f,%.10f %.10f))", w, s, e, s, e,
                  n, w, n, w, s);
    return buf;
}

// A raster whose class depends on the column only: `classes[c % classes.size()]`.
std::unique_ptr<io::MemoryRasterSource> column_stripes(double x0, double y_top, double dx, double dy, int cols, int rows,
                                                       const std::vector<std::uint8_t>& classes, int nodata = -1) {
    std::vector<std::uint8_t> data(static_cast<std::size_t>(cols * rows));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            data[static_cast<std::size_t>(r * cols + c)] = classes[static_cast<std::size_t>(c) % classes.size()];
    return test::memory_raster("EPSG:4490", x0, y_top, dx, dy, cols, rows, data, nodata);
}

// By hand: a box [w, e] × [s, n] over two column-striped grids (classes by column only). Each pair of
// columns contributes the length of the overlap of both columns and the box, times the box's band of latitude
// (closed form on the ellipsoid). Outside a grid's columns the class is k_no_class.
stats::TransitionMatrix by_hand(double w, double e, double s, double n, double a0, double adx, int acols,
                                const std::vector<std::uint8_t>& ac, double b0, double bdx, int bcols,
                                const std::vector<std::uint8_t>& bc) {
    std::vector<double> cuts = {w, e};
    for (int i = 0; i <= acols; ++i) cuts.push_back(a0 + i * adx);
    for (int i = 0; i <= bcols; ++i) cuts.push_back(b0 + i * bdx);
    std::sort(cuts.begin(), cuts.end());
    stats::TransitionMatrix m;
    for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
        const double l = std::max(cuts[k], w), r = std::min(cuts[k + 1], e);
        if (r <= l) continue;
        const double mid = (l + r) / 2;
        auto cls = [&](double origin, double dx, int cols, const std::vector<std::uint8_t>& classes) {
            const int c = static_cast<int>(std::floor((mid - origin) / dx));
            return c >= 0 && c < cols ? static_cast<int>(classes[static_cast<std::size_t>(c) % classes.size()]) : stats::k_no_class;
        };
        m[{cls(a0, adx, acols, ac), cls(b0, bdx, bcols, bc)}] += quadrangle(s, n, r - l);
    }
    return m;
}

void check_same(const stats::TransitionMatrix& got, const stats::TransitionMatrix& want, double rel) {
    for (const auto& [key, area] : want) {
        INFO("from " << key.first << " to " << key.second);
        REQUIRE(got.count(key) == 1);
        CHECK(got.at(key) == Approx(area).epsilon(rel));
    }
    for (const auto& [key, area] : got) {
        INFO("unexpected from " << key.first << " to " << key.second);
        CHECK(want.count(key) == 1);
    }
}

std::map<int, double> row_sums(const stats::TransitionMatrix& m) {
    std::map<int, double> out;
    for (const auto& [key, a] : m) out[key.first] += a;
    return out;
}

std::map<int, double> column_sums(const stats::TransitionMatrix& m) {
    std::map<int, double> out;
    for (const auto& [key, a] : m) out[key.second] += a;
    return out;
}

}  // namespace

TEST_CASE("the same grid: every cell keeps or changes its class, exactly", "[stats][change]") {
    // Before: stripes 10, 40. After: the same grid, stripes 10, 10, 40 (so column 1 went from 40 to 10 …).
    const auto before = column_stripes(104.0, 31.0, 0.01, 0.01, 12, 10, {10, 40});
    const auto after = column_stripes(104.0, 31.0, 0.01, 0.01, 12, 10, {10, 10, 40});
    auto zone = geom::from_wkt(box_wkt(104.015, 30.94, 104.0925, 30.98));
    const auto out = stats::zonal_transitions(*before, *after, {zone.get()}, "EPSG:4490");
    REQUIRE(out.size() == 1);
    check_same(out[0], by_hand(104.015, 104.0925, 30.94, 30.98, 104.0, 0.01, 12, {10, 40}, 104.0, 0.01, 12, {10, 10, 40}), 1e-9);
}

TEST_CASE("stripes shifted by a quarter of a cell", "[stats][change]") {
    // The second year's grid starts a quarter cell east: each cell of the first year lies a quarter in one
    // cell of the second and three quarters in the next.
    const std::vector<std::uint8_t> a = {10, 20, 40}, b = {10, 40};
    const auto before = column_stripes(104.0, 31.0, 0.01, 0.01, 12, 10, a);
    const auto after = column_stripes(104.0025, 31.0, 0.01, 0.01, 12, 10, b);
    auto zone = geom::from_wkt(box_wkt(104.011, 30.95, 104.087, 30.99));
    const auto out = stats::zonal_transitions(*before, *after, {zone.get()}, "EPSG:4490");
    check_same(out[0], by_hand(104.011, 104.087, 30.95, 30.99, 104.0, 0.01, 12, a, 104.0025, 0.01, 12, b), 1e-9);
}

TEST_CASE("a 10 m-like grid over a 25 m-like one: cells of 0.004° over cells of 0.01°", "[stats][change]") {
    // 0.01 / 0.004 = 2.5: the overlay has intervals of 0.004, 0.002 and 0.002 … — not a uniform grid, so
    // polygon edges are split where they cross one.
    const std::vector<std::uint8_t> a = {10, 30, 40}, b = {10, 40, 50, 10};
    const auto before = column_stripes(104.0, 31.0, 0.01, 0.01, 10, 10, a);
    const auto after = column_stripes(104.0, 31.0, 0.004, 0.004, 25, 25, b);
    SECTION("a box, against the hand count") {
        auto zone = geom::from_wkt(box_wkt(104.0113, 30.9351, 104.0871, 30.9877));
        const auto out = stats::zonal_transitions(*before, *after, {zone.get()}, "EPSG:4490");
        // The box's top and bottom cut cells: a cut cell counts its covered fraction of its true area, as in
        // `stats`, where the hand count integrates the latitude band exactly (1.6e-7 apart here).
        check_same(out[0], by_hand(104.0113, 104.0871, 30.9351, 30.9877, 104.0, 0.01, 10, a, 104.0, 0.004, 25, b), 1e-6);
    }
    SECTION("a slanted polygon: rows sum to the first year's classes, columns to the second's") {
        auto zone = geom::from_wkt("POLYGON((104.003 30.991,104.071 30.962,104.094 30.905,104.041 30.917,104.013 30.948,104.003 30.991))");
        const auto out = stats::zonal_transitions(*before, *after, {zone.get()}, "EPSG:4490");
        const auto year1 = stats::zonal_class_areas(*before, {zone.get()}, "EPSG:4490");
        const auto year2 = stats::zonal_class_areas(*after, {zone.get()}, "EPSG:4490");
        const auto rs = row_sums(out[0]), cs = column_sums(out[0]);
        REQUIRE(rs.size() == year1[0].class_m2.size());
        for (const auto& [c, area] : year1[0].class_m2) CHECK(rs.at(c) == Approx(area).epsilon(1e-6));
        REQUIRE(cs.size() == year2[0].class_m2.size());
        for (const auto& [c, area] : year2[0].class_m2) CHECK(cs.at(c) == Approx(area).epsilon(1e-6));
    }
}

TEST_CASE("no data in either year is its own area", "[stats][change]") {
    // The second year covers only the first 6 of 12 columns; and its column 2 holds nodata (0).
    const std::vector<std::uint8_t> a = {10, 40}, b = {10, 10, 0};
    const auto before = column_stripes(104.0, 31.0, 0.01, 0.01, 12, 10, a);
    const auto after = column_stripes(104.0, 31.0, 0.01, 0.01, 6, 10, b, 0);
    auto zone = geom::from_wkt(box_wkt(104.005, 30.95, 104.1, 30.99));
    const auto out = stats::zonal_transitions(*before, *after, {zone.get()}, "EPSG:4490");
    // By hand: columns 2 and 5 (nodata in year 2) and 6 … 9 (outside it) go to k_no_class.
    stats::TransitionMatrix want;
    const double band = quadrangle(30.95, 30.99, 0.01);
    for (int c = 0; c < 10; ++c) {
        const double width = c == 0 ? 0.5 : 1.0;
        const int from = a[static_cast<std::size_t>(c % 2)];
        const int to = c >= 6 || c % 3 == 2 ? stats::k_no_class : 10;
        want[{from, to}] += width * band;
    }
    check_same(out[0], want, 1e-9);
}

TEST_CASE("a zone reaching beyond both rasters: the part outside is no data in both years", "[stats][change]") {
    const auto before = column_stripes(104.0, 31.0, 0.01, 0.01, 4, 4, {10});
    const auto after = column_stripes(104.0, 31.0, 0.01, 0.01, 4, 4, {40});
    auto zone = geom::from_wkt(box_wkt(104.02, 30.98, 104.06, 30.99));  // two columns inside, two beyond
    const auto out = stats::zonal_transitions(*before, *after, {zone.get()}, "EPSG:4490");
    CHECK(out[0].at({10, 40}) == Approx(quadrangle(30.98, 30.99, 0.02)).epsilon(1e-9));
    CHECK(out[0].at({stats::k_no_class, stats::k_no_class}) == Approx(quadrangle(30.98, 30.99, 0.02)).epsilon(1e-9));
}

TEST_CASE("projected grids: rows and columns sum to each year's class areas", "[stats][change]") {
    // UTM 48N, 30 m then 20 m cells offset by 5 m.
    std::vector<std::uint8_t> da(40 * 40), db(60 * 60);
    for (int r = 0; r < 40; ++r)
        for (int c = 0; c < 40; ++c) da[static_cast<std::size_t>(r * 40 + c)] = (r / 5 + c / 7) % 2 ? 10 : 40;
    for (int r = 0; r < 60; ++r)
        for (int c = 0; c < 60; ++c) db[static_cast<std::size_t>(r * 60 + c)] = (r / 4 + c / 9) % 3 == 0 ? 10 : (c % 5 ? 40 : 50);
    const auto before = test::memory_raster("EPSG:32648", 400000, 3400000, 30, 30, 40, 40, da);
    const auto after = test::memory_raster("EPSG:32648", 400005, 3399995, 20, 20, 60, 60, db);
    // A polygon inside both, in longitude/latitude.
    auto zone = geom::from_wkt("POLYGON((103.95653 30.72779,103.96594 30.72742,103.96654 30.71975,103.95768 30.71878,103.95653 30.72779))");
    const auto out = stats::zonal_transitions(*before, *after, {zone.get()}, "EPSG:4490");
    const auto year1 = stats::zonal_class_areas(*before, {zone.get()}, "EPSG:4490");
    const auto year2 = stats::zonal_class_areas(*after, {zone.get()}, "EPSG:4490");
    REQUIRE(year1[0].valid_m2 > 100000);
    CHECK(year1[0].nodata_m2 == 0);
    const auto rs = row_sums(out[0]), cs = column_sums(out[0]);
    for (const auto& [c, area] : year1[0].class_m2) CHECK(rs.at(c) == Approx(area).epsilon(1e-6));
    for (const auto& [c, area] : year2[0].class_m2) CHECK(cs.at(c) == Approx(area).epsilon(1e-4));
}

TEST_CASE("rasters in different coordinate systems are refused with what to do", "[stats][change]") {
    const auto before = column_stripes(104.0, 31.0, 0.01, 0.01, 4, 4, {10});
    const auto after = test::memory_raster("EPSG:32648", 400000, 3400000, 30, 30, 4, 4, std::vector<std::uint8_t>(16, 10));
    auto zone = geom::from_wkt(box_wkt(104.0, 30.98, 104.02, 30.99));
    CHECK_THROWS_WITH(stats::zonal_transitions(*before, *after, {zone.get()}, "EPSG:4490"),
                      Contains("different coordinate systems") && Contains("EPSG:32648"));
}

TEST_CASE("targets on a change: their values in their own units, each indicator read from the change", "[change][targets]") {
    using Catch::Matchers::Contains;
    const auto t = stats::parse_targets("[[target]]\nid = \"sink\"\nindicator = \"carbon_change_t_co2e\"\nvalue = -500.0\n"
                                        "[[target]]\nid = \"pp\"\nindicator = \"forest_change_pp\"\nvalue = -0.5\n",
                                        "t.toml");
    REQUIRE(t.targets.size() == 2);
    CHECK(stats::is_change_target(t.targets[0]));
    CHECK(t.targets[0].value == -500.0);
    CHECK(t.targets[1].value == -0.5);
    CHECK_THROWS_WITH(stats::parse_targets("[[target]]\nid = \"a\"\nindicator = \"forest_change_pp\"\nvalue = 200\n", "t.toml"),
                      Contains("t.toml:4"));
    CHECK_THROWS_WITH(stats::parse_targets("[[target]]\nid = \"a\"\nindicator = \"forest_pct\"\nvalue = -1\n", "t.toml"),
                      Contains("t.toml:4"));
    // Every change indicator has its figure (carbon ones with a carbon table).
    stats::ZoneChange z;
    z.forest.change_pp = 1.5;
    z.green.change_pp = -0.25;
    z.forest.net_m2 = 25'000;
    stats::CarbonChange c;
    c.after.t[0] = 300;
    c.change.t[0] = 12;
    z.carbon = c;
    for (const auto& i : stats::change_indicator_table()) CHECK(stats::change_indicator_value(z, i.name).has_value());
    CHECK(*stats::change_indicator_value(z, "forest_net_ha") == Approx(2.5));
    CHECK(*stats::change_indicator_value(z, "carbon_change_t_co2e") == Approx(12 * 44.0 / 12));
    CHECK(*stats::change_indicator_value(z, "carbon_stock_t_c") == Approx(300));
    z.carbon.reset();
    CHECK_FALSE(stats::change_indicator_value(z, "carbon_stock_t_c").has_value());
}
