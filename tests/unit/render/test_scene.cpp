#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.hpp"
#include "geom/geodesic.hpp"
#include "geom/repair.hpp"
#include "load/load_layers.hpp"
#include "render/scene.hpp"
#include "render/sheet.hpp"

using namespace ecozone;
using Catch::Matchers::Contains;

namespace {

load::Feature county(const std::string& code, const std::string& name, const std::string& city, const std::string& wkt) {
    load::Feature f;
    f.code = code;
    f.name = name;
    f.zone = city;
    f.geom = geom::from_wkt(wkt);
    return f;
}

std::vector<load::Feature> two_cities() {
    std::vector<load::Feature> fs;
    fs.push_back(county("510703", "涪城区", "绵阳市", "POLYGON((104.6 31.4,104.9 31.4,104.9 31.6,104.6 31.6,104.6 31.4))"));
    fs.push_back(county("510704", "游仙区", "绵阳市", "POLYGON((104.9 31.4,105.2 31.4,105.2 31.7,104.9 31.7,104.9 31.4))"));
    fs.push_back(county("512002", "雁江区", "资阳市", "POLYGON((104.5 30.0,104.8 30.0,104.8 30.3,104.5 30.3,104.5 30.0))"));
    return fs;
}

}  // namespace

TEST_CASE("a map's view is one county, one city, or a box", "[render]") {
    const auto features = two_cities();
    const auto zones = render::map_zones(features);
    REQUIRE(zones.size() == 3);
    CHECK(zones[0].id == "510703");
    CHECK(zones[0].group == "绵阳市");
    CHECK(zones[0].geom == features[0].geom.get());

    const geom::Envelope county = render::zone_view(zones, "游仙区");
    CHECK(county.min_x == 104.9);
    CHECK(county.max_y == 31.7);
    CHECK(render::zone_view(zones, "510703").max_x == 104.9);
    const geom::Envelope city = render::zone_view(zones, "绵阳市");
    CHECK(city.min_x == 104.6);
    CHECK(city.max_x == 105.2);
    CHECK_THROWS_WITH(render::zone_view(zones, "资阳"), Contains("no zone is called or coded '资阳'. Do you mean '资阳市'?"));
    CHECK_THROWS_WITH(render::zone_view(zones, "雁江"), Contains("Do you mean '雁江区'?"));
    CHECK_THROWS_WITH(render::zone_view({}, "雁江区"), Contains("no zone"));

    const geom::Envelope box = render::parse_bbox("104.3,29.9,105.0,30.4");
    CHECK(box.min_x == 104.3);
    CHECK(box.max_y == 30.4);
    for (const char* bad : {"104.3,29.9,105.0", "105,29.9,104,30.4", "104,30,105,nan", "104,30,105,31,", "a,b,c,d",
                            "104,30,185,31"}) {
        CHECK_THROWS_AS(render::parse_bbox(bad), Error);
    }
}

TEST_CASE("a choropleth is labelled and titled from its indicator", "[render]") {
    render::Choropleth c = render::make_choropleth("forest_pct", {{"510703", 41.5}, {"510704", 60.0}});
    CHECK(c.label == "森林覆盖率（%）");
    CHECK(c.values.at("510703") == 41.5);
    // A county is marked against its own targets only, met when it meets all of them.
    c.zone_targets["510703"] = {{"≥ 40%（2025年）", true, ""}, {"≥ 45%（2030年）", false, ""}};
    c.zone_targets["510704"] = {{"≥ 40%（2025年）", true, ""}};
    CHECK(c.zone_met("510703") == std::optional<bool>(false));
    CHECK(c.zone_met("510704") == std::optional<bool>(true));
    CHECK_FALSE(c.zone_met("512002").has_value());
    CHECK(render::choropleth_title("绵阳市", c) == "绵阳市森林覆盖率分布图");
    CHECK(render::choropleth_title("", c) == "森林覆盖率分布图");
    catalog::Catalog cat;
    cat.name = "示例分区";
    CHECK(render::zoning_title("", cat) == "示例分区");
    CHECK(render::zoning_title("涪城区", cat) == "涪城区生态环境分区管控图");
}

TEST_CASE("a sheet keeps the view's proportions and its scale bar claims its geodesic length", "[render]") {
    const auto features = two_cities();
    load::LayerSet layers;
    layers.working_crs = "EPSG:4490";
    layers.ellipsoid = geom::Ellipsoid(6378137.0, 1 / 298.257222101);
    catalog::Catalog cat;
    render::Style style;
    render::MapInput in;
    in.catalog = &cat;
    in.layers = &layers;
    in.style = &style;
    in.zones = render::map_zones(features);
    const render::PageSpec page;  // A4 landscape
    const render::Sheet sheet = render::plan_sheet(in, page);
    CHECK(sheet.central_meridian == 105);
    CHECK_THAT(sheet.crs_note, Contains("CGCS2000") && Contains("中央经线 105°E"));
    // The frame fills the page less its margins, title, notes and legend; one mm is the same ground
    // distance both ways.
    CHECK(sheet.frame.fx == 8);
    CHECK(sheet.frame.fw == Approx(297 - 16 - std::min(62.0, 297 * 0.24)));
    CHECK((sheet.frame.maxx - sheet.frame.minx) * sheet.frame.s == Approx(sheet.frame.fw));
    CHECK((sheet.frame.maxy - sheet.frame.miny) * sheet.frame.s == Approx(sheet.frame.fh));
    // Everything in view lies in the frame's lon/lat box.
    CHECK(sheet.view_ll.min_x <= 104.5);
    CHECK(sheet.view_ll.max_y >= 31.7);

    const render::ScaleMeasure m = render::measure_scale(sheet, layers.ellipsoid);
    const double claimed = layers.ellipsoid.distance_m(m.bar.end_lon[0], m.bar.end_lat[0], m.bar.end_lon[1], m.bar.end_lat[1]);
    CHECK(claimed == Approx(m.bar.length_m).epsilon(0.002));
    CHECK(m.bar.length_mm <= 40.0 + 1e-9);
    CHECK(m.scale_denominator == Approx(m.bar.length_m * 1000 / m.bar.length_mm).epsilon(1e-9));
    // The sheet is drawn at a round scale: two significant figures.
    CHECK(m.scale_denominator == Approx(render::round_scale(m.scale_denominator * 0.999)).epsilon(1e-6));
    // Near the central meridian grid north is almost true north.
    CHECK(std::fabs(m.north_angle) < 0.02);

    CHECK(render::nice_length(38'000) == 25'000);
    CHECK(render::nice_length(2'100) == 2'000);
    CHECK(render::nice_length(999) == 500);
    CHECK(render::length_label(25'000) == "25 km");
    CHECK(render::length_label(12'500) == "12.5 km");  // the midpoint of a 25 km bar
    CHECK(render::length_label(1'250) == "1.25 km");
    CHECK(render::length_label(125) == "125 m");
    CHECK(render::length_label(12.5) == "12.5 m");
    CHECK(render::round_scale(681'100) == 690'000);
    CHECK(render::round_scale(680'000) == 680'000);
    CHECK(render::round_scale(14'520) == 15'000);
    CHECK(render::scale_label(689'999.9999) == "1:690,000");
    CHECK(render::scale_label(2'400'000.0001) == "1:2,400,000");
    CHECK(render::length_label(2'500) == "2.5 km");
    CHECK(render::length_label(500) == "500 m");

    render::MapInput empty = in;
    empty.zones.clear();
    CHECK_THROWS_WITH(render::plan_sheet(empty, page), Contains("nothing to map"));
}
