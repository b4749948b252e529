#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include <gdal_priv.h>

#include "catalog/catalog.hpp"
#include "core/error.hpp"
#include "geom/geodesic.hpp"
#include "load/load_layers.hpp"
#include "render/map.hpp"
#include "render/style.hpp"
#include "support/colour.hpp"
#include "support/fixtures.hpp"

using namespace ecozone;
using Catch::Matchers::Contains;

namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Scene {
    catalog::Catalog catalog;
    load::LayerSet layers;
    render::Style style;
    Diagnostics diag;
    render::MapInput input() const {
        render::MapInput in;
        in.catalog = &catalog;
        in.layers = &layers;
        in.style = &style;
        in.title = "测试地图 Test map";
        return in;
    }
};

std::unique_ptr<Scene> scene() {
    auto s = std::make_unique<Scene>();
    s->catalog = catalog::load_catalog(test::data_dir() / "screen" / "catalog.toml");
    s->layers = load::load_layers(s->catalog, s->diag);
    s->style = render::load_style({});
    return s;
}

// The two test counties, as a map's zones.
load::LoadedSource test_counties(Scene& s) {
    load::SourceRequest r;
    r.source = test::data("screen/layers.gpkg");
    r.as_written = "layers.gpkg";
    r.layer = "counties";
    r.code_field = "code";
    r.name_field = "name";
    return load::load_source(r, "EPSG:4490", geom::Ellipsoid(), s.diag);
}

// Distinct pixel values of the PNG's first band (read with GDAL): a blank image has one.
std::size_t distinct_values(const std::string& path) {
    GDALAllRegister();
    GDALDataset* ds = GDALDataset::Open(path.c_str(), GDAL_OF_RASTER);
    REQUIRE(ds);
    const int w = ds->GetRasterXSize(), h = ds->GetRasterYSize();
    std::vector<unsigned char> buf(static_cast<std::size_t>(w) * h);
    CHECK(ds->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, w, h, buf.data(), w, h, GDT_Byte, 0, 0) == CE_None);
    GDALClose(ds);
    return std::set<unsigned char>(buf.begin(), buf.end()).size();
}

}  // namespace

TEST_CASE("maps are drawn as PNG, SVG and PDF, deterministically", "[render]") {
    auto s = scene();
    test::TempDir dir;
    const render::PageSpec page{200, 140, 100};
    auto in = s->input();
    const auto png = (dir / "m.png").string();
    const auto info = render::render_map(in, page, render::Format::png, png);
    CHECK(distinct_values(png) > 10);  // not blank
    render::render_map(in, page, render::Format::png, (dir / "m2.png").string());
    CHECK(slurp(png) == slurp(dir / "m2.png"));

    const auto svg = (dir / "m.svg").string();
    render::render_map(in, page, render::Format::svg, svg);
    const std::string text = slurp(svg);
    CHECK_THAT(text, Contains("<title>测试地图 Test map</title>"));
    CHECK_THAT(text, Contains("生态保护红线") && Contains("永久基本农田") && Contains("饮用水水源一级保护区"));
    // (Cairo numbers SVG glyphs per process, so SVG determinism is checked across runs in tests/cli.)

    const auto pdf = (dir / "m.pdf").string();
    render::render_map(in, page, render::Format::pdf, pdf);
    render::render_map(in, page, render::Format::pdf, (dir / "m2.pdf").string());
    CHECK(slurp(pdf).rfind("%PDF", 0) == 0);
    CHECK(slurp(pdf) == slurp(dir / "m2.pdf"));
    CHECK(info.legend.size() >= 4);
    CHECK_THAT(info.crs_note, Contains("2000国家大地坐标系") && Contains("中央经线 105°E"));
}

TEST_CASE("the scale bar's length is the geodesic distance it claims", "[render]") {
    auto s = scene();
    test::TempDir dir;
    const geom::Ellipsoid e;
    for (const auto& page : {render::PageSpec{297, 210, 80}, render::PageSpec{420, 297, 80}}) {
        auto in = s->input();
        const auto info = render::render_map(in, page, render::Format::png, (dir / "bar.png").string());
        const auto& bar = info.scale_bar;
        REQUIRE(bar.length_m > 0);
        const double d = e.distance_m(bar.end_lon[0], bar.end_lat[0], bar.end_lon[1], bar.end_lat[1]);
        CHECK(d == Approx(bar.length_m).epsilon(1e-3));
        // The numeric scale agrees with the bar.
        CHECK(bar.length_mm / 1000.0 * info.scale_denominator == Approx(bar.length_m).epsilon(1e-6));
    }
}

TEST_CASE("choropleth and screening maps draw", "[render]") {
    auto s = scene();
    test::TempDir dir;
    auto in = s->input();
    // Zones: the two test counties.
    auto zones = test_counties(*s);
    for (const auto& f : zones.features) in.zones.push_back({f.code, f.name, "", f.geom.get()});
    render::Choropleth c;
    c.label = "森林覆盖率（%）";
    c.values = {{"C1", 61.2}, {"C2", 40.0}};
    c.zone_targets["C1"] = {{"森林覆盖率 ≥ 56.5%（2025年）", true, "测试文件"}};
    c.zone_targets["C2"] = {{"森林覆盖率 ≥ 56.5%（2025年）", false, "测试文件"}};
    c.groups.push_back({"测试市", 55.0, {{"森林覆盖率 ≥ 60.0%（2030年）", false, "测试规划"}}});
    in.choropleth = c;
    in.draw_layers = false;
    const auto info = render::render_map(in, {297, 210, 80}, render::Format::svg, (dir / "c.svg").string());
    CHECK_FALSE(info.inset);  // the whole area is on the sheet
    CHECK_THAT(slurp(dir / "c.svg"), Contains("达标") && Contains("未达标"));
    CHECK(info.legend.size() >= 8);
    CHECK_THAT(slurp(dir / "c.svg"), Contains("测试市  55.0%"));

    auto site = geom::from_wkt("POLYGON((104.562 30.502,104.564 30.502,104.564 30.504,104.562 30.504,104.562 30.502))");
    render::MapInput sm = s->input();
    render::Highlight h;
    h.site = site.get();
    h.overlaps = {{site.get(), screen::Verdict::prohibited}};
    h.verdict = screen::Verdict::prohibited;
    sm.highlight = h;
    sm.view = geom::Envelope{104.55, 30.49, 104.58, 30.52, false};
    const auto png = (dir / "site.png").string();
    render::render_map(sm, {180, 120, 100}, render::Format::png, png);
    CHECK(distinct_values(png) > 10);
}

TEST_CASE("page sizes and bad styles", "[render]") {
    CHECK(render::parse_page_size("A3")->width_mm == 420);
    CHECK(render::parse_page_size("A4-portrait")->height_mm == 297);
    CHECK(render::parse_page_size("400x300mm")->width_mm == 400);
    CHECK_FALSE(render::parse_page_size("B5"));
    CHECK(render::format_from_path("x.PDF") == render::Format::pdf);
    CHECK_FALSE(render::format_from_path("x.jpg"));
    CHECK_THROWS_WITH(render::parse_style("[[layer]]\nrole = \"ecological_redline\"\nfill = \"green\"\n", "s.toml"),
                      Contains("s.toml:3") && Contains("'green' is not a colour"));
    CHECK_THROWS_WITH(render::parse_style("[[layer]]\nrole = \"ecological_redline\"\nhatch = \"diagonl\"\n", "s.toml"),
                      Contains("Do you mean 'diagonal'?"));
    CHECK_THROWS_WITH(render::parse_style("[[layer]]\nrole = \"redline\"\n", "s.toml"), Contains("unknown role 'redline'"));
    CHECK_THROWS_WITH(render::parse_style("[choropleth]\nclasses = [0, 50, 100]\npalette = [\"#ffffff\"]\n", "s.toml"),
                      Contains("one colour per class"));
    CHECK_THROWS_WITH(render::parse_style("[mapp]\n", "s.toml"), Contains("Do you mean 'map'?"));
    // Found by libFuzzer: a palette that is not a list crashed the parser.
    CHECK_THROWS_WITH(render::parse_style("[choropleth]\nclasses = [0, 20]\npalette =  100\n", "s.toml"),
                      Contains("s.toml:3") && Contains("palette must be a list of colours"));
    const auto st = render::load_style({});
    CHECK(st.for_feature(catalog::Role::protected_area, "核心保护区")->legend == "自然保护地核心保护区");
    CHECK(st.for_feature(catalog::Role::protected_area, "一般控制区")->legend == "自然保护地一般控制区");
}

namespace {

// The colour a legend swatch shows: its fill over the land colour at its opacity, or its line
// colour when it has no fill.
std::array<double, 3> swatch_lab(const render::LayerStyle& l, const render::Color& land) {
    if (l.fill.none) return test::srgb_to_lab(l.stroke.r, l.stroke.g, l.stroke.b);
    const double a = l.fill.a * l.opacity;
    return test::srgb_to_lab(a * l.fill.r + (1 - a) * land.r, a * l.fill.g + (1 - a) * land.g,
                             a * l.fill.b + (1 - a) * land.b);
}

}  // namespace

TEST_CASE("every pair of legend entries of the default style can be told apart", "[render]") {
    const render::Style st = render::load_style({});
    // All layers can share one sheet (a site map near a city shows most of them): any two swatches
    // differ by ΔE*ab ≥ 15, well above the ≈ 2.3 of a just-noticeable difference, so the five greens
    // of earlier styles (城市绿地, 自然保护地, 生态保护红线, 优先保护单元) are not mistaken for each other.
    for (std::size_t i = 0; i < st.layers.size(); ++i) {
        for (std::size_t k = i + 1; k < st.layers.size(); ++k) {
            INFO(st.layers[i].legend << " vs " << st.layers[k].legend);
            CHECK(test::delta_e76(swatch_lab(st.layers[i], st.land), swatch_lab(st.layers[k], st.land)) >= 15);
        }
    }
    // Neighbouring choropleth classes differ by ΔE*ab ≥ 12, and the no-data grey from all of them.
    for (std::size_t i = 0; i + 1 < st.palette.size(); ++i) {
        INFO("classes " << i << " and " << i + 1);
        const auto& a = st.palette[i];
        const auto& b = st.palette[i + 1];
        CHECK(test::delta_e76(test::srgb_to_lab(a.r, a.g, a.b), test::srgb_to_lab(b.r, b.g, b.b)) >= 12);
    }
    for (const auto& c : st.palette) {
        CHECK(test::delta_e76(test::srgb_to_lab(c.r, c.g, c.b), test::srgb_to_lab(st.missing.r, st.missing.g, st.missing.b)) >= 12);
    }
    // The four verdict colours of site outlines.
    for (std::size_t i = 0; i < st.verdict_color.size(); ++i) {
        for (std::size_t k = i + 1; k < st.verdict_color.size(); ++k) {
            const auto& a = st.verdict_color[i];
            const auto& b = st.verdict_color[k];
            INFO("verdicts " << i << " and " << k);
            CHECK(test::delta_e76(test::srgb_to_lab(a.r, a.g, a.b), test::srgb_to_lab(b.r, b.g, b.b)) >= 15);
        }
    }
    // The closed-form check of the conversion itself: sRGB white is L* 100, black L* 0, mid grey 53.39.
    CHECK(test::srgb_to_lab(1, 1, 1)[0] == Approx(100).margin(0.01));
    CHECK(test::srgb_to_lab(0, 0, 0)[0] == Approx(0).margin(1e-9));
    CHECK(test::srgb_to_lab(0.5, 0.5, 0.5)[0] == Approx(53.39).margin(0.01));
}

TEST_CASE("labels never cover the site or its overlaps, and a small site gets a marker", "[render]") {
    auto s = scene();
    auto zones = test_counties(*s);
    REQUIRE(!zones.features.empty());
    // A small site in the middle of the first county: on a map centred on the site, the county's label
    // would sit at the middle of its visible part, on the site.
    const geom::GeomPtr inside(GEOSPointOnSurface_r(geom::geos(), zones.features[0].geom.get()));
    double lon = 0, lat = 0;
    GEOSGeomGetX_r(geom::geos(), inside.get(), &lon);
    GEOSGeomGetY_r(geom::geos(), inside.get(), &lat);
    char wkt[256];
    const double d = 0.0004;
    std::snprintf(wkt, sizeof wkt, "POLYGON((%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f,%.6f %.6f))", lon - d, lat - d, lon + d, lat - d,
                  lon + d, lat + d, lon - d, lat + d, lon - d, lat - d);
    const auto site = geom::from_wkt(wkt);
    for (const double zoom : {1.0, 8.0}) {  // at a site's scale and much further out
        render::MapInput in = s->input();
        for (const auto& f : zones.features) in.zones.push_back({f.code, f.name, "", f.geom.get()});
        render::Highlight h;
        h.site = site.get();
        h.overlaps = {{site.get(), screen::Verdict::prohibited}};
        h.verdict = screen::Verdict::prohibited;
        in.highlight = h;
        const geom::Envelope v = render::site_view(geom::envelope(site.get()));
        const double cx = (v.min_x + v.max_x) / 2, cy = (v.min_y + v.max_y) / 2;
        in.view = {cx - (cx - v.min_x) * zoom, cy - (cy - v.min_y) * zoom, cx + (v.max_x - cx) * zoom, cy + (v.max_y - cy) * zoom, false};
        render::MapInfo info;
        render::render_map_bytes(in, {297, 210, 100}, render::Format::svg, &info);
        INFO("zoom " << zoom);
        REQUIRE_FALSE(info.highlight_wkt.empty());
        const auto keep_clear = geom::from_wkt(info.highlight_wkt);
        bool county_labelled = false;
        for (const auto& l : info.labels) {
            county_labelled = county_labelled || l.text == zones.features[0].name;
            const auto box = geom::GeomPtr(GEOSGeom_createRectangle_r(geom::geos(), l.x0, l.y0, l.x1, l.y1));
            INFO("label " << l.text);
            CHECK_FALSE(GEOSIntersects_r(geom::geos(), box.get(), keep_clear.get()));
        }
        CHECK(county_labelled);  // moved aside, not dropped
        // Far out the 90 m site is under a millimetre: it gets a marker.
        CHECK(info.site_marker == (zoom > 1));
        // At the site's scale the sheet shows a small part of the zones: an inset places it.
        if (zoom == 1.0) CHECK(info.inset);
    }
}

TEST_CASE("only overlaps that carry a verdict are highlighted", "[render]") {
    auto s = scene();
    const auto site = geom::from_wkt("POLYGON((104.562 30.502,104.564 30.502,104.564 30.504,104.562 30.504,104.562 30.502))");
    render::MapInput in = s->input();
    render::Highlight h;
    h.site = site.get();
    h.overlaps = {{site.get(), screen::Verdict::clear}};  // e.g. inside a 一般管控单元
    h.verdict = screen::Verdict::clear;
    in.highlight = h;
    in.view = render::site_view(geom::envelope(site.get()));
    render::MapInfo clear_info;
    render::render_map_bytes(in, {297, 210, 100}, render::Format::svg, &clear_info);
    CHECK(std::find(clear_info.legend.begin(), clear_info.legend.end(), "占用敏感区域部分") == clear_info.legend.end());
    h.overlaps = {{site.get(), screen::Verdict::restricted}};
    in.highlight = h;
    render::MapInfo restricted_info;
    render::render_map_bytes(in, {297, 210, 100}, render::Format::svg, &restricted_info);
    CHECK(std::find(restricted_info.legend.begin(), restricted_info.legend.end(), "占用敏感区域部分") != restricted_info.legend.end());
}
