#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include "catalog/catalog.hpp"
#include "core/diagnostics.hpp"
#include "core/error.hpp"
#include "load/load_layers.hpp"
#include "support/fixtures.hpp"

using namespace ecozone;
using Catch::Matchers::Contains;

namespace {

load::LoadedSource load_file(const std::string& source, const std::string& crs = "", const std::string& layer = "",
                        Diagnostics* diag = nullptr, const std::string& code_field = "") {
    Diagnostics local;
    load::SourceRequest req;
    req.source = test::data(source);
    req.as_written = source;
    req.crs = crs;
    req.layer = layer;
    req.code_field = code_field;
    return load::load_source(req, "EPSG:4490", geom::Ellipsoid(), diag ? *diag : local);
}

std::string all_text(const Diagnostics& d) {
    std::string out;
    for (const auto& x : d.all()) out += x.text() + " | " + x.hint + "\n";
    return out;
}

}  // namespace

TEST_CASE("a Gauss-Kruger layer (zone 35, with prefix) is transformed and measured on the ellipsoid", "[load]") {
    auto src = load_file("gk35.gpkg");
    CHECK(src.report.source_crs.rfind("EPSG:4523", 0) == 0);
    REQUIRE(src.features.size() == 2);
    CHECK(src.report.sum_area_m2 == Approx(test::golden()["gk35_area_m2"].get<double>()).epsilon(1e-7));
    // Working coordinates are longitude/latitude, longitude first.
    CHECK(src.report.extent.min_x == Approx(104.62).margin(0.05));
    CHECK(src.report.extent.min_y == Approx(30.13).margin(0.05));
}

TEST_CASE("an Esri FileGDB layer reads like the GeoPackage", "[load]") {
    auto src = load_file("gk35.gdb", "", "gk35");
    REQUIRE(src.features.size() == 2);
    CHECK(src.report.driver == "OpenFileGDB");
    CHECK(src.report.sum_area_m2 == Approx(test::golden()["gk35_area_m2"].get<double>()).epsilon(1e-7));
}

TEST_CASE("a layer whose CRS is only in the catalog", "[load]") {
    SECTION("without it, a clear error with a hint") {
        CHECK_THROWS_WITH(load_file("nocrs/parcels.shp"),
                          Contains("has no coordinate reference system"));
        try {
            load_file("nocrs/parcels.shp");
        } catch (const Error& e) {
            CHECK_THAT(e.hint(), Contains("EPSG:4523"));
            CHECK_THAT(e.hint(), Contains("never guesses"));
        }
    }
    SECTION("with it, the same area as the GeoPackage") {
        auto src = load_file("nocrs/parcels.shp", "EPSG:4523");
        CHECK(src.report.crs_from_catalog);
        CHECK(src.report.sum_area_m2 == Approx(test::golden()["gk35_area_m2"].get<double>()).epsilon(1e-7));
    }
    SECTION("a DXF drawing with the CRS from the catalog") {
        auto src = load_file("parcel.dxf", "EPSG:4523");
        REQUIRE(src.features.size() == 1);
        CHECK(src.report.sum_area_m2 > 999'900);
        CHECK(src.report.sum_area_m2 < 1'000'000);
    }
}

TEST_CASE("eastings with a zone prefix under an unprefixed CRS are refused", "[load]") {
    try {
        load_file("wrong_prefix.gpkg");
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK_THAT(e.message(), Contains("carry a zone prefix"));
        CHECK_THAT(e.hint(), Contains("EPSG:4523"));
    }
}

TEST_CASE("GBK attributes decode with and without .cpg", "[load][encoding]") {
    Diagnostics diag;
    auto detected = load_file("gbk_nocpg/farmland.shp", "", "", &diag);
    REQUIRE(detected.values.size() == 2);
    CHECK(detected.values[0][1] == "雁江区");
    CHECK(detected.values[1][1] == "乐至县");
    CHECK_THAT(all_text(diag), Contains("no .cpg file") && Contains("read as GBK"));

    Diagnostics quiet;
    auto with_cpg = load_file("gbk_cpg/farmland.shp", "", "", &quiet);
    CHECK(with_cpg.values[0][1] == "雁江区");
    CHECK(quiet.warning_count() == 0);
}

TEST_CASE("invalid geometries are repaired and empty ones reported", "[load][repair]") {
    Diagnostics diag;
    auto src = load_file("invalid.geojson", "", "", &diag, "code");
    CHECK(src.report.features == 3);
    CHECK(src.report.repaired == 1);
    CHECK(src.report.empty == 1);
    REQUIRE(src.features.size() == 2);
    CHECK(src.features[0].area_m2 == Approx(test::golden()["bowtie_triangles_m2"].get<double>()).epsilon(1e-9));
    const std::string text = all_text(diag);
    CHECK_THAT(text, Contains("1 invalid geometry repaired") && Contains("bowtie") && Contains("Self-intersection"));
    CHECK_THAT(text, Contains("1 feature has no geometry") && Contains("nogeom"));
}

TEST_CASE("bad sources give errors that name them", "[load]") {
    CHECK_THROWS_WITH(load_file("corrupt.gpkg"), Contains("corrupt.gpkg could not be read"));
    CHECK_THROWS_WITH(load_file("gk35.gpkg", "", "gk36"), Contains("has no layer 'gk36'") && Contains("Do you mean 'gk35'?"));
    CHECK_THROWS_WITH(load_file("gk35.gpkg", "EPSG:99999"), Contains("not a coordinate reference system"));
    CHECK_THROWS_WITH(load_file("gk35.gpkg", "", "", nullptr, "cdoe"), Contains("no field 'cdoe'") && Contains("Do you mean 'code'?"));
}

TEST_CASE("a catalog loads every layer and counts overlaps once", "[load]") {
    test::TempDir dir;
    const auto path = dir / "cat.toml";
    test::write_text(path, "[catalog]\nname = \"t\"\n\n[[layers]]\nid = \"overlap\"\nrole = \"other\"\nsource = \"" +
                               test::data("overlap.geojson") + "\"\n\n[[layers]]\nid = \"nocrs\"\nrole = \"other\"\nsource = \"" +
                               test::data("nocrs/parcels.shp") + "\"\n");
    const auto cat = catalog::load_catalog(path);
    Diagnostics diag;
    const auto set = load::load_layers(cat, diag);
    REQUIRE(set.layers.size() == 1);
    const auto& r = set.layers[0].report;
    CHECK(r.area_m2 == Approx(test::golden()["overlap_union_m2"].get<double>()).epsilon(1e-6));
    CHECK(r.sum_area_m2 > r.area_m2 * 1.3);
    REQUIRE(set.failures.size() == 1);
    CHECK_THAT(set.failures[0].error.what(), Contains("cat.toml:9") && Contains("'nocrs'"));
    CHECK_THROWS_WITH(load::require_all_loaded(set), Contains("no coordinate reference system"));
}

TEST_CASE("a Shapefile without its .shx is read from a copy in memory; its folder is left alone", "[load]") {
    test::TempDir dir;
    for (const auto& f : std::filesystem::directory_iterator(test::data_dir() / "gbk_cpg")) {
        if (f.path().extension() != ".shx") std::filesystem::copy_file(f.path(), dir / f.path().filename().string());
    }
    Diagnostics diag;
    load::SourceRequest req;
    req.source = (dir / "farmland.shp").string();
    req.as_written = "farmland.shp";
    const auto src = load::load_source(req, "EPSG:4490", geom::Ellipsoid(), diag);
    CHECK(src.features.size() == 2);
    CHECK_THAT(all_text(diag), Contains("farmland.shp has a missing or damaged .shx index") &&
                                   Contains("rebuilt it in memory"));
    CHECK_FALSE(std::filesystem::exists(dir / "farmland.shx"));
}

TEST_CASE("loading a catalog writes nothing into its sources' folders", "[load]") {
    // GDAL rewrites a Shapefile's .shx on every open when SHAPE_RESTORE_SHX is set; read-only data
    // then fails to load. Every file under sample_data keeps its size and modification time.
    auto snapshot = [] {
        std::map<std::string, std::pair<std::uintmax_t, std::filesystem::file_time_type>> files;
        for (const auto& f : std::filesystem::recursive_directory_iterator(test::source_dir() / "sample_data")) {
            if (f.is_regular_file()) files[f.path().string()] = {f.file_size(), f.last_write_time()};
        }
        return files;
    };
    const auto before = snapshot();
    const auto cat = catalog::load_catalog(test::source_dir() / "layers" / "sample.toml");
    Diagnostics diag;
    const auto set = load::load_layers(cat, diag);
    CHECK(set.failures.empty());
    CHECK(snapshot() == before);
}
