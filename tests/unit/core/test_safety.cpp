// What keeps bad input from turning into a crash, a silent wrong answer or lost data: input checks, the
// output batch, CSV cells, the TOML guard, number ranges, encodings, and the data-coverage verdict.

#include <catch2/catch.hpp>

#include <filesystem>
#include <sys/stat.h>

#include "core/atomic_file.hpp"
#include "core/encoding.hpp"
#include "core/error.hpp"
#include "core/inputs.hpp"
#include "core/toml_reader.hpp"
#include "geom/geodesic.hpp"
#include "geom/geos_context.hpp"
#include "index/layer_index.hpp"
#include "load/sites.hpp"
#include "report/csv.hpp"
#include "screen/screening.hpp"
#include "support/fixtures.hpp"

using namespace ecozone;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

TEST_CASE("CSV cells a spreadsheet would run as formulas are neutralised", "[report][csv]") {
    CHECK(report::csv_cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
    CHECK(report::csv_cell("+cmd") == "'+cmd");
    CHECK(report::csv_cell("@SUM(A1)") == "'@SUM(A1)");
    CHECK(report::csv_cell("-2+3") == "'-2+3");
    CHECK(report::csv_cell("\tTab") == "'\tTab");
    CHECK(report::csv_cell("\rCR") == "\"'\rCR\"");
    // Numbers stay numbers; ordinary text is untouched.
    CHECK(report::csv_cell("-5") == "-5");
    CHECK(report::csv_cell("-3.25e2") == "-3.25e2");
    CHECK(report::csv_cell("生态保护红线") == "生态保护红线");
    CHECK(report::csv_cell("a,b") == "\"a,b\"");
    CHECK(report::csv_cell("") == "");
}

TEST_CASE("TOML that toml++ cannot be trusted with is refused before parsing", "[catalog][toml]") {
    const TomlReader reader("x.toml");
    std::string deep_key = "[catalog]\nname = \"x\"\n";
    for (int i = 0; i < 50'000; ++i) deep_key += i ? ".a" : "a";
    deep_key += " = 1\n";
    CHECK_THROWS_WITH(reader.parse(deep_key), Contains("x.toml:3") && Contains("more than 64 dotted parts"));
    CHECK_THROWS_WITH(reader.parse("a = " + std::string(100, '[') + std::string(100, ']') + "\n"),
                      Contains("x.toml:1") && Contains("nested more than 64 levels"));
    std::string header = "[a.b.c.d]\n[t";
    for (int i = 0; i < 70; ++i) header += ".t";
    CHECK_THROWS_WITH(reader.parse(header + "]\n"), Contains("x.toml:2") && Contains("dotted parts"));
    // Dots and brackets inside strings, numbers and comments are not keys or nesting.
    const std::string fine = "a.b.c = 1.5\n"
                             "s = \"" + std::string(200, '.') + std::string(100, '[') + "\"\n"
                             "m = '''\n" + std::string(300, '.') + "\n'''\n"
                             "# " + std::string(500, '.') + "\n"
                             "v = [1.0, 2.0, [3.0, {x.y = 4}]]\n";
    CHECK_NOTHROW(reader.parse(fine));
}

TEST_CASE("numbers read from TOML must be finite and in range", "[catalog][toml]") {
    const TomlReader reader("r.toml");
    const toml::table t = reader.parse("a = nan\nb = inf\nc = -5.0\nd = 0.5\ne = 7\nf = 2.5\n");
    CHECK_THROWS_WITH(reader.get_number(t, "a", 0, 1), Contains("r.toml:1") && Contains("'a' is nan"));
    CHECK_THROWS_WITH(reader.get_number(t, "b", 0, 1), Contains("r.toml:2") && Contains("'b' is inf"));
    CHECK_THROWS_WITH(reader.get_number(t, "c", 0, 1000, "metres"),
                      Contains("r.toml:3") && Contains("out of range: it must be from 0 to 1000 metres"));
    CHECK(*reader.get_number(t, "d", 0, 1) == 0.5);
    CHECK_FALSE(reader.get_number(t, "missing", 0, 1));
    CHECK(*reader.get_integer(t, "e", 0, 10) == 7);
    CHECK_THROWS_WITH(reader.get_integer(t, "f", 0, 10), Contains("must be a whole number"));
}

TEST_CASE("paths a user names are checked before anything opens them", "[core][inputs]") {
    test::TempDir dir;
    test::write_text(dir / "ok.toml", "x");
    CHECK_NOTHROW(check_input_path(dir / "ok.toml", "the catalog", ""));
    CHECK_THROWS_WITH(check_input_path(dir / "none.toml", "the catalog", ""), Contains("none.toml") && Contains("does not exist"));
    fs::create_directory(dir / "folder.toml");
    CHECK_THROWS_WITH(check_input_path(dir / "folder.toml", "the catalog", ""), Contains("is a folder, not a file"));
    CHECK_NOTHROW(check_input_path(dir / "folder.toml", "the source", "", PathKind::file_or_folder));
    REQUIRE(::mkfifo((dir / "pipe").c_str(), 0600) == 0);
    CHECK_THROWS_WITH(check_input_path(dir / "pipe", "the layer", ""), Contains("not an ordinary file"));
    fs::create_symlink(dir / "b", dir / "a");
    fs::create_symlink(dir / "a", dir / "b");
    CHECK_THROWS_WITH(check_input_path(dir / "a", "the catalog", ""), Contains("leads in a circle"));
    fs::create_symlink(dir / "gone", dir / "dangling");
    CHECK_THROWS_WITH(check_input_path(dir / "dangling", "the catalog", ""), Contains("link to something that does not exist"));
}

TEST_CASE("no output is written over a file the run read", "[core][inputs]") {
    test::TempDir dir;
    test::write_text(dir / "sites.csv", "id\n");
    fs::create_directory(dir / "data.gdb");
    check_input_path(dir / "sites.csv", "the sites file", "");
    check_input_path(dir / "data.gdb", "the source", "", PathKind::file_or_folder);
    CHECK_THROWS_WITH(AtomicFile(dir / "sites.csv"), Contains("would overwrite") && Contains("sites.csv"));
    CHECK_THROWS_WITH(AtomicFile(dir / "." / "sites.csv"), Contains("would overwrite"));
    CHECK_THROWS_WITH(AtomicFile(dir / "data.gdb" / "a00000001.gdbtable"), Contains("would overwrite"));
    CHECK_NOTHROW(AtomicFile(dir / "screening.csv"));
    CHECK(test::read_text(dir / "sites.csv") == "id\n");
}

TEST_CASE("an output batch moves everything into place, or nothing", "[core][atomic]") {
    test::TempDir dir;
    SECTION("a failure on the way leaves the folder as it was") {
        {
            OutputBatch batch(dir / "out");
            batch.write("a.json", "{}");
            batch.add("b.gpkg");  // never written: a writer failed
            CHECK(fs::exists(dir / "out"));
        }
        CHECK_FALSE(fs::exists(dir / "out"));  // created by the batch, and empty again
    }
    SECTION("an existing folder keeps what it had") {
        fs::create_directory(dir / "out");
        test::write_text(dir / "out" / "keep.txt", "x");
        {
            OutputBatch batch(dir / "out");
            batch.write("a.json", "{}");
        }
        CHECK(fs::exists(dir / "out" / "keep.txt"));
        CHECK_FALSE(fs::exists(dir / "out" / "a.json"));
        CHECK(std::distance(fs::directory_iterator(dir / "out"), fs::directory_iterator()) == 1);
    }
    SECTION("commit puts every file in place") {
        OutputBatch batch(dir / "out");
        batch.write("a.json", "{}");
        test::write_text(batch.add("b.txt"), "b");
        const auto written = batch.commit();
        CHECK(written.size() == 2);
        CHECK(test::read_text(dir / "out" / "a.json") == "{}");
        CHECK(test::read_text(dir / "out" / "b.txt") == "b");
    }
    SECTION("an empty output is not put in place") {
        OutputBatch batch(dir / "out");
        batch.add("empty.png");
        CHECK_THROWS_WITH(batch.commit(), Contains("empty.png") && Contains("came out empty"));
    }
}

TEST_CASE("text that mixes UTF-8 and GBK lines is found", "[core][text]") {
    const std::string utf8 = "编号,名称\n";
    const std::string gbk_line = "P2,\xCB\xAE\xC4\xE0\xB3\xA7\n";  // 水泥厂 in GBK
    CHECK(text::mixed_encoding_lines(utf8 + "P1,化工项目\n" + gbk_line) == std::pair<int, int>{1, 3});
    CHECK(text::mixed_encoding_lines(utf8 + "P1,化工项目\n") == std::pair<int, int>{0, 0});
    CHECK(text::mixed_encoding_lines("id,name\n" + gbk_line + gbk_line) == std::pair<int, int>{0, 0});
}

namespace {

load::Layer layer_of(const std::string& id, catalog::Role role, const std::vector<std::string>& wkts) {
    load::Layer l;
    l.spec.id = id;
    l.spec.role = role;
    l.spec.title = id;
    for (std::size_t i = 0; i < wkts.size(); ++i) {
        load::Feature f;
        f.fid = static_cast<std::int64_t>(i);
        f.code = id + std::to_string(i);
        f.geom = geom::from_wkt(wkts[i]);
        l.report.extent.expand(geom::envelope(f.geom.get()));
        l.features.push_back(std::move(f));
    }
    return l;
}

load::Site site_of(const std::string& id, const std::string& wkt, const geom::Ellipsoid& e) {
    load::Site s;
    s.id = id;
    s.geom = geom::from_wkt(wkt);
    s.kind = geom::is_polygonal(s.geom.get()) ? load::SiteKind::polygon
             : geom::is_lineal(s.geom.get()) ? load::SiteKind::line
                                              : load::SiteKind::point;
    s.area_m2 = geom::geodesic_area_m2(s.footprint(), e);
    s.length_m = geom::geodesic_length_m(s.footprint(), e);
    return s;
}

}  // namespace

TEST_CASE("a site outside the data's coverage is never clear", "[screen][coverage]") {
    load::LayerSet layers;
    layers.working_crs = "EPSG:4490";
    layers.layers.push_back(layer_of("redline", catalog::Role::ecological_redline, {"POLYGON((104.6 30.1,104.62 30.1,104.62 30.12,104.6 30.12,104.6 30.1))"}));
    layers.layers.push_back(layer_of("units", catalog::Role::control_unit,
                                     {"POLYGON((104.5 30,104.65 30,104.65 30.3,104.5 30.3,104.5 30))",
                                      "POLYGON((104.65 30,104.8 30,104.8 30.3,104.65 30.3,104.65 30))"}));
    const geom::Ellipsoid& e = layers.ellipsoid;
    load::SiteSet sites;
    sites.sites.push_back(site_of("IN", "POLYGON((104.7 30.2,104.71 30.2,104.71 30.21,104.7 30.21,104.7 30.2))", e));
    // Half of it east of 104.8.
    sites.sites.push_back(site_of("EDGE", "POLYGON((104.79 30.2,104.81 30.2,104.81 30.21,104.79 30.21,104.79 30.2))", e));
    sites.sites.push_back(site_of("FAR", "POLYGON((110 30.2,110.01 30.2,110.01 30.21,110 30.21,110 30.2))", e));
    sites.sites.push_back(site_of("ROUTE", "LINESTRING(104.7 30.25,104.9 30.25)", e));  // half of it outside
    sites.sites.push_back(site_of("POINT-OUT", "POINT(105 30.2)", e));
    load::Site broken;
    broken.id = "BROKEN";
    broken.problem = "it has no geometry";
    sites.sites.push_back(std::move(broken));
    const screen::RuleSet rules = screen::parse_rules(
        "[[rules]]\nid = \"r\"\nrole = \"ecological_redline\"\nverdict = \"prohibited\"\nreason = \"红线\"\n", "rules.toml");
    Diagnostics diagnostics;
    const auto result = screen::screen_sites(index::LayerIndex(layers), sites, rules, {}, {}, diagnostics);
    REQUIRE(result.sites.size() == 6);
    using screen::Verdict;
    CHECK(result.sites[0].verdict == Verdict::clear);
    CHECK(result.sites[0].coverage_share == Approx(1.0));
    CHECK(result.sites[1].verdict == Verdict::review);
    CHECK(result.sites[1].coverage_share == Approx(0.5).epsilon(1e-3));  // a meridian cuts it in half on the ellipsoid too
    CHECK(result.sites[1].reasons.front().rule == "outside-coverage");
    CHECK(result.sites[2].verdict == Verdict::review);
    CHECK(result.sites[2].coverage_share == 0);
    CHECK(result.sites[3].verdict == Verdict::review);
    CHECK(result.sites[3].coverage_share == Approx(0.5).epsilon(2e-3));
    CHECK(result.sites[4].verdict == Verdict::review);
    CHECK(result.sites[5].screened == false);
    CHECK(result.sites[5].verdict == Verdict::review);
    CHECK(result.sites[5].nearest.size() == layers.layers.size());
    CHECK(result.counts.at(Verdict::review) == 5);
    bool warned = false;
    for (const auto& d : diagnostics.all()) warned = warned || d.message.find("4 sites lie wholly or partly outside") != std::string::npos;
    CHECK(warned);

    SECTION("without control units, the zones are the coverage") {
        layers.layers.pop_back();
        std::vector<load::Feature> zones;
        load::Feature z;
        z.code = "510101";
        z.geom = geom::from_wkt("POLYGON((104.5 30,104.8 30,104.8 30.3,104.5 30.3,104.5 30))");
        zones.push_back(std::move(z));
        screen::ScreeningOptions options;
        options.coverage.zones = &zones;
        const auto r2 = screen::screen_sites(index::LayerIndex(layers), sites, rules, {}, options, diagnostics);
        CHECK(r2.coverage == "the catalog's zones (county boundaries)");
        CHECK(r2.sites[0].verdict == Verdict::clear);
        CHECK(r2.sites[1].coverage_share == Approx(0.5).epsilon(1e-3));
        CHECK(r2.sites[2].verdict == Verdict::review);
    }
    SECTION("with neither, the layers' extent is") {
        layers.layers.pop_back();
        const auto r3 = screen::screen_sites(index::LayerIndex(layers), sites, rules, {}, {}, diagnostics);
        CHECK(r3.coverage.find("extent") != std::string::npos);
        CHECK(r3.sites[2].verdict == Verdict::review);  // far away
    }
}
