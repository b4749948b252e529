#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "catalog/catalog.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "geom/geos_context.hpp"
#include "geom/webmap.hpp"
#include "io/site_text.hpp"
#include "load/sites.hpp"
#include "render/style.hpp"
#include "screen/rules.hpp"
#include "stats/targets.hpp"
#include "support/fixtures.hpp"

using namespace ecozone;
using Catch::Matchers::Contains;

TEST_CASE("angles in decimal degrees and degrees-minutes-seconds", "[io][dms]") {
    CHECK(*io::parse_angle("104.62") == Approx(104.62));
    CHECK(*io::parse_angle("104°37'12.5\"") == Approx(104 + 37 / 60.0 + 12.5 / 3600));
    CHECK(*io::parse_angle("104°37′12.5″E") == Approx(104 + 37 / 60.0 + 12.5 / 3600));
    CHECK(*io::parse_angle("30度07分30秒") == Approx(30.125));
    CHECK(*io::parse_angle("N30°7'") == Approx(30 + 7 / 60.0));
    CHECK(*io::parse_angle("104 37 12.5") == Approx(104 + 37 / 60.0 + 12.5 / 3600));
    CHECK(*io::parse_angle("S 30°30'") == Approx(-30.5));
    CHECK_FALSE(io::parse_angle("abc"));
    CHECK_FALSE(io::parse_angle("104°61'"));
    CHECK_FALSE(io::parse_angle(""));
}

TEST_CASE("CSV: quotes, BOM, GBK and bad rows", "[io][csv]") {
    auto t = io::parse_csv("\xEF\xBB\xBFid,name,lon\r\n1,\"a, b\",104.5\r\n2,\"say \"\"hi\"\"\",105\r\n", "x.csv");
    REQUIRE(t.rows.size() == 2);
    CHECK(t.header[0] == "id");
    CHECK(t.rows[0][1] == "a, b");
    CHECK(t.rows[1][1] == "say \"hi\"");
    CHECK(t.row_lines[1] == 3);
    auto gbk = io::parse_csv("name\n\xd1\xe3\xbd\xad\xc7\xf8\n", "g.csv");  // 雁江区 in GBK
    CHECK(gbk.was_gbk);
    CHECK(gbk.rows[0][0] == "雁江区");
    CHECK_THROWS_WITH(io::parse_csv("a,b\n1,2,3\n", "bad.csv"), Contains("bad.csv:2") && Contains("3 values"));
    CHECK_THROWS_WITH(io::parse_csv("a\n\"open\n", "q.csv"), Contains("never closed"));
    CHECK_THROWS_WITH(io::parse_csv("", "e.csv"), Contains("empty"));
}

TEST_CASE("界址点 TXT: parcels, holes and errors", "[io][jzd]") {
    const std::string good = "[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=35\n[地块坐标]\n"
                             "5,0.6276,2,地块二,面,,工业用地,,@\n"
                             "J1,1,3334248.026,35464827.318\nJ2,1,3334253.292,35464914.063\n"
                             "J3,1,3334181.220,35464918.652\nJ4,1,3334175.954,35464831.906\n"
                             "J1,1,3334248.026,35464827.318\n";
    auto f = io::parse_jzd(good, "a.txt");
    REQUIRE(f.parcels.size() == 1);
    CHECK(f.parcels[0].code == "2");
    CHECK(*f.parcels[0].stated_area_ha == Approx(0.6276));
    CHECK(f.parcels[0].rings[0].xy.size() == 5);
    CHECK(f.attributes["带号"] == "35");

    std::string wrong_count = good;
    wrong_count.replace(wrong_count.find("5,0.6276"), 1, "6");
    CHECK_THROWS_WITH(io::parse_jzd(wrong_count, "a.txt"), Contains("a.txt:6") && Contains("declares 6 points but lists 5"));
    std::string open_ring = good.substr(0, good.rfind("J1,1"));
    open_ring.replace(open_ring.find("5,0.6276"), 1, "4");
    CHECK_THROWS_WITH(io::parse_jzd(open_ring, "a.txt"), Contains("not closed"));
    CHECK_THROWS_WITH(io::parse_jzd("hello\n", "b.txt"), Contains("b.txt:1") && Contains("not a 界址点"));
    CHECK_THROWS_WITH(io::parse_jzd("[属性描述]\n坐标系=2000\n", "c.txt"), Contains("no [地块坐标]"));
    CHECK_THROWS_WITH(io::parse_jzd("[属性描述]\n[地块坐标]\nJ1,1,1,2\n", "d.txt"), Contains("d.txt:3") && Contains("before any parcel"));
}

TEST_CASE("the sample 界址点 file reads with its hole and matches the stated areas", "[io][jzd]") {
    Diagnostics diag;
    const geom::Ellipsoid e;
    auto set = load::read_sites((test::source_dir() / "sample_data" / "sites_jzd.txt").string(), {}, "EPSG:4490", e, diag);
    REQUIRE(set.sites.size() == 2);
    CHECK(set.source_crs == "EPSG:4523");
    // DOMAIN.md: outer ring 2.0537 ha minus a 0.0615 ha hole = 1.9921 ha on the Gauss-Kruger plane; on the
    // ellipsoid the area is smaller by the zone's scale factor (about 3e-5 this far from the central meridian).
    CHECK(set.sites[0].area_m2 / 1e4 == Approx(1.9921).epsilon(1e-4));
    CHECK(set.sites[1].area_m2 / 1e4 == Approx(0.6276).epsilon(1e-4));
    CHECK(diag.warning_count() == 0);
}

TEST_CASE("a stated area that does not match is warned about; swapped X/Y is refused", "[io][jzd]") {
    test::TempDir dir;
    const std::string head = "[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=35\n[地块坐标]\n";
    const std::string ring = "J1,1,3334248.026,35464827.318\nJ2,1,3334253.292,35464914.063\n"
                             "J3,1,3334181.220,35464918.652\nJ4,1,3334175.954,35464831.906\nJ1,1,3334248.026,35464827.318\n";
    test::write_text(dir / "wrong.txt", head + "5,6.276,2,地块二,面,,,,@\n" + ring);
    Diagnostics diag;
    load::read_sites((dir / "wrong.txt").string(), {}, "EPSG:4490", geom::Ellipsoid(), diag);
    REQUIRE(diag.warning_count() == 1);
    CHECK_THAT(diag.all()[0].text(), Contains("wrong.txt:6") && Contains("stated area 6.2760 ha differs"));

    std::string swapped = ring;
    for (auto* p : {"3334248.026,35464827.318", "3334253.292,35464914.063", "3334181.220,35464918.652",
                    "3334175.954,35464831.906"}) {
        std::string s = p;
        const auto comma = s.find(',');
        const std::string sw = s.substr(comma + 1) + "," + s.substr(0, comma);
        for (std::size_t pos; (pos = swapped.find(s)) != std::string::npos;) swapped.replace(pos, s.size(), sw);
    }
    test::write_text(dir / "swapped.txt", head + "5,0.6276,2,地块二,面,,,,@\n" + swapped);
    CHECK_THROWS_WITH(load::read_sites((dir / "swapped.txt").string(), {}, "EPSG:4490", geom::Ellipsoid(), diag),
                      Contains("X and Y look swapped"));
}

TEST_CASE("site files: CSV in DMS, bad fields, no CRS, empty", "[load][sites]") {
    test::TempDir dir;
    const geom::Ellipsoid e;
    Diagnostics diag;
    test::write_text(dir / "p.csv", "编号,项目名称,经度,纬度,占地半径米\nA,泵站,104°37'12.5\",30°07'30\",100\nB,站点,104.7,30.2,\n");
    auto set = load::read_sites((dir / "p.csv").string(), {}, "EPSG:4490", e, diag);
    REQUIRE(set.sites.size() == 2);
    CHECK(set.sites[0].id == "A");
    CHECK(set.sites[0].buffer_m == 100);
    CHECK(set.sites[0].area_m2 == Approx(3.14159265358979 * 100 * 100).epsilon(1e-4));
    CHECK(set.sites[1].kind == load::SiteKind::point);
    CHECK(set.sites[1].area_m2 == 0);

    test::write_text(dir / "bad.csv", "编号,经度,纬度\nA,104.5,north\n");
    CHECK_THROWS_WITH(load::read_sites((dir / "bad.csv").string(), {}, "EPSG:4490", e, diag),
                      Contains("bad.csv:2") && Contains("not a longitude/latitude pair"));
    test::write_text(dir / "nocol.csv", "编号,x坐标\nA,1\n");
    CHECK_THROWS_WITH(load::read_sites((dir / "nocol.csv").string(), {}, "EPSG:4490", e, diag),
                      Contains("no longitude/latitude columns"));
    test::write_text(dir / "header.csv", "编号,经度,纬度\n");
    CHECK_THROWS_WITH(load::read_sites((dir / "header.csv").string(), {}, "EPSG:4490", e, diag), Contains("only a header"));

    load::SiteReadOptions opt;
    opt.id_field = "bianhao";
    CHECK_THROWS_WITH(load::read_sites(test::data("screen/sites.geojson"), opt, "EPSG:4490", e, diag),
                      Contains("no field 'bianhao'"));
    CHECK_THROWS_WITH(load::read_sites(test::data("nocrs/parcels.shp"), {}, "EPSG:4490", e, diag),
                      Contains("has no coordinate reference system"));
    CHECK_THROWS_WITH(load::read_sites((dir / "none.geojson").string(), {}, "EPSG:4490", e, diag),
                      Contains("does not exist"));
}

TEST_CASE("GCJ-02 and BD-09 convert back to WGS 84", "[geom][webmap]") {
    // Chengdu: the GCJ-02 offset is a few hundred metres; the inverse undoes the forward formula.
    double glon = 0, glat = 0, wlon = 0, wlat = 0;
    geom::wgs84_to_gcj02(104.0657, 30.6595, glon, glat);
    const double offset = geom::Ellipsoid().distance_m(104.0657, 30.6595, glon, glat);
    CHECK(offset > 100);
    CHECK(offset < 800);
    geom::gcj02_to_wgs84(glon, glat, wlon, wlat);
    CHECK(wlon == Approx(104.0657).margin(1e-8));
    CHECK(wlat == Approx(30.6595).margin(1e-8));
    double blon = 0, blat = 0, g2lon = 0, g2lat = 0;
    geom::gcj02_to_bd09(glon, glat, blon, blat);
    geom::bd09_to_gcj02(blon, blat, g2lon, g2lat);
    CHECK(g2lon == Approx(glon).margin(1e-5));
    CHECK(g2lat == Approx(glat).margin(1e-5));
    // Outside China nothing moves.
    geom::wgs84_to_gcj02(2.35, 48.85, glon, glat);
    CHECK(glon == 2.35);
}

TEST_CASE("the text parsers survive random and mutated input", "[io][fuzz]") {
    // A deterministic fuzz smoke test; a libFuzzer target lives in tests/fuzz for longer runs.
    std::mt19937 rng(12345);
    const std::string seeds[] = {
        "[属性描述]\n坐标系=2000\n带号=35\n[地块坐标]\n5,0.6,2,a,面,,,,@\nJ1,1,3334248.0,35464827.3\n"
        "J2,1,3334253.2,35464914.0\nJ3,1,3334181.2,35464918.6\nJ4,1,3334175.9,35464831.9\nJ1,1,3334248.0,35464827.3\n",
        "编号,经度,纬度\nA,104°37'12.5\",30.1\n\"B\",\"104.5\",30\n"};
    const std::string alphabet = ",@[]=\n\r\"'°.-0123456789J\xe5\x9c\xb0\xd1";
    int parsed = 0, rejected = 0;
    for (int iter = 0; iter < 20000; ++iter) {
        std::string s = seeds[iter % 2];
        const int edits = 1 + static_cast<int>(rng() % 8);
        for (int k = 0; k < edits && !s.empty(); ++k) {
            const std::size_t pos = rng() % s.size();
            switch (rng() % 3) {
                case 0: s.erase(pos, 1 + rng() % 4); break;
                case 1: s.insert(pos, 1, alphabet[rng() % alphabet.size()]); break;
                default: s[pos] = alphabet[rng() % alphabet.size()];
            }
        }
        try {
            if (iter % 2 == 0) io::parse_jzd(s, "fuzz.txt");
            else io::parse_csv(s, "fuzz.csv");
            ++parsed;
        } catch (const Error& e) {
            CHECK_THAT(e.what(), Contains("fuzz."));
            ++rejected;
        }
        io::parse_angle(s.substr(0, 24));
    }
    CHECK(parsed + rejected == 20000);
}

TEST_CASE("the TOML parsers answer mutated files with clear errors only", "[io][fuzz]") {
    std::mt19937 rng(777);
    const std::string seeds[] = {read_text_file(test::source_dir() / "layers" / "sample.toml", "", ""),
                                 read_text_file(test::source_dir() / "layers" / "rules-default.toml", "", ""),
                                 read_text_file(test::source_dir() / "styles" / "default.toml", "", ""),
                                 read_text_file(test::source_dir() / "layers" / "targets-sample.toml", "", "")};
    const std::string alphabet = "[]=\"'#,.\n -0123456789abcdefgrstuvwxyz_\xe7\x94\x9f";
    for (int iter = 0; iter < 2000; ++iter) {
        const int which = iter % 4;
        std::string s = seeds[which];
        const int edits = 1 + static_cast<int>(rng() % 6);
        for (int k = 0; k < edits && !s.empty(); ++k) {
            const std::size_t pos = rng() % s.size();
            switch (rng() % 3) {
                case 0: s.erase(pos, 1 + rng() % 8); break;
                case 1: s.insert(pos, 1, alphabet[rng() % alphabet.size()]); break;
                default: s[pos] = alphabet[rng() % alphabet.size()];
            }
        }
        try {
            switch (which) {
                case 0: catalog::parse_catalog(s, test::source_dir() / "layers" / "fuzz.toml"); break;
                case 1: screen::parse_rules(s, "fuzz.toml"); break;
                case 2: render::parse_style(s, "fuzz.toml"); break;
                default: stats::parse_targets(s, "fuzz.toml"); break;
            }
        } catch (const Error& e) {
            CHECK_THAT(e.what(), Contains("fuzz.toml") || Contains("sample_data") || Contains("does not exist"));
        }
    }
}

namespace {

// A spreadsheet written through GDAL: sheets of rows, numbers as numeric cells as Excel stores what a
// user types.
void write_sheet(const std::filesystem::path& path, const char* driver,
                 const std::vector<std::pair<std::string, std::vector<std::vector<std::string>>>>& sheets) {
    GDALAllRegister();
    GDALDriver* d = GetGDALDriverManager()->GetDriverByName(driver);
    REQUIRE(d);
    GDALDataset* ds = d->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    REQUIRE(ds);
    for (const auto& [name, rows] : sheets) {
        OGRLayer* l = ds->CreateLayer(name.c_str(), nullptr, wkbNone, nullptr);
        const auto& header = rows[0];
        auto numeric = [&](std::size_t col) {
            for (std::size_t r = 1; r < rows.size(); ++r) {
                char* end = nullptr;
                std::strtod(rows[r][col].c_str(), &end);
                if (rows[r][col].empty() || *end) return false;
            }
            return rows.size() > 1;
        };
        for (std::size_t c = 0; c < header.size(); ++c) {
            OGRFieldDefn f(header[c].c_str(), numeric(c) ? OFTReal : OFTString);
            REQUIRE(l->CreateField(&f) == OGRERR_NONE);
        }
        for (std::size_t r = 1; r < rows.size(); ++r) {
            OGRFeature feature(l->GetLayerDefn());
            for (std::size_t c = 0; c < header.size(); ++c) {
                if (numeric(c)) feature.SetField(static_cast<int>(c), std::strtod(rows[r][c].c_str(), nullptr));
                else feature.SetField(static_cast<int>(c), rows[r][c].c_str());
            }
            REQUIRE(l->CreateFeature(&feature) == OGRERR_NONE);
        }
    }
    GDALClose(ds);
}

}  // namespace

TEST_CASE("site lists from Excel and ODS read as the CSV is read", "[load][sites][xlsx]") {
    test::TempDir dir;
    const geom::Ellipsoid e;
    Diagnostics diag;
    const std::vector<std::vector<std::string>> sites = {
        {"编号", "项目名称", "行业类别", "经度", "纬度", "占地半径米"},
        {"51070300011", "某工业项目", "工业", "104.62", "30.12", "100"},
        {"51070300012", "某光伏项目", "能源", "104°37'12.5\"", "30°07'30\"", "200"}};
    for (const char* driver : {"XLSX", "ODS"}) {
        INFO(driver);
        const auto path = dir / (std::string("sites.") + (driver == std::string("XLSX") ? "xlsx" : "ods"));
        write_sheet(path, driver, {{"说明", {{"备注"}, {"本表为示例"}}}, {"项目清单", sites}});
        // The only sheet with coordinate columns is chosen; codes stay text, DMS and buffers as in CSV.
        auto set = load::read_sites(path.string(), {}, "EPSG:4490", e, diag);
        REQUIRE(set.sites.size() == 2);
        CHECK(set.sites[0].id == "51070300011");
        CHECK(set.sites[0].name == "某工业项目");
        CHECK(set.sites[0].buffer_m == 100);
        CHECK(set.sites[0].area_m2 == Approx(3.14159265358979 * 100 * 100).epsilon(1e-4));
        CHECK(set.sites[0].origin == "sheet 项目清单 row 2");
        double x = 0;
        GEOSGeomGetX_r(geom::geos(), set.sites[1].geom.get(), &x);
        CHECK(x == Approx(104 + 37 / 60.0 + 12.5 / 3600).epsilon(1e-12));
        // A sheet named that is not there.
        load::SiteReadOptions named;
        named.layer = "项目清";
        CHECK_THROWS_WITH(load::read_sites(path.string(), named, "EPSG:4490", e, diag),
                          Contains("has no sheet '项目清'. Do you mean '项目清单'?"));
        named.layer = "项目清单";
        CHECK(load::read_sites(path.string(), named, "EPSG:4490", e, diag).sites.size() == 2);
    }
    // Two sheets with coordinates: the user must choose.
    write_sheet(dir / "two.xlsx", "XLSX", {{"一期", sites}, {"二期", sites}});
    CHECK_THROWS_WITH(load::read_sites((dir / "two.xlsx").string(), {}, "EPSG:4490", e, diag),
                      Contains("several sheets with coordinate columns: 一期, 二期"));
    // No coordinate columns anywhere.
    write_sheet(dir / "none.xlsx", "XLSX", {{"表1", {{"编号", "名称"}, {"A", "x"}}}, {"表2", {{"备注"}, {"y"}}}});
    CHECK_THROWS_WITH(load::read_sites((dir / "none.xlsx").string(), {}, "EPSG:4490", e, diag),
                      Contains("no sheet with coordinate columns"));
    // Gauss-Kruger X/Y with --crs; a bad cell names its sheet and row.
    load::SiteReadOptions gk;
    gk.crs = "EPSG:4544";  // CGCS2000 / 3-degree Gauss-Kruger CM 105E (no zone prefix)
    write_sheet(dir / "gk.xlsx", "XLSX", {{"坐标", {{"编号", "东坐标", "北坐标"}, {"P1", "462000", "3334000"}}}});
    auto set = load::read_sites((dir / "gk.xlsx").string(), gk, "EPSG:4490", e, diag);
    REQUIRE(set.sites.size() == 1);
    double lon = 0;
    GEOSGeomGetX_r(geom::geos(), set.sites[0].geom.get(), &lon);
    CHECK(lon == Approx(104.6).margin(0.01));
    write_sheet(dir / "swapped.xlsx", "XLSX", {{"坐标", {{"编号", "X", "Y"}, {"P1", "3334000", "462000"}}}});
    CHECK_THROWS_WITH(load::read_sites((dir / "swapped.xlsx").string(), gk, "EPSG:4490", e, diag),
                      Contains("row 2") && Contains("columns are swapped"));
    write_sheet(dir / "bad.xlsx", "XLSX", {{"清单", {{"编号", "经度", "纬度"}, {"A", "104.5", "北"}}}});
    CHECK_THROWS_WITH(load::read_sites((dir / "bad.xlsx").string(), {}, "EPSG:4490", e, diag),
                      Contains("sheet '清单', row 2") && Contains("not a longitude/latitude pair"));
}
