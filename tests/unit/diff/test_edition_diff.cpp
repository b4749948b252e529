// Edition diff on shapes with known symmetric differences. Rectangles in longitude/latitude: shifting one
// along the longitudes turns the ellipsoid about its axis, so what a layer gains east and loses west have
// the same geodesic area, which is that of the rectangle [x, x + shift] — measured here with PROJ's
// geod_polygonarea directly, not with ecozone's code.

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <geodesic.h>

#include "diff/edition_diff.hpp"
#include "geom/geos_context.hpp"

using namespace ecozone;

namespace {

// The geodesic area of a ring of lon/lat vertices (edges are geodesics), on the CGCS2000 ellipsoid.
double ring_area(std::vector<double> lons, std::vector<double> lats) {
    geod_geodesic g;
    geod_init(&g, 6378137.0, 1.0 / 298.257222101);
    double area = 0, perimeter = 0;
    geod_polygonarea(&g, lats.data(), lons.data(), static_cast<int>(lons.size()), &area, &perimeter);
    return std::abs(area);
}

// The same for the rectangle with these corners.
double rect_area(double x0, double y0, double x1, double y1) { return ring_area({x0, x1, x1, x0}, {y0, y0, y1, y1}); }

geom::GeomPtr rect(double x0, double y0, double x1, double y1) {
    return geom::from_wkt("POLYGON((" + std::to_string(x0) + " " + std::to_string(y0) + "," + std::to_string(x1) + " " +
                          std::to_string(y0) + "," + std::to_string(x1) + " " + std::to_string(y1) + "," + std::to_string(x0) +
                          " " + std::to_string(y1) + "," + std::to_string(x0) + " " + std::to_string(y0) + "))");
}

load::Feature feature(std::string code, geom::GeomPtr g, std::string name = "") {
    load::Feature f;
    f.fid = static_cast<std::int64_t>(std::hash<std::string>{}(code) % 100000);
    f.code = std::move(code);
    f.name = std::move(name);
    f.geom = std::move(g);
    return f;
}

load::LayerSet set_of(std::vector<load::Feature> features, bool with_codes = true, std::string id = "redline") {
    load::Layer layer;
    layer.spec.id = std::move(id);
    layer.spec.title = "生态保护红线";
    layer.spec.role = catalog::Role::ecological_redline;
    if (with_codes) layer.spec.code_field = "code";
    layer.features = std::move(features);
    load::LayerSet set;
    set.working_crs = "EPSG:4490";
    set.working_crs_label = "EPSG:4490";
    set.layers.push_back(std::move(layer));
    return set;
}

stats::ZoneFigures zone(std::string id, std::string group, geom::GeomPtr g) {
    stats::ZoneFigures z;
    z.id = z.name = std::move(id);
    z.group = std::move(group);
    z.geom = std::move(g);
    return z;
}

diff::DiffResult run(const load::LayerSet& a, const load::LayerSet& b, const std::vector<stats::ZoneFigures>* zones = nullptr,
                     bool grouped = false) {
    Diagnostics diag;
    diff::DiffInput in;
    in.before = &a;
    in.after = &b;
    in.zones = zones;
    in.grouped = grouped;
    return diff::diff_editions(in, {}, diag);
}

std::size_t count(const diff::LayerDiff& l, diff::Change c) {
    const auto it = l.counts.find(c);
    return it == l.counts.end() ? 0 : it->second;
}

}  // namespace

TEST_CASE("identical editions: nothing gained, lost or changed", "[diff]") {
    std::vector<load::Feature> a, b;
    a.push_back(feature("A", rect(104, 30, 104.1, 30.1)));
    b.push_back(feature("A", rect(104, 30, 104.1, 30.1)));
    const auto r = run(set_of(std::move(a)), set_of(std::move(b)));
    REQUIRE(r.layers.size() == 1);
    CHECK(r.layers[0].unchanged == 1);
    CHECK(r.layers[0].features.empty());
    CHECK(r.layers[0].gained_m2 == 0);
    CHECK(r.layers[0].lost_m2 == 0);
    CHECK_FALSE(r.layers[0].changed());
}

TEST_CASE("a rectangle shifted east gains and loses rectangles of known area, split exactly by zones", "[diff]") {
    std::vector<load::Feature> a, b;
    a.push_back(feature("A", rect(104.0, 30.0, 104.2, 30.1)));
    b.push_back(feature("A", rect(104.05, 30.0, 104.25, 30.1)));
    std::vector<stats::ZoneFigures> zones;
    zones.push_back(zone("west", "city", rect(103.9, 29.9, 104.1, 30.2)));
    zones.push_back(zone("east", "city", rect(104.1, 29.9, 104.3, 30.2)));
    const auto r = run(set_of(std::move(a)), set_of(std::move(b)), &zones, true);
    const diff::LayerDiff& l = r.layers[0];
    const double strip = rect_area(104.0, 30.0, 104.05, 30.1);
    CHECK(count(l, diff::Change::geometry) == 1);
    CHECK(l.gained_m2 == Approx(strip).epsilon(1e-9));
    CHECK(l.lost_m2 == Approx(strip).epsilon(1e-9));
    CHECK(l.gained_m2 == Approx(rect_area(104.2, 30.0, 104.25, 30.1)).epsilon(1e-9));
    REQUIRE(l.zones.size() == 2);
    CHECK(l.zones[0].lost_m2 == Approx(strip).epsilon(1e-9));  // west lost its strip
    CHECK(l.zones[0].gained_m2 == 0);
    CHECK(l.zones[1].gained_m2 == Approx(strip).epsilon(1e-9));  // east gained one
    CHECK(l.zones[1].lost_m2 == 0);
    CHECK(l.outside.gained_m2 == 0);
    REQUIRE(l.groups.size() == 1);
    CHECK(l.groups[0].net_m2() == Approx(0).margin(1e-3));
    // The feature against its own earlier version.
    REQUIRE(l.features.size() == 1);
    CHECK(l.features[0].gained_m2 == Approx(strip).epsilon(1e-9));
    CHECK(l.features[0].old_m2 == Approx(rect_area(104.0, 30.0, 104.2, 30.1)).epsilon(1e-9));
}

TEST_CASE("features are matched by code: added, removed, reshaped, renamed", "[diff]") {
    std::vector<load::Feature> a, b;
    a.push_back(feature("keep", rect(104, 30, 104.1, 30.1), "甲"));
    a.push_back(feature("gone", rect(105, 30, 105.1, 30.1)));
    a.push_back(feature("grow", rect(106, 30, 106.1, 30.1)));
    a.push_back(feature("rename", rect(107, 30, 107.1, 30.1), "旧名"));
    b.push_back(feature("keep", rect(104, 30, 104.1, 30.1), "甲"));
    b.push_back(feature("grow", rect(106, 30, 106.1, 30.2)));
    b.push_back(feature("rename", rect(107, 30, 107.1, 30.1), "新名"));
    b.push_back(feature("new", rect(108, 30, 108.1, 30.1)));
    const auto r = run(set_of(std::move(a)), set_of(std::move(b)));
    const diff::LayerDiff& l = r.layers[0];
    CHECK(l.unchanged == 1);
    CHECK(count(l, diff::Change::added) == 1);
    CHECK(count(l, diff::Change::removed) == 1);
    CHECK(count(l, diff::Change::geometry) == 1);
    CHECK(count(l, diff::Change::attributes) == 1);
    CHECK(l.gained_m2 == Approx(rect_area(106, 30.1, 106.1, 30.2) + rect_area(108, 30, 108.1, 30.1)).epsilon(1e-9));
    CHECK(l.lost_m2 == Approx(rect_area(105, 30, 105.1, 30.1)).epsilon(1e-9));
    for (const auto& f : l.features) {
        if (f.code == "rename") {
            CHECK(f.change == diff::Change::attributes);
            CHECK(f.old_name == "旧名");
            CHECK(f.new_name == "新名");
            CHECK(f.gained_m2 == 0);
        }
    }
    CHECK(l.outside.gained_m2 == Approx(l.gained_m2).epsilon(1e-12));  // no zones: everything is "outside"
}

TEST_CASE("a code held by several features: two parts merged into one outline move no area", "[diff]") {
    std::vector<load::Feature> a, b;
    a.push_back(feature("A", rect(104, 30, 104.1, 30.1)));
    a.push_back(feature("A", rect(104.1, 30, 104.2, 30.1)));
    b.push_back(feature("A", geom::from_wkt("POLYGON((104 30,104.1 30,104.2 30,104.2 30.1,104.1 30.1,104 30.1,104 30))")));
    const auto r = run(set_of(std::move(a)), set_of(std::move(b)));
    const diff::LayerDiff& l = r.layers[0];
    REQUIRE(l.features.size() == 1);
    CHECK(l.features[0].change == diff::Change::geometry);
    CHECK(l.features[0].old_parts == 2);
    CHECK(l.features[0].new_parts == 1);
    CHECK(l.features[0].gained_m2 == Approx(0).margin(1e-6));
    CHECK(l.features[0].lost_m2 == Approx(0).margin(1e-6));
    CHECK(l.gained_m2 == Approx(0).margin(1e-6));
    CHECK(l.lost_m2 == Approx(0).margin(1e-6));
}

TEST_CASE("a feature's vertices written in another order is the same shape", "[diff]") {
    std::vector<load::Feature> a, b;
    a.push_back(feature("A", rect(104, 30, 104.1, 30.1)));
    b.push_back(feature("A", geom::from_wkt("POLYGON((104.1 30.1,104 30.1,104 30,104.1 30,104.1 30.1))")));
    const auto r = run(set_of(std::move(a)), set_of(std::move(b)));
    CHECK(r.layers[0].unchanged == 1);
    CHECK(r.layers[0].features.empty());
}

TEST_CASE("overlaps inside a layer count once in what it gains", "[diff]") {
    std::vector<load::Feature> a, b;
    a.push_back(feature("old", rect(104, 30, 104.1, 30.1)));
    b.push_back(feature("old", rect(104, 30, 104.1, 30.1)));
    // Two new features overlapping each other by half, and one of them half over the old one.
    b.push_back(feature("n1", rect(104.05, 30, 104.15, 30.1)));
    b.push_back(feature("n2", rect(104.10, 30, 104.20, 30.1)));
    const auto r = run(set_of(std::move(a)), set_of(std::move(b)));
    const diff::LayerDiff& l = r.layers[0];
    CHECK(count(l, diff::Change::added) == 2);
    // The union keeps the corner of n1 on each long side: edges are geodesics, so that vertex counts.
    CHECK(l.gained_m2 == Approx(ring_area({104.1, 104.15, 104.2, 104.2, 104.15, 104.1}, {30, 30, 30, 30.1, 30.1, 30.1})).epsilon(1e-9));
    CHECK(l.lost_m2 == 0);
}

TEST_CASE("without a code field, features are matched by their shape", "[diff]") {
    std::vector<load::Feature> a, b;
    a.push_back(feature("1", rect(104, 30, 104.1, 30.1)));
    a.push_back(feature("2", rect(105, 30, 105.1, 30.1)));
    b.push_back(feature("7", rect(104, 30, 104.1, 30.1)));  // the same shape under another FID
    b.push_back(feature("8", rect(105, 30, 105.2, 30.1)));
    const auto r = run(set_of(std::move(a), false), set_of(std::move(b), false));
    const diff::LayerDiff& l = r.layers[0];
    CHECK(l.matched_by.empty());
    CHECK(l.unchanged == 1);
    CHECK(count(l, diff::Change::added) == 1);
    CHECK(count(l, diff::Change::removed) == 1);
    CHECK(l.gained_m2 == Approx(rect_area(105.1, 30, 105.2, 30.1)).epsilon(1e-9));
    CHECK(l.lost_m2 == 0);  // the removed shape lies inside the added one
}

TEST_CASE("a layer in one edition only: all its features added or removed", "[diff]") {
    std::vector<load::Feature> a, b, c;
    a.push_back(feature("A", rect(104, 30, 104.1, 30.1)));
    b.push_back(feature("A", rect(104, 30, 104.1, 30.1)));
    c.push_back(feature("P", rect(106, 30, 106.1, 30.1)));
    load::LayerSet before = set_of(std::move(a));
    load::LayerSet after = set_of(std::move(b));
    after.layers.push_back(std::move(set_of(std::move(c), true, "parks").layers[0]));
    const auto r = run(before, after);
    REQUIRE(r.layers.size() == 2);
    CHECK(r.layers[1].id == "parks");
    CHECK_FALSE(r.layers[1].in_old);
    CHECK(count(r.layers[1], diff::Change::added) == 1);
    CHECK(r.layers[1].gained_m2 == Approx(rect_area(106, 30, 106.1, 30.1)).epsilon(1e-9));
}

TEST_CASE("sites whose verdict or reasons change", "[diff]") {
    screen::ScreeningResult a, b;
    a.sites.resize(3);
    b.sites.resize(3);
    a.sites[1].verdict = screen::Verdict::clear;
    b.sites[1].verdict = screen::Verdict::prohibited;
    b.sites[1].reasons.push_back({"redline", screen::Verdict::prohibited, "…", "", "redline", "HX-1", ""});
    a.sites[2].verdict = b.sites[2].verdict = screen::Verdict::restricted;
    a.sites[2].reasons.push_back({"pa-general", screen::Verdict::restricted, "", "", "protected", "P-1", ""});
    b.sites[2].reasons.push_back({"pa-general", screen::Verdict::restricted, "", "", "protected", "P-2", ""});
    const auto changes = diff::compare_screenings(a, b);
    REQUIRE(changes.size() == 2);
    CHECK(changes[0].site == 1);
    CHECK(changes[0].kind() == "stricter");
    CHECK(changes[1].site == 2);
    CHECK(changes[1].kind() == "reasons");
}
