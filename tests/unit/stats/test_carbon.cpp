#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "stats/carbon.hpp"
#include "support/fixtures.hpp"

using namespace ecozone;
using Catch::Matchers::Contains;

TEST_CASE("a carbon table in TOML: four pools per class, stock = Σ area × density", "[stats][carbon]") {
    const auto t = stats::parse_carbon_toml(R"([carbon]
name = "test"

[[class]]
code = 10
above = 40
below = 10
soil = 80
dead = 2

[[class]]
code = 40
above = 5
below = 0
soil = 60
dead = 0
)",
                                            "carbon.toml");
    REQUIRE(t.classes.size() == 2);
    CHECK(t.find(10)->total() == 132);
    // 2 ha of forest and 0.5 ha of cropland, by hand: above 2·40 + 0.5·5 = 82.5; soil 2·80 + 0.5·60 = 190.
    const auto s = stats::carbon_stock(t, {{10, 20000.0}, {40, 5000.0}}, "zone A");
    CHECK(s.t[0] == Approx(82.5));
    CHECK(s.t[1] == Approx(20));
    CHECK(s.t[2] == Approx(190));
    CHECK(s.t[3] == Approx(4));
    CHECK(s.total() == Approx(296.5));
    CHECK_THROWS_WITH(stats::carbon_stock(t, {{30, 1.0}}, "zone A"),
                      Contains("zone A has land-cover class 30, which the carbon table does not list"));
}

TEST_CASE("a carbon table as InVEST's biophysical CSV", "[stats][carbon]") {
    const auto t = stats::parse_carbon_csv("lucode,lulc_name,c_above,c_below,c_soil,c_dead\r\n10,forest,40,10,80,2\r\n40,crop,5,0,60,0\r\n",
                                           "carbon.csv");
    REQUIRE(t.classes.size() == 2);
    CHECK(t.find(10)->name == "forest");
    CHECK(t.find(40)->t_per_ha[2] == 60);
    CHECK_THROWS_WITH(stats::parse_carbon_csv("code,above\n10,4\n", "c.csv"), Contains("lucode, c_above, c_below, c_soil and c_dead"));
    CHECK_THROWS_WITH(stats::parse_carbon_csv("lucode,c_above,c_below,c_soil,c_dead\n10,1,2,3,4\n10,1,2,3,4\n", "c.csv"),
                      Contains("c.csv:3: class 10 is given twice"));
    CHECK_THROWS_WITH(stats::parse_carbon_csv("lucode,c_above,c_below,c_soil,c_dead\n10.5,1,2,3,4\n", "c.csv"),
                      Contains("lucode '10.5' is not a whole number"));
    CHECK_THROWS_WITH(stats::parse_carbon_csv("lucode,c_above,c_below,c_soil,c_dead\n10,1,2,inf,4\n", "c.csv"),
                      Contains("c_soil 'inf' is not a number"));
}

TEST_CASE("carbon table errors name the line", "[stats][carbon]") {
    CHECK_THROWS_WITH(stats::parse_carbon_toml("[carbon]\nunit = \"t CO2/ha\"\n[[class]]\ncode = 1\nabove = 1\nbelow = 1\nsoil = 1\ndead = 1\n", "c.toml"),
                      Contains("c.toml:2") && Contains("must be in t C/ha"));
    CHECK_THROWS_WITH(stats::parse_carbon_toml("[carbon]\nname = \"x\"\n", "c.toml"), Contains("no [[class]] entries"));
    CHECK_THROWS_WITH(stats::parse_carbon_toml("[[class]]\ncode = 1\nabove = 1\nbelow = 1\nsoil = 1\ndaed = 1\n", "c.toml"),
                      Contains("unknown key 'daed'") && Contains("Do you mean 'dead'?"));
}

TEST_CASE("the shipped sample carbon table cites a source for every class", "[stats][carbon]") {
    const auto t = stats::load_carbon_table(test::source_dir() / "layers" / "carbon-sample.toml");
    CHECK(t.classes.size() == 8);
    for (const auto& c : t.classes) {
        INFO("class " << c.code);
        CHECK_FALSE(c.source.empty());
    }
    CHECK_THAT(t.note, Contains("IPCC"));
}
