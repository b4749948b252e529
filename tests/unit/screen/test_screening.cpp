#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "catalog/catalog.hpp"
#include "index/layer_index.hpp"
#include "io/site_text.hpp"
#include "load/load_layers.hpp"
#include "load/sites.hpp"
#include "screen/screening.hpp"
#include "stats/carbon.hpp"
#include "support/closed_forms.hpp"
#include "support/fixtures.hpp"

using namespace ecozone;
using Catch::Matchers::Contains;

namespace {

struct Golden {
    double overlap_m2 = 0, overlap_len_m = 0, distance_m = 0, site_area_m2 = 0, site_length_m = 0;
};

// (site, layer, code) -> PostGIS values from tests/data/screen/make_golden.sh.
std::map<std::tuple<std::string, std::string, std::string>, Golden> postgis_golden() {
    std::ifstream in(test::data_dir() / "screen" / "postgis_golden.csv");
    std::stringstream ss;
    ss << in.rdbuf();
    const auto table = io::parse_csv(ss.str(), "postgis_golden.csv");
    std::map<std::tuple<std::string, std::string, std::string>, Golden> out;
    for (const auto& r : table.rows) {
        out[{r[0], r[1], r[2]}] = {std::stod(r[3]), std::stod(r[4]), std::stod(r[5]), std::stod(r[6]), std::stod(r[7])};
    }
    return out;
}

// Agreement "within 0.1 % or `abs`", as the issue states it.
bool agrees(double ours, double theirs, double abs) {
    return std::fabs(ours - theirs) <= std::max(abs, 0.001 * std::fabs(theirs));
}

struct Run {
    catalog::Catalog catalog;
    load::LayerSet layers;
    load::SiteSet sites;
    screen::ScreeningResult result;
    Diagnostics diagnostics;

    const screen::SiteResult& of(const std::string& id) const {
        for (std::size_t i = 0; i < sites.sites.size(); ++i)
            if (sites.sites[i].id == id) return result.sites[i];
        throw std::runtime_error("no site " + id);
    }
    const load::Site& site(const std::string& id) const {
        for (const auto& s : sites.sites)
            if (s.id == id) return s;
        throw std::runtime_error("no site " + id);
    }
    std::size_t layer(const std::string& id) const {
        for (std::size_t i = 0; i < layers.layers.size(); ++i)
            if (layers.layers[i].spec.id == id) return i;
        throw std::runtime_error("no layer " + id);
    }
};

std::unique_ptr<Run> run(const std::string& sites_file, int max_piece_vertices = 256, bool keep_circles = true) {
    auto r = std::make_unique<Run>();
    r->catalog = catalog::load_catalog(test::data_dir() / "screen" / "catalog.toml");
    r->layers = load::load_layers(r->catalog, r->diagnostics);
    REQUIRE(r->layers.failures.empty());
    load::SiteReadOptions site_opt;
    site_opt.keep_circles = keep_circles;
    if (!keep_circles) site_opt.circles_kept_anyway = 0;
    r->sites = load::read_sites(test::data("screen/" + sites_file), site_opt, r->layers.working_crs, r->layers.ellipsoid,
                                r->diagnostics);
    const auto rules = screen::load_rules(r->catalog.rules);
    screen::ScreeningOptions options;
    const index::LayerIndex index(r->layers, max_piece_vertices);
    r->result = screen::screen_sites(index, r->sites, rules, {}, options, r->diagnostics);
    return r;
}

void check_against_postgis(const Run& r) {
    const auto golden = postgis_golden();
    for (std::size_t i = 0; i < r.sites.sites.size(); ++i) {
        const load::Site& site = r.sites.sites[i];
        const screen::SiteResult& res = r.result.sites[i];
        std::map<std::string, double> min_distance;
        for (const auto& [key, g] : golden) {
            const auto& [sid, layer_id, code] = key;
            if (sid != site.id) continue;
            INFO("site " << sid << " layer " << layer_id << " feature " << code);
            if (site.kind != load::SiteKind::line) CHECK(agrees(site.area_m2, g.site_area_m2, 1.0));
            if (site.kind == load::SiteKind::line) CHECK(agrees(site.length_m, g.site_length_m, 1.0));
            auto d = min_distance.find(layer_id);
            if (d == min_distance.end() || g.distance_m < d->second) min_distance[layer_id] = g.distance_m;
            const std::size_t l = r.layer(layer_id);
            const screen::HitResult* hit = nullptr;
            for (const auto& h : res.hits)
                if (h.layer == l && r.layers.layers[l].features[h.feature].code == code && h.overlaps) hit = &h;
            const bool area_overlap = site.kind != load::SiteKind::line && g.overlap_m2 > 0;
            const bool line_overlap = site.kind == load::SiteKind::line && g.overlap_len_m > 0;
            const bool bare_point_inside = site.kind == load::SiteKind::point && site.buffer_m == 0 && g.distance_m == 0;
            if (area_overlap) {
                REQUIRE(hit);
                CHECK(agrees(hit->overlap_m2, g.overlap_m2, 1.0));
            } else if (line_overlap) {
                REQUIRE(hit);
                CHECK(agrees(hit->overlap_len_m, g.overlap_len_m, 1.0));
            } else if (!bare_point_inside) {
                CHECK_FALSE(hit);  // touching is not overlapping
            }
        }
        for (const auto& [layer_id, d] : min_distance) {
            INFO("site " << site.id << " nearest " << layer_id << ": PostGIS " << d);
            const auto& nearest = res.nearest[r.layer(layer_id)];
            if (d <= r.result.search_m) {
                REQUIRE(nearest);
                CHECK(agrees(nearest->distance_m, d, 1.0));
            } else {
                CHECK_FALSE(nearest);
            }
        }
    }
}

// sample_data's counties, coded by adcode, in the working CRS.
load::LoadedSource sample_counties() {
    Diagnostics diag;
    load::SourceRequest req;
    req.source = (test::source_dir() / "sample_data" / "counties.gpkg").string();
    req.as_written = "counties.gpkg";
    req.code_field = "adcode";
    return load::load_source(req, "EPSG:4490", geom::Ellipsoid{}, diag);
}

}  // namespace

TEST_CASE("overlaps and distances agree with PostGIS geography", "[screen][postgis]") {
    auto r = run("sites.geojson");
    check_against_postgis(*r);
}

TEST_CASE("features cut into small pieces give the same answers", "[screen][postgis]") {
    // Pieces of at most 5 vertices: every feature is subdivided, as province-scale layers are.
    auto r = run("sites.geojson", 5);
    check_against_postgis(*r);
}

TEST_CASE("circles not kept after reading give the same answers, made again vertex for vertex", "[screen]") {
    const auto kept = run("sites.geojson");
    const auto made = run("sites.geojson", 256, false);
    REQUIRE(kept->sites.sites.size() == made->sites.sites.size());
    int circles = 0;
    for (std::size_t i = 0; i < kept->sites.sites.size(); ++i) {
        const load::Site& a = kept->sites.sites[i];
        const load::Site& b = made->sites.sites[i];
        INFO("site " << a.id);
        CHECK(a.area_m2 == b.area_m2);
        if (a.kind == load::SiteKind::point && a.buffer_m > 0) {
            ++circles;
            CHECK(!b.footprint());
            const load::FootprintRef again = load::footprint_of(b, made->layers.ellipsoid);
            REQUIRE(again.get());
            CHECK(GEOSEqualsExact_r(geom::geos(), again.get(), a.footprint(), 0.0) == 1);
        }
        const auto& ra = kept->result.sites[i];
        const auto& rb = made->result.sites[i];
        CHECK(ra.verdict == rb.verdict);
        REQUIRE(ra.hits.size() == rb.hits.size());
        for (std::size_t h = 0; h < ra.hits.size(); ++h) {
            CHECK(ra.hits[h].overlap_m2 == rb.hits[h].overlap_m2);
            CHECK(ra.hits[h].distance_m == rb.hits[h].distance_m);
        }
    }
    CHECK(circles > 0);
}

TEST_CASE("a parcel in a Gauss-Kruger CRS agrees with PostGIS", "[screen][postgis]") {
    auto r = run("sites_gk.gpkg");
    REQUIRE(r->sites.sites.size() == 1);
    CHECK(r->sites.source_crs.rfind("EPSG:4523", 0) == 0);
    check_against_postgis(*r);
}

TEST_CASE("verdicts and reasons for the named cases", "[screen]") {
    auto r = run("sites.geojson");
    using screen::Verdict;
    SECTION("a site touching a red-line edge: distance 0, no overlap") {
        const auto& res = r->of("T1");
        CHECK(res.nearest[r->layer("redline")]->distance_m == Approx(0).margin(1e-6));
        for (const auto& h : res.hits) CHECK((r->layers.layers[h.layer].spec.id != "redline" || !h.overlaps));
        CHECK(res.verdict == Verdict::review);  // the proximity rule, not the occupation rule
        REQUIRE_FALSE(res.reasons.empty());
        CHECK(res.reasons.front().rule == "redline-near");
    }
    SECTION("a site inside a core zone") {
        CHECK(r->of("T2").verdict == Verdict::prohibited);
        CHECK(r->of("T2").reasons.front().rule == "core");
    }
    SECTION("a site across two counties gets both shares") {
        const auto& res = r->of("T3");
        std::map<std::string, double> shares;
        for (const auto& h : res.hits) shares[r->layers.layers[h.layer].features[h.feature].code] = h.overlap_ratio;
        REQUIRE(shares.size() == 2);
        CHECK(shares["C1"] + shares["C2"] == Approx(1.0).epsilon(1e-9));
        CHECK(shares["C1"] == Approx(5.0 / 7.0).epsilon(1e-3));
    }
    SECTION("an invalid site polygon is repaired and warned about") {
        CHECK(r->site("T4").kind == load::SiteKind::polygon);
        bool warned = false;
        for (const auto& d : r->diagnostics.all())
            warned = warned || (d.text().find("sites.geojson") != std::string::npos &&
                                d.text().find("repaired") != std::string::npos);
        CHECK(warned);
    }
    SECTION("points with and without a footprint") {
        const auto& with = r->site("T6");
        CHECK(with.area_m2 == Approx(3.14159265358979 * 300 * 300).epsilon(1e-4));  // a true circle, within 0.01 %
        CHECK(r->of("T6").verdict == Verdict::prohibited);
        const auto& bare = r->site("T7");
        CHECK(bare.area_m2 == 0);
        CHECK(r->of("T7").verdict == Verdict::prohibited);
        bool core_hit = false;
        for (const auto& h : r->of("T7").hits)
            core_hit = core_hit || (r->layers.layers[h.layer].features[h.feature].code == "P1-H" && h.overlap_ratio == 1.0);
        CHECK(core_hit);
    }
    SECTION("a route crossing three layers") {
        const auto& res = r->of("T8");
        std::set<std::string> layers;
        for (const auto& h : res.hits)
            if (h.overlaps) layers.insert(r->layers.layers[h.layer].spec.id);
        CHECK(layers.count("redline"));
        CHECK(layers.count("farmland"));
        CHECK(layers.count("protected"));
        CHECK(layers.count("water"));
        CHECK(res.verdict == Verdict::prohibited);
        bool linear = false;
        for (const auto& reason : res.reasons) linear = linear || reason.rule == "farmland-linear";
        CHECK(linear);
    }
    SECTION("a site far from everything is clear") {
        CHECK(r->of("T9").verdict == Verdict::clear);
        CHECK(r->of("T9").reasons.empty());
    }
}

TEST_CASE("a geodesic circle's area is within 0.01 % of the circle's", "[screen][geodesic]") {
    const geom::Ellipsoid e;
    for (double radius : {10.0, 150.0, 1000.0, 5000.0}) {
        for (double lat : {26.0, 30.5, 34.0}) {
            auto c = geom::geodesic_circle(104.0, lat, radius, e);
            CHECK(geom::geodesic_area_m2(c.get(), e) == Approx(3.14159265358979 * radius * radius).epsilon(1e-4));
        }
    }
}

TEST_CASE("pieces of a subdivided county add up to the county on the ellipsoid", "[index][geodesic]") {
    const geom::Ellipsoid e;
    const auto src = sample_counties();
    for (const auto& f : src.features) {
        std::vector<geom::GeomPtr> pieces;
        index::subdivide(f.geom.get(), 256, pieces);
        double sum = 0;
        for (const auto& p : pieces) {
            CHECK(GEOSGetNumCoordinates_r(geom::geos(), p.get()) <= 400);
            sum += geom::geodesic_area_m2(p.get(), e);
        }
        INFO("county " << f.code << ", " << pieces.size() << " pieces");
        CHECK(sum == Approx(f.area_m2).epsilon(1e-8));
    }
}

TEST_CASE("pieces cut along meridians lie in their strips, and the strips meet at the cuts", "[index]") {
    const auto src = sample_counties();
    for (const auto& f : src.features) {
        std::vector<geom::GeomPtr> pieces;
        std::vector<index::Strip> strips;
        index::subdivide(f.geom.get(), 64, pieces, true, true, nullptr, &strips);
        INFO("county " << f.code << ", " << pieces.size() << " pieces");
        REQUIRE(strips.size() == pieces.size());
        REQUIRE(pieces.size() > 1);
        for (std::size_t i = 0; i < pieces.size(); ++i) {
            const geom::Envelope env = geom::envelope(pieces[i].get());
            CHECK(env.min_x >= strips[i].min_x);
            CHECK(env.max_x <= strips[i].max_x);
            // Every cut has strips on both sides of it.
            for (double cut : {strips[i].min_x, strips[i].max_x}) {
                if (std::isinf(cut)) continue;
                CHECK(std::any_of(strips.begin(), strips.end(), [&](const index::Strip& s) { return s.max_x == cut; }));
                CHECK(std::any_of(strips.begin(), strips.end(), [&](const index::Strip& s) { return s.min_x == cut; }));
            }
        }
    }
    std::vector<geom::GeomPtr> pieces;
    std::vector<index::Strip> strips;
    CHECK_THROWS_AS(index::subdivide(src.features[0].geom.get(), 64, pieces, false, true, nullptr, &strips), std::logic_error);
}

namespace {

// Allocations LeakSanitizer is not to report while it lives (a no-op without the sanitizer).
struct LeaksIgnored {
    LeaksIgnored() {
#if defined(__SANITIZE_ADDRESS__)
        __lsan_disable();
#endif
    }
    ~LeaksIgnored() {
#if defined(__SANITIZE_ADDRESS__)
        __lsan_enable();
#endif
    }
    LeaksIgnored(const LeaksIgnored&) = delete;
    LeaksIgnored& operator=(const LeaksIgnored&) = delete;
};

}  // namespace

TEST_CASE("pieces cut very small along meridians still add up to their feature", "[index]") {
    // Cut after cut, a piece the clipper left slightly invalid can come back from the next cut as more than it
    // was (a ring turned inside out); such a cut is refused and the piece kept whole.
    // inside_out_cut.gpkg: a control unit of the generated province data (6,914 vertices) whose pieces of 32
    // vertices added up to 28 times its area before; the sample's counties besides.
    Diagnostics diag;
    std::vector<load::Feature> features;
    for (const char* file : {"tests/data/inside_out_cut.gpkg", "sample_data/counties.gpkg"}) {
        load::SourceRequest req;
        req.source = (test::source_dir() / file).string();
        req.as_written = file;
        auto src = load::load_source(req, "EPSG:4490", geom::Ellipsoid{}, diag);
        for (auto& f : src.features) features.push_back(std::move(f));
    }
    const geom::Ellipsoid e;
    for (int max_vertices : {24, 32, 64}) {
        for (const auto& f : features) {
            std::vector<geom::GeomPtr> pieces;
            {
                // GEOS 3.11's rectangle clipper, which goes wrong on these cuts (rebuilding rings along the
                // rectangle; cf. libgeos/geos#605), also leaks the rings it drops: not ecozone's memory.
                const LeaksIgnored inside_geos;
                index::subdivide(f.geom.get(), max_vertices, pieces, /*meridian_cuts_only=*/true);
            }
            double sum = 0;
            for (const auto& p : pieces) sum += geom::geodesic_area_m2(p.get(), e);
            INFO("feature " << f.code << ", " << pieces.size() << " pieces of at most " << max_vertices << " vertices");
            CHECK(sum == Approx(f.area_m2).epsilon(1e-5));
        }
    }
}

TEST_CASE("cut pieces are checked on first use, once, from any thread", "[index]") {
    load::Layer layer;
    layer.spec.id = "counties";
    layer.features = sample_counties().features;
    load::LayerSet set;
    set.layers.push_back(std::move(layer));
    const geom::Ellipsoid e;
    const index::LayerIndex idx(set, 64);
    const auto& pieces = idx[0].pieces;
    REQUIRE(std::any_of(pieces.begin(), pieces.end(), [](const index::Piece& p) { return p.cut; }));
    // Two threads race for every piece; both must get the same, valid geometry.
    std::vector<const GEOSGeometry*> first(pieces.size()), second(pieces.size());
    std::thread other([&] {
        for (std::size_t i = pieces.size(); i-- > 0;) second[i] = idx.valid_piece(0, i);
    });
    for (std::size_t i = 0; i < pieces.size(); ++i) first[i] = idx.valid_piece(0, i);
    other.join();
    CHECK(first == second);
    std::vector<double> sums(set.layers[0].features.size(), 0.0);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        REQUIRE(first[i] != nullptr);
        CHECK(GEOSisValid_r(geom::geos(), first[i]) == 1);
        CHECK(geom::is_polygonal(first[i]));
        sums[pieces[i].feature] += geom::geodesic_area_m2(first[i], e);
    }
    // Cuts along parallels: the pieces add up to the county within the bulge of the geodesics over the
    // cuts (a 50 km cut at 31°N bulges ~30 m: ~1e-4 of a county).
    for (std::size_t f = 0; f < sums.size(); ++f) {
        const double whole = geom::geodesic_area_m2(set.layers[0].features[f].geom.get(), e);
        CHECK(sums[f] == Approx(whole).epsilon(2e-4));
    }
}

TEST_CASE("every rule of the default set names the document it encodes", "[screen][rules]") {
    const screen::RuleSet rules = screen::load_rules((test::source_dir() / "layers" / "rules-default.toml").string());
    REQUIRE(rules.rules.size() >= 20);
    for (const auto& r : rules.rules) {
        INFO(r.id);
        CHECK_FALSE(r.source.empty());
    }
    // 自然资办发〔2023〕12号: photovoltaic plants never on permanent farmland or in the red line.
    auto rule = [&](const std::string& id) -> const screen::Rule& {
        for (const auto& r : rules.rules)
            if (r.id == id) return r;
        FAIL("no rule " << id);
        return rules.rules.front();
    };
    CHECK(rule("farmland-photovoltaic").verdict == screen::Verdict::prohibited);
    CHECK_THAT(rule("farmland-photovoltaic").source, Catch::Matchers::Contains("自然资办发〔2023〕12号"));
    CHECK(rule("redline-photovoltaic").verdict == screen::Verdict::prohibited);
    // A station or yard of ordinary transport works is no major project: prohibited on farmland.
    CHECK(rule("farmland-works-site").verdict == screen::Verdict::prohibited);
    CHECK(rule("farmland-linear").verdict == screen::Verdict::restricted);
}

TEST_CASE("what a site occupies: land-cover classes, forest and carbon, exactly; land-cover rules", "[screen][landcover]") {
    Diagnostics d;
    const catalog::Catalog cat = catalog::load_catalog(test::data_dir() / "screen" / "catalog.toml");
    const load::LayerSet layers = load::load_layers(cat, d);
    // 0.001° cells from 104.0 E, 31.0 N: columns 0–4 class 10 (forest), 5–9 class 40 (cropland), row 9 nodata.
    std::vector<std::uint16_t> cells(100);
    for (int r = 0; r < 10; ++r)
        for (int c = 0; c < 10; ++c) cells[static_cast<std::size_t>(r * 10 + c)] = r == 9 ? 0 : (c < 5 ? 10 : 40);
    io::RasterInfo info = io::grid_info(10, 10, 104.0, 31.0, 0.001, 0.001, "EPSG:4490");
    info.nodata = 0;
    const io::MemoryRasterSource raster(info, cells);
    // A parcel over columns 3.5–7 and rows 1–3: 1.5 columns of forest, 2 of cropland.
    load::SiteReadOptions so;
    const load::SiteSet sites = load::sites_from_command_line(
        {}, {"POLYGON((104.0035 30.997,104.007 30.997,104.007 30.999,104.0035 30.999,104.0035 30.997))",
             "POLYGON((104.0065 30.9905,104.008 30.9905,104.008 30.9915,104.0065 30.9915,104.0065 30.9905))"},
        so, layers.working_crs, layers.ellipsoid, d);
    const stats::CarbonTable carbon = stats::parse_carbon_toml(
        "[[class]]\ncode = 10\nabove = 80\nbelow = 20\nsoil = 88\ndead = 0\n[[class]]\ncode = 40\nabove = 5\nbelow = 0\nsoil = 60\ndead = 0\n",
        "carbon.toml");
    screen::RuleSet rules = screen::parse_rules(R"([ruleset]
name = "t"
[[rules]]
id = "forest"
landcover = "forest"
min_m2 = 1000
verdict = "review"
reason = "占用林地"
source = "森林法"
)",
                                                "rules.toml");
    screen::ScreeningOptions options;
    options.landcover.raster = &raster;
    options.landcover.forest_classes = {10};
    options.landcover.green_classes = {10};
    options.landcover.carbon = &carbon;
    const index::LayerIndex index(layers);
    const auto result = screen::screen_sites(index, sites, rules, {}, options, d);
    const double band = test::quadrangle(30.997, 30.999, 0.001);  // one column, two rows
    const auto& o = result.sites[0].landcover;
    REQUIRE(o.available);
    CHECK(o.class_m2.at(10) == Approx(1.5 * band).epsilon(1e-7));
    CHECK(o.class_m2.at(40) == Approx(2.0 * band).epsilon(1e-7));
    CHECK(o.forest_m2 == Approx(1.5 * band).epsilon(1e-7));
    CHECK(*o.carbon_t_c == Approx(1.5 * band / 1e4 * 188 + 2.0 * band / 1e4 * 65).epsilon(1e-7));
    CHECK(o.nodata_m2 == Approx(0).margin(0.01));
    REQUIRE(std::any_of(result.sites[0].reasons.begin(), result.sites[0].reasons.end(),
                        [](const screen::Reason& r) { return r.rule == "forest"; }));
    CHECK(result.sites[0].verdict >= screen::Verdict::review);
    // The second parcel is cropland, half over the nodata row: the forest rule cannot be ruled out there.
    const auto& second = result.sites[1];
    REQUIRE(second.landcover.available);
    CHECK(second.landcover.forest_m2 == 0);
    CHECK(second.landcover.nodata_m2 > 0);
    REQUIRE(std::any_of(second.reasons.begin(), second.reasons.end(),
                        [](const screen::Reason& r) { return r.rule == "forest" && r.text.str().find("无法确认") != std::string::npos; }));
}

TEST_CASE("land-cover rules: what they may say", "[screen][rules][landcover]") {
    auto parse = [](const std::string& body) {
        return screen::parse_rules("[ruleset]\nname = \"t\"\n[[rules]]\nid = \"x\"\nverdict = \"review\"\nreason = \"r\"\n" + body, "r.toml");
    };
    CHECK(parse("landcover_classes = [10, 20]\nmin_m2 = 5\n").rules[0].is_landcover());
    CHECK_THROWS_WITH(parse("landcover = \"forests\"\n"), Contains("landcover 'forests' is not forest or green"));
    CHECK_THROWS_WITH(parse("landcover = \"forest\"\nrole = [\"ecological_redline\"]\n"), Contains("is a land-cover rule"));
    CHECK_THROWS_WITH(parse("role = [\"ecological_redline\"]\nmin_m2 = 5\n"), Contains("min_m2 belongs to land-cover rules"));
    CHECK_THROWS_WITH(parse("landcover = \"forest\"\nmin_m2 = -1\n"), Contains("min_m2"));
}

namespace {

// A protected-area layer of lon/lat boxes, and one rule on it.
load::LayerSet boxes_layer(const std::vector<std::array<double, 4>>& boxes) {
    load::LayerSet layers;
    layers.working_crs = "EPSG:4490";
    load::Layer protected_areas;
    protected_areas.spec.id = "protected";
    protected_areas.spec.role = catalog::Role::protected_area;
    for (const auto& box : boxes) {
        load::Feature f;
        f.code = "P" + std::to_string(protected_areas.features.size());
        f.geom = geom::from_wkt(test::dense_box(box));
        protected_areas.features.push_back(std::move(f));
    }
    layers.layers.push_back(std::move(protected_areas));
    return layers;
}

screen::ScreeningResult screen_wkt(const load::LayerSet& layers, const std::vector<std::string>& wkts, load::SiteSet& sites) {
    const index::LayerIndex index(layers);
    Diagnostics d;
    load::SiteReadOptions so;
    sites = load::sites_from_command_line({}, wkts, so, layers.working_crs, layers.ellipsoid, d);
    const screen::RuleSet rules = screen::parse_rules(R"([ruleset]
name = "t"
[[rules]]
id = "pa"
role = "protected_area"
verdict = "review"
reason = "位于自然保护地"
source = "中办发〔2019〕42号"
)",
                                                      "rules.toml");
    return screen::screen_sites(index, sites, rules, {}, {}, d);
}

}  // namespace

TEST_CASE("a layer's overlaps counted once: a parcel within features that overlap, and one across them", "[screen]") {
    // Two protected areas that overlap; the first parcel lies within both, the second crosses their edges.
    const std::array<double, 4> a{104.00, 30.00, 104.06, 30.04}, b{104.03, 30.02, 104.09, 30.06};
    const load::LayerSet layers = boxes_layer({a, b});
    const std::array<double, 4> within{104.04, 30.025, 104.05, 30.035}, across{104.02, 30.01, 104.07, 30.05};
    load::SiteSet sites;
    const auto result = screen_wkt(layers, {test::dense_box(within), test::dense_box(across)}, sites);
    REQUIRE(result.sites.size() == 2);

    const auto& in = result.sites[0];
    const double parcel = test::quadrangle(within[1], within[3], within[2] - within[0]);
    CHECK(sites.sites[0].area_m2 == Approx(parcel).epsilon(1e-6));
    CHECK(in.layer_overlap_m2[0] == sites.sites[0].area_m2);  // the whole parcel, exactly, counted once
    REQUIRE(in.hits.size() == 2);
    for (const auto& h : in.hits) CHECK(h.overlap_ratio == 1.0);

    const auto& over = result.sites[1];
    CHECK(over.layer_overlap_m2[0] == Approx(test::boxes_union_area({a, b}, across)).epsilon(1e-6));
    REQUIRE(over.hits.size() == 2);
    CHECK(over.hits[0].overlap_m2 + over.hits[1].overlap_m2 ==
          Approx(test::boxes_union_area({a}, across) + test::boxes_union_area({b}, across)).epsilon(1e-6));
}

TEST_CASE("a route along a feature's edge only touches it, and a route through it overlaps", "[screen]") {
    const load::LayerSet layers = boxes_layer({{104.00, 30.00, 104.06, 30.04}});
    load::SiteSet sites;
    const auto result = screen_wkt(layers,
                                   {"LINESTRING(104.06 30.01,104.06 30.03)",                // on the east edge
                                    "LINESTRING(104.02 30.01,104.02 30.03)",                // inside
                                    "LINESTRING(104.06 30.01,104.06 30.03,104.05 30.03)",   // along, then in
                                    "LINESTRING(104.06 30.02,104.08 30.02)"},               // from the edge out
                                   sites);
    REQUIRE(result.sites.size() == 4);
    CHECK(result.sites[0].layer_overlap_len_m[0] == 0);
    CHECK(result.sites[0].hits.empty());
    CHECK(result.sites[1].layer_overlap_len_m[0] == Approx(sites.sites[1].length_m).epsilon(1e-9));
    REQUIRE(result.sites[1].hits.size() == 1);
    CHECK(result.sites[1].hits[0].reasons.size() == 1);
    REQUIRE(result.sites[2].hits.size() == 1);
    CHECK(result.sites[2].hits[0].overlap_len_m == Approx(sites.sites[2].length_m).epsilon(1e-9));  // its edge part too
    CHECK(result.sites[3].hits.empty());
}
