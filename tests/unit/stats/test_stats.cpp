// The statistics driver on data built in memory (no file is read): two counties of one city, a land-cover
// raster with forest in its western three quarters, an urban area with green space, a red line, targets.
// Expected values are closed forms: the area of a longitude/latitude box on the GRS 80 ellipsoid.

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>

#include "geom/geos_context.hpp"
#include "index/layer_index.hpp"
#include "index/layer_overlaps.hpp"
#include "report/stats_report.hpp"
#include "stats/indicators.hpp"
#include "stats/stats.hpp"
#include "support/closed_forms.hpp"
#include "support/rasters.hpp"

using namespace ecozone;

namespace {

using test::boxes_union_area;
using test::dense_box;
using test::quadrangle;

std::string box(double w, double s, double e, double n) {
    char b[256];
    std::snprintf(b, sizeof b, "POLYGON((%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f))", w, s, e, s, e, n, w, n, w, s);
    return b;
}

load::Layer layer_of(const std::string& id, catalog::Role role, const std::string& wkt) {
    load::Layer l;
    l.spec.id = id;
    l.spec.role = role;
    load::Feature f;
    f.code = id + "-1";
    f.geom = geom::from_wkt(wkt);
    l.report.extent = geom::envelope(f.geom.get());
    l.features.push_back(std::move(f));
    return l;
}

stats::ZoneFigures zone_of(const std::string& id, const std::string& wkt, double area_m2) {
    stats::ZoneFigures z;
    z.id = id;
    z.name = id + "县";
    z.group = "某市";
    z.geom = geom::from_wkt(wkt);
    z.area_m2 = area_m2;
    return z;
}

}  // namespace

TEST_CASE("the statistics driver: land cover, urban green, shares, groups and targets", "[stats]") {
    load::LayerSet layers;
    layers.working_crs = "EPSG:4490";
    layers.layers.push_back(layer_of("urban", catalog::Role::urban_boundary, box(104.05, 30.0, 104.10, 30.1)));
    layers.layers.push_back(layer_of("green", catalog::Role::green_space, box(104.05, 30.0, 104.075, 30.1)));
    layers.layers.push_back(layer_of("redline", catalog::Role::ecological_redline, box(104.10, 30.05, 104.20, 30.1)));
    const index::LayerIndex index(layers, 256, /*meridian_cuts_only=*/true);

    // 0.01° cells over both counties: forest (10) in the western 15 columns, grassland (30) in the last 5.
    const int cols = 20, rows = 10;
    std::vector<std::uint8_t> cells(static_cast<std::size_t>(cols * rows));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) cells[static_cast<std::size_t>(r * cols + c)] = c < 15 ? 10 : 30;
    stats::Landcover landcover;
    landcover.source = test::memory_raster("EPSG:4490", 104.0, 30.1, 0.01, 0.01, cols, rows, cells);
    landcover.forest_classes = {10};
    landcover.green_classes = {10, 30};

    const std::string targets_toml = R"([[target]]
id = "forest-county"
indicator = "forest_pct"
comparison = ">="
value = 60.0
[[target]]
id = "forest-city"
indicator = "forest_pct"
value = 70.0
scope = "group"
applies_to = ["某市"]
[[target]]
id = "redline-share"
indicator = "layer:redline"
comparison = "<="
value = 10.0
)";
    const stats::TargetSet targets = stats::parse_targets(targets_toml, "targets.toml");

    const double county = quadrangle(30.0, 30.1, 0.1);
    stats::StatsInput input;
    input.zones.push_back(zone_of("Z1", box(104.0, 30.0, 104.1, 30.1), county));
    input.zones.push_back(zone_of("Z2", box(104.1, 30.0, 104.2, 30.1), county));
    input.zones_source = "memory";
    input.grouped = true;
    input.layers = &layers;
    input.index = &index;
    input.landcover = &landcover;
    input.targets = &targets;
    Diagnostics diagnostics;
    const stats::StatsResult r = stats::compute_stats(std::move(input), {}, diagnostics);

    REQUIRE(r.zones.size() == 2);
    const auto& z1 = r.zones[0];
    const auto& z2 = r.zones[1];
    SECTION("land cover per county, weighted by true cell areas") {
        CHECK(z1.landcover.valid_m2 == Approx(county).epsilon(1e-9));
        CHECK(z1.landcover.forest_pct == Approx(100.0).epsilon(1e-9));
        CHECK(z2.landcover.forest_pct == Approx(50.0).epsilon(1e-9));
        CHECK(z2.landcover.green_pct == Approx(100.0).epsilon(1e-9));
        CHECK_FALSE(z1.landcover.partial);
    }
    SECTION("urban area, 绿化覆盖率 from the raster and 绿地率 from the green-space polygons") {
        CHECK(z1.urban.area_m2 == Approx(quadrangle(30.0, 30.1, 0.05)).epsilon(1e-6));
        CHECK(z1.urban.green_pct == Approx(100.0).epsilon(1e-6));
        CHECK(z1.urban.green_space_pct == Approx(50.0).epsilon(1e-6));
        CHECK(z2.urban.area_m2 == 0);
    }
    SECTION("zoning shares") {
        auto share = [](const stats::ZoneFigures& z, const std::string& id) {
            for (const auto& s : z.layers)
                if (s.layer == id) return s.total.pct;
            return 0.0;
        };
        CHECK(share(z2, "redline") == Approx(100.0 * quadrangle(30.05, 30.1, 0.1) / county).epsilon(1e-6));
        CHECK(share(z1, "redline") == 0);
    }
    SECTION("a group sums its counties") {
        REQUIRE(r.groups.size() == 1);
        const auto& g = r.groups[0];
        CHECK(g.id == "某市");
        CHECK(g.members == std::vector<std::string>{"Z1", "Z2"});
        CHECK(g.area_m2 == Approx(2 * county).epsilon(1e-12));
        CHECK(g.landcover.forest_m2 == Approx(z1.landcover.forest_m2 + z2.landcover.forest_m2).epsilon(1e-12));
        CHECK(g.landcover.forest_pct == Approx(75.0).epsilon(1e-9));
    }
    SECTION("targets: each county against its own, the city against the city's") {
        auto result = [](const stats::ZoneFigures& z, const std::string& id) {
            for (const auto& t : z.targets)
                if (t.target->id == id) return t;
            FAIL("no target " + id);
            return stats::TargetResult{};
        };
        CHECK(result(z1, "forest-county").met);
        CHECK(result(z1, "forest-county").gap == Approx(40.0).epsilon(1e-9));
        CHECK_FALSE(result(z2, "forest-county").met);
        CHECK(result(z2, "forest-county").gap == Approx(-10.0).epsilon(1e-9));
        CHECK(result(z1, "redline-share").met);
        CHECK_FALSE(result(z2, "redline-share").met);  // half of it is red line
        const auto& city = result(r.groups[0], "forest-city");
        CHECK(city.met);
        CHECK(city.gap == Approx(5.0).epsilon(1e-9));
        for (const auto& t : z1.targets) CHECK(t.target->scope == "zone");
    }
}

TEST_CASE("targets that name what the statistics do not have are errors", "[stats]") {
    load::LayerSet layers;
    layers.working_crs = "EPSG:4490";
    const index::LayerIndex index(layers, 256, true);
    auto run = [&](const std::string& toml) {
        const stats::TargetSet targets = stats::parse_targets(toml, "t.toml");
        stats::StatsInput input;
        input.zones.push_back(zone_of("Z1", box(104.0, 30.0, 104.1, 30.1), quadrangle(30.0, 30.1, 0.1)));
        input.layers = &layers;
        input.index = &index;
        input.targets = &targets;
        Diagnostics d;
        return stats::compute_stats(std::move(input), {}, d);
    };
    using Catch::Matchers::Contains;
    CHECK_THROWS_WITH(run("[[target]]\nid = \"a\"\nindicator = \"forest_pct\"\nvalue = 50.0\napplies_to = [\"Z9\"]\n"),
                      Contains("t.toml:1") && Contains("applies to 'Z9'"));
    CHECK_THROWS_WITH(run("[[target]]\nid = \"a\"\nindicator = \"layer:redline\"\nvalue = 5.0\n"),
                      Contains("measures layer 'redline', which the catalog does not have"));
    CHECK_THROWS_WITH(run("[[target]]\nid = \"a\"\nindicator = \"forest_pct\"\nvalue = 5.0\nscope = \"group\"\napplies_to = [\"某市\"]\n"),
                      Contains("which is no group (city) of these zones"));
}

TEST_CASE("every indicator is read where stats.json writes it, and a target may name only policy indicators", "[stats]") {
    load::LayerSet layers;
    layers.working_crs = "EPSG:4490";
    layers.layers.push_back(layer_of("urban", catalog::Role::urban_boundary, box(104.0, 30.0, 104.05, 30.1)));
    layers.layers.push_back(layer_of("green", catalog::Role::green_space, box(104.0, 30.0, 104.02, 30.1)));
    const index::LayerIndex index(layers, 256, true);
    stats::Landcover landcover;
    landcover.source = test::memory_raster("EPSG:4490", 104.0, 30.1, 0.01, 0.01, 10, 10, std::vector<std::uint8_t>(100, 10));
    landcover.forest_classes = {10};
    landcover.green_classes = {10};
    stats::StatsInput input;
    input.zones.push_back(zone_of("Z1", box(104.0, 30.0, 104.1, 30.1), quadrangle(30.0, 30.1, 0.1)));
    input.layers = &layers;
    input.index = &index;
    input.landcover = &landcover;
    Diagnostics d;
    const stats::StatsResult r = stats::compute_stats(std::move(input), {}, d);
    const auto j = report::stats_json(catalog::Catalog{}, layers, r, d);
    const auto& zone = j["zones"][0];
    for (const auto& i : stats::indicator_table()) {
        INFO(i.name);
        REQUIRE(zone.contains(std::string(i.json_group)));
        REQUIRE(zone[std::string(i.json_group)].contains(std::string(i.json_key)));
        const auto v = stats::indicator_value(r.zones[0], i.name);
        REQUIRE(v);
        CHECK(zone[std::string(i.json_group)][std::string(i.json_key)].get<double>() == Approx(*v).margin(1e-3));
        CHECK(stats::is_indicator(i.name, true) == i.targetable);
    }
    CHECK(stats::is_indicator("layer:redline", true));
    CHECK_FALSE(stats::is_indicator("layer:", true));
    CHECK_FALSE(stats::is_indicator("coverage_pct", true));
    CHECK(stats::indicator_label("urban_green_space_pct") == "城镇绿地率");
}

TEST_CASE("zoning shares count overlaps once, in total and per zone value, across county lines", "[stats]") {
    // Three protected areas that overlap each other and both counties: two core zones, one general-control zone.
    const std::vector<std::array<double, 4>> core{{104.05, 30.00, 104.15, 30.05}, {104.12, 30.03, 104.19, 30.09}};
    const std::vector<std::array<double, 4>> general{{104.08, 30.02, 104.18, 30.08}};
    load::LayerSet layers;
    layers.working_crs = "EPSG:4490";
    load::Layer protected_areas;
    protected_areas.spec.id = "protected";
    protected_areas.spec.role = catalog::Role::protected_area;
    protected_areas.spec.zone_field = "zone";
    auto add = [&](const std::array<double, 4>& b, const std::string& zone) {
        load::Feature f;
        f.code = "P" + std::to_string(protected_areas.features.size());
        f.zone = zone;
        f.geom = geom::from_wkt(dense_box(b));
        protected_areas.features.push_back(std::move(f));
    };
    add(core[0], "核心保护区");
    add(general[0], "一般控制区");
    add(core[1], "核心保护区");
    layers.layers.push_back(std::move(protected_areas));
    const index::LayerIndex index(layers, 256, /*meridian_cuts_only=*/true);

    const std::array<double, 4> west{104.0, 30.0, 104.1, 30.1}, east{104.1, 30.0, 104.2, 30.1};
    auto compute = [&](const index::LayerOverlaps* overlaps) {
        stats::StatsInput input;
        input.zones.push_back(zone_of("Z1", dense_box(west), quadrangle(30.0, 30.1, 0.1)));
        input.zones.push_back(zone_of("Z2", dense_box(east), quadrangle(30.0, 30.1, 0.1)));
        input.zones_source = "memory";
        input.layers = &layers;
        input.index = &index;
        input.overlaps = overlaps;
        Diagnostics d;
        return stats::compute_stats(std::move(input), {}, d);
    };
    // What the layer's features share, found once for the layer.
    const index::LayerOverlaps overlaps(layers);
    CHECK(overlaps[0].any.parts.size() == 2);        // the general zone under the first core; the second core under both
    CHECK(overlaps[0].same_zone.parts.size() == 1);  // the two core zones share a corner
    std::vector<std::array<double, 4>> all = core;
    all.push_back(general[0]);
    for (const index::LayerOverlaps* given : {static_cast<const index::LayerOverlaps*>(nullptr), &overlaps}) {
        const stats::StatsResult r = compute(given);
        REQUIRE(r.zones.size() == 2);
        for (std::size_t i = 0; i < 2; ++i) {
            const auto& clip = i == 0 ? west : east;
            INFO("zone " << r.zones[i].id << (given ? ", overlaps given" : ""));
            REQUIRE(r.zones[i].layers.size() == 1);
            const stats::LayerShare& s = r.zones[i].layers[0];
            CHECK(s.total.area_m2 == Approx(boxes_union_area(all, clip)).epsilon(1e-6));
            CHECK(s.by_zone.at("核心保护区").area_m2 == Approx(boxes_union_area(core, clip)).epsilon(1e-6));
            CHECK(s.by_zone.at("一般控制区").area_m2 == Approx(boxes_union_area(general, clip)).epsilon(1e-6));
        }
    }
}

TEST_CASE("a shape inside a county that crosses the meridians its pieces are cut along is counted whole", "[stats]") {
    // A county of 800 vertices is cut into pieces between meridians (104.1°, 104.2°, 104.3°). A red-line box on
    // its southern boundary crosses 104.2°: inside the county, it is measured whole, as its own geodesic area.
    // Its edges are single geodesics of 0.1°; measured as the sum of its parts in the pieces, the vertices the
    // cut adds at 104.2° would bend its northern edge and change its area by thousands of m².
    // A farmland box runs across 104.3° and out over the county's eastern boundary at 104.4°.
    const std::array<double, 4> county{104.0, 30.0, 104.4, 30.1};
    const std::array<double, 4> inside{104.15, 30.0, 104.25, 30.05};
    const std::array<double, 4> across{104.25, 30.02, 104.45, 30.04};
    std::vector<geom::GeomPtr> pieces;
    std::vector<index::Strip> strips;
    const geom::GeomPtr county_geom = geom::from_wkt(dense_box(county));
    index::subdivide(county_geom.get(), 256, pieces, true, true, nullptr, &strips);
    REQUIRE(pieces.size() == 4);
    REQUIRE(strips.size() == 4);

    load::LayerSet layers;
    layers.working_crs = "EPSG:4490";
    layers.layers.push_back(layer_of("redline", catalog::Role::ecological_redline,
                                     box(inside[0], inside[1], inside[2], inside[3])));
    layers.layers.push_back(layer_of("farmland", catalog::Role::permanent_farmland, dense_box(across)));
    const index::LayerIndex index(layers, 256, /*meridian_cuts_only=*/true);
    const index::LayerOverlaps overlaps(layers);
    stats::StatsInput input;
    input.zones.push_back(zone_of("Z1", dense_box(county), quadrangle(30.0, 30.1, 0.4)));
    input.zones_source = "memory";
    input.layers = &layers;
    input.index = &index;
    input.overlaps = &overlaps;
    Diagnostics d;
    const stats::StatsResult r = stats::compute_stats(std::move(input), {}, d);
    REQUIRE(r.zones.size() == 1);
    REQUIRE(r.zones[0].layers.size() == 2);
    const geom::Ellipsoid e;
    CHECK(r.zones[0].layers[0].total.area_m2 == geom::geodesic_area_m2(layers.layers[0].features[0].geom.get(), e));
    CHECK(r.zones[0].layers[0].total.area_m2 == Approx(quadrangle(30.0, 30.05, 0.1)).epsilon(1e-3));
    CHECK(r.zones[0].layers[1].total.area_m2 == Approx(quadrangle(30.02, 30.04, 0.15)).epsilon(1e-6));
}
