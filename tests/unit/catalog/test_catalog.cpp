#include <catch2/catch.hpp>

#include "catalog/catalog.hpp"
#include "core/error.hpp"
#include "support/fixtures.hpp"

using namespace ecozone;
using Catch::Matchers::Contains;

namespace {

catalog::Catalog parse(const std::string& text) {
    return catalog::parse_catalog(text, test::data_dir() / "catalogs" / "inline.toml");
}

const char* k_header = R"([catalog]
name = "测试目录"
)";

}  // namespace

TEST_CASE("a good catalog parses with defaults and resolved paths", "[catalog]") {
    const auto cat = parse(std::string(k_header) + R"(version = "2023"
date = "2023-12-31"

[[layers]]
id = "gk"
role = "ecological_redline"
source = "../gk35.gpkg"
code_field = "code"

[[layers]]
id = "pg"
role = "other"
title = "数据库图层"
source = "PG:dbname=zoning"
layer = "public.redline"
)");
    CHECK(cat.name == "测试目录");
    CHECK(cat.crs == "EPSG:4490");
    CHECK(cat.version == "2023");
    REQUIRE(cat.layers.size() == 2);
    CHECK(cat.layers[0].title == "生态保护红线");  // defaults to the role's Chinese name
    CHECK(cat.layers[0].line == 6);  // the [[layers]] header
    CHECK(std::filesystem::path(cat.layers[0].source).is_absolute() ==
          std::filesystem::path(test::data_dir()).is_absolute());
    CHECK_THAT(cat.layers[0].source, Contains("gk35.gpkg"));
    CHECK(cat.layers[1].source == "PG:dbname=zoning");
    CHECK(cat.rules.empty());
}

TEST_CASE("the shipped sample catalog loads", "[catalog]") {
    const auto cat = catalog::load_catalog(test::source_dir() / "layers" / "sample.toml");
    CHECK(cat.layers.size() >= 8);
    REQUIRE(cat.landcover);
    CHECK(cat.landcover->forest_classes == std::vector<int>{10});
    REQUIRE(cat.zones);
    CHECK(cat.zones->code_field == "adcode");
}

TEST_CASE("catalog errors name the line and suggest a fix", "[catalog]") {
    SECTION("unknown key") {
        CHECK_THROWS_WITH(parse(std::string(k_header) + "\n[[layers]]\nid = \"a\"\nrole = \"other\"\nsource = \"../gk35.gpkg\"\ncode_feild = \"x\"\n"),
                          Contains("inline.toml:8") && Contains("unknown key 'code_feild'") &&
                              Contains("Do you mean 'code_field'?"));
    }
    SECTION("unknown role") {
        CHECK_THROWS_WITH(parse(std::string(k_header) + "\n[[layers]]\nid = \"a\"\nrole = \"protected_areas\"\nsource = \"../gk35.gpkg\"\n"),
                          Contains("inline.toml:6") && Contains("unknown role 'protected_areas'") &&
                              Contains("Do you mean 'protected_area'?"));
    }
    SECTION("missing file") {
        CHECK_THROWS_WITH(parse(std::string(k_header) + "\n[[layers]]\nid = \"a\"\nrole = \"other\"\nsource = \"../nothere.gpkg\"\n"),
                          Contains("inline.toml:7") && Contains("'../nothere.gpkg' does not exist"));
    }
    SECTION("duplicate id") {
        const std::string layer = "\n[[layers]]\nid = \"a\"\nrole = \"other\"\nsource = \"../gk35.gpkg\"\n";
        CHECK_THROWS_WITH(parse(std::string(k_header) + layer + layer),
                          Contains("inline.toml:9") && Contains("layer id 'a' is used twice"));
    }
    SECTION("no layers") {
        CHECK_THROWS_WITH(parse(k_header), Contains("lists no layers"));
    }
    SECTION("no [catalog]") {
        CHECK_THROWS_WITH(parse("[[layers]]\nid = \"a\"\nrole = \"other\"\nsource = \"../gk35.gpkg\"\n"),
                          Contains("no [catalog] section"));
    }
    SECTION("TOML syntax") {
        CHECK_THROWS_WITH(parse("[catalog]\nname = 测试\n"), Contains("inline.toml:2") && Contains("not valid TOML"));
    }
    SECTION("wrong type") {
        CHECK_THROWS_WITH(parse("[catalog]\nname = 3\n"), Contains("'name' must be a text value"));
    }
    SECTION("unknown top-level section") {
        CHECK_THROWS_WITH(parse(std::string(k_header) + "[layer]\nid = \"a\"\n"),
                          Contains("unknown key 'layer'") && Contains("Do you mean 'layers'?"));
    }
    SECTION("bad id") {
        CHECK_THROWS_WITH(parse(std::string(k_header) + "\n[[layers]]\nid = \"红线\"\nrole = \"other\"\nsource = \"../gk35.gpkg\"\n"),
                          Contains("may only use letters"));
    }
    SECTION("access list on the wrong role") {
        CHECK_THROWS_WITH(parse(std::string(k_header) + "\n[[layers]]\nid = \"a\"\nrole = \"other\"\nsource = \"../gk35.gpkg\"\naccess_list = \"../golden.json\"\n"),
                          Contains("not a control_unit layer"));
    }
    SECTION("missing catalog file") {
        CHECK_THROWS_WITH(catalog::load_catalog(test::data_dir() / "nothing.toml"), Contains("the catalog does not exist"));
    }
}

TEST_CASE("land cover of several years: editions, the current year and the carbon table", "[catalog][change]") {
    SECTION("the sample catalog names 2020 and 2023") {
        const auto cat = catalog::load_catalog(test::source_dir() / "layers" / "sample.toml");
        REQUIRE(cat.landcover);
        const auto years = cat.landcover->years();
        REQUIRE(years.size() == 2);
        CHECK(years[0].year == 2020);
        CHECK_THAT(years[0].source, Contains("landcover_2020.vrt"));
        CHECK(years[1].year == 2023);
        CHECK(years[1].source == cat.landcover->source);
        CHECK_THAT(cat.landcover->carbon, Contains("carbon-sample.toml"));
    }
    SECTION("without a source, the latest edition is the current land cover") {
        const auto cat = parse(std::string(k_header) + R"(
[landcover]
editions = [{year = 2023, source = "../empty.geojson"}, {year = 2020, source = "../gk35.gpkg", nodata = 255}]
)");
        REQUIRE(cat.landcover);
        CHECK(cat.landcover->year == 2023);
        CHECK_THAT(cat.landcover->source, Contains("empty.geojson"));
        const auto years = cat.landcover->years();
        REQUIRE(years.size() == 2);
        CHECK(years[0].year == 2020);
        CHECK(years[0].nodata == 255);
    }
    SECTION("a source without a year is not one of the years compared") {
        const auto cat = parse(std::string(k_header) + "\n[landcover]\nsource = \"../gk35.gpkg\"\n");
        CHECK(cat.landcover->years().empty());
    }
    SECTION("errors") {
        CHECK_THROWS_WITH(parse(std::string(k_header) + "\n[landcover]\nsource = \"../gk35.gpkg\"\nyear = 2020\neditions = [{year = 2020, source = \"../gk35.gpkg\"}]\n"),
                          Contains("has year 2020 twice"));
        CHECK_THROWS_WITH(parse(std::string(k_header) + "\n[landcover]\nsource = \"../gk35.gpkg\"\neditions = [{source = \"../gk35.gpkg\"}]\n"),
                          Contains("edition has no year"));
        CHECK_THROWS_WITH(parse(std::string(k_header) + "\n[landcover]\nsource = \"../gk35.gpkg\"\neditions = [{year = 2020, source = \"../nope.tif\"}]\n"),
                          Contains("[landcover] edition 2020 '../nope.tif' does not exist"));
        CHECK_THROWS_WITH(parse(std::string(k_header) + "\n[landcover]\nsource = \"../gk35.gpkg\"\neditions = \"2020\"\n"),
                          Contains("editions must be a list of tables"));
        CHECK_THROWS_WITH(parse(std::string(k_header) + "\n[landcover]\nforest_classes = [10]\n"), Contains("[landcover] has no source"));
    }
}
