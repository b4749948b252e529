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
    load::SourceRequest r;
    r.source = test::data("screen/layers.gpkg");
    r.as_written = "layers.gpkg";
    r.layer = "counties";
    r.code_field = "code";
    r.name_field = "name";
    auto zones = load::load_source(r, "EPSG:4490", geom::Ellipsoid(), s->diag);
    for (const auto& f : zones.features) in.zones.push_back({f.code, f.name, "", f.geom.get()});
    render::Choropleth c;
    c.label = "森林覆盖率（%）";
    c.values = {{"C1", 61.2}, {"C2", 40.0}};
    c.target_met = {{"C1", true}, {"C2", false}};
    c.target_label = "森林覆盖率 ≥ 56.5%";
    in.choropleth = c;
    in.draw_layers = false;
    const auto info = render::render_map(in, {297, 210, 80}, render::Format::svg, (dir / "c.svg").string());
    CHECK_THAT(slurp(dir / "c.svg"), Contains("达标") && Contains("未达标"));
    CHECK(info.legend.size() >= 8);

    auto site = geom::from_wkt("POLYGON((104.562 30.502,104.564 30.502,104.564 30.504,104.562 30.504,104.562 30.502))");
    render::MapInput sm = s->input();
    render::Highlight h;
    h.site = site.get();
    h.overlaps = {site.get()};
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
