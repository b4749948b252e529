#include <catch2/catch.hpp>

#include <cstdlib>

#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/suggest.hpp"
#include "core/units.hpp"

using namespace ecozone;

TEST_CASE("edit distance and suggestions", "[core]") {
    CHECK(text::edit_distance("protected_area", "protected_area") == 0);
    CHECK(text::edit_distance("protectd_area", "protected_area") == 1);
    CHECK(text::did_you_mean("protectd_area", {"ecological_redline", "protected_area"}) ==
          " Do you mean 'protected_area'?");
    CHECK(text::did_you_mean("xyz", {"ecological_redline", "protected_area"}).empty());
    // Chinese names are compared by character, not by byte.
    CHECK(text::edit_distance("资阳", "资阳市") == 1);
    CHECK(text::did_you_mean("资阳", {"雁江区", "资阳市"}) == " Do you mean '资阳市'?");
    CHECK(text::did_you_mean("雁江", {"雁江区", "资阳市"}) == " Do you mean '雁江区'?");
    CHECK(text::did_you_mean("资阳", {"雁江区", "安岳县"}).empty());
    CHECK(text::did_you_mean("绵阳市游仙", {"绵阳市游仙区", "绵阳市涪城区"}) == " Do you mean '绵阳市游仙区'?");
}

TEST_CASE("UTF-8 validation and display width", "[core]") {
    CHECK(text::is_valid_utf8("雁江区"));
    CHECK_FALSE(text::is_valid_utf8("\xd1\xe3\xbd\xad\xc7\xf8"));  // 雁江区 in GBK
    CHECK(text::display_width("生态保护红线") == 12);
    CHECK(text::display_width("redline") == 7);
    CHECK(text::pad_right("红线", 6) == "红线  ");
}

TEST_CASE("number formatting and area units", "[core]") {
    CHECK(text::thousands(1234567.891, 2) == "1,234,567.89");
    CHECK(text::thousands(-1234.5, 1) == "-1,234.5");
    CHECK(text::thousands(999, 0) == "999");
    CHECK(units::mu(666.6666666667) == Approx(1.0));
    CHECK(units::mu(units::m2_per_ha) == Approx(15.0));
    CHECK(units::ha(1e6) == Approx(100.0));
}

TEST_CASE("the production date is today's, or SOURCE_DATE_EPOCH's", "[core]") {
    ::setenv("SOURCE_DATE_EPOCH", "1764547200", 1);  // 2025-12-01T00:00:00Z
    CHECK(production_date() == "2025-12-01");
    ::setenv("SOURCE_DATE_EPOCH", "0", 1);
    CHECK(production_date() == "1970-01-01");
    for (const char* bad : {"yesterday", "-5", "12x", "99999999999999"}) {
        ::setenv("SOURCE_DATE_EPOCH", bad, 1);
        CHECK_THROWS_AS(production_date(), Error);
    }
    ::unsetenv("SOURCE_DATE_EPOCH");
    CHECK(production_date().size() == 10);
    CHECK(chinese_date("2026-12-01") == "2026年12月1日");
    CHECK(chinese_date("not a date") == "not a date");
}

TEST_CASE("fixed-point numbers for data files have no separators", "[core]") {
    CHECK(text::fixed(1234567.891, 2) == "1234567.89");
    CHECK(text::fixed(-0.5, 0) == "-0");
    CHECK(text::fixed(3, 4) == "3.0000");
}

TEST_CASE("message templates fill their places once, in any order", "[core]") {
    // No catalogue is bound in the unit tests: the English source text comes back.
    CHECK(tr("has no field '{1}' (named by {2}).", "名称", "--name-field") == "has no field '名称' (named by --name-field).");
    const std::string values[] = {"A", "B"};
    CHECK(i18n::fill("{2} before {1}", values, 2) == "B before A");
    CHECK(i18n::fill("{3} stays", values, 2) == "{3} stays");
    // A value is never read as a place: a site named "{2}" stays "{2}".
    const std::string tricky[] = {"{2}", "x"};
    CHECK(i18n::fill("{1}/{2}", tricky, 2) == "{2}/x");
    CHECK(trn("{n} site from {1}", "{n} sites from {1}", 1, "a.csv") == "1 site from a.csv");
    CHECK(trn("{n} site from {1}", "{n} sites from {1}", 30, "{n}.csv") == "30 sites from {n}.csv");
    CHECK(tr("{1} of {2} layers loaded.", std::size_t{8}, 8) == "8 of 8 layers loaded.");
}
