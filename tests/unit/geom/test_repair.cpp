#include <catch2/catch.hpp>

#include "geom/geodesic.hpp"
#include "geom/repair.hpp"
#include "support/fixtures.hpp"

using namespace ecozone;
using Catch::Matchers::Contains;

TEST_CASE("a bow-tie is repaired into its two triangles", "[geom][repair]") {
    auto bowtie = geom::from_wkt("POLYGON((104.0 30.0,104.01 30.01,104.01 30.0,104.0 30.01,104.0 30.0))");
    auto out = geom::make_valid(std::move(bowtie));
    CHECK(out.repaired);
    CHECK_THAT(out.reason, Contains("Self-intersection"));
    REQUIRE(out.geom);
    CHECK(GEOSisValid_r(geom::geos(), out.geom.get()) == 1);
    CHECK(geom::is_polygonal(out.geom.get()));
    CHECK(geom::geodesic_area_m2(out.geom.get(), geom::Ellipsoid()) ==
          Approx(test::golden()["bowtie_triangles_m2"].get<double>()).epsilon(1e-9));
}

TEST_CASE("valid geometry passes unchanged", "[geom][repair]") {
    auto square = geom::from_wkt("POLYGON((0 0,1 0,1 1,0 1,0 0))");
    const auto wkt = geom::to_wkt(square.get());
    auto out = geom::make_valid(std::move(square));
    CHECK_FALSE(out.repaired);
    CHECK(geom::to_wkt(out.geom.get()) == wkt);
}

TEST_CASE("a polygon with no area collapses and is reported", "[geom][repair]") {
    auto flat = geom::from_wkt("POLYGON((0 0,1 1,2 2,0 0))");
    auto out = geom::make_valid(std::move(flat));
    CHECK(out.repaired);
    CHECK(out.collapsed);
    CHECK_FALSE(out.geom);
}

TEST_CASE("an invalid line with one point-pair repeated keeps its dimension", "[geom][repair]") {
    auto line = geom::from_wkt("LINESTRING(0 0,0 0)");
    auto out = geom::make_valid(std::move(line));
    CHECK(out.repaired);
}

TEST_CASE("a union on a grid snaps vertices and merges overlaps", "[geom]") {
    std::vector<geom::GeomPtr> parts;
    parts.push_back(geom::from_wkt("POLYGON((0 0,2 0,2 2,0 2,0 0))"));
    parts.push_back(geom::from_wkt("POLYGON((1.0000004 1,3 1,3 3,1 3,1.0000004 1))"));
    const geom::GeomPtr u = geom::union_on_grid(std::move(parts), 0.001);
    double area = 0;
    REQUIRE(GEOSArea_r(geom::geos(), u.get(), &area) == 1);
    CHECK(area == Approx(7.0).margin(1e-9));
    CHECK(geom::to_wkt(u.get(), 7).find("1.0000004") == std::string::npos);
    CHECK(geom::union_on_grid({}, 0.001) == nullptr);
}
