#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <thread>

#include "geom/geodesic.hpp"
#include "geom/geos_context.hpp"
#include "io/raster_source.hpp"
#include "load/load_layers.hpp"
#include "stats/targets.hpp"
#include "stats/zonal.hpp"
#include "support/closed_forms.hpp"
#include "support/fixtures.hpp"
#include "support/rasters.hpp"

using namespace ecozone;
using Catch::Matchers::Contains;

namespace {

using test::quadrangle;

std::string box_wkt(double w, double s, double e, double n) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "POLYGON((%.10f %.10f,%.10f %.10f,%.10f %.10f,%.10f %.10f,%.10f %.10f))", w, s, e, s, e,
                  n, w, n, w, s);
    return buf;
}

}  // namespace

TEST_CASE("geographic cell areas agree with PROJ's geodesic area of the cell polygon", "[stats][zonal]") {
    const io::CellAreas areas(io::grid_info(10, 300, 104.0, 32.0, 0.01, 0.01, "EPSG:4490"));
    const geom::Ellipsoid e;
    for (int row : {0, 150, 299}) {
        const double top = 32.0 - row * 0.01, bottom = top - 0.01;
        // The cell polygon with densified parallels, measured by PROJ's geodesic polygon area.
        std::string wkt = "POLYGON((";
        for (int i = 0; i <= 100; ++i) wkt += std::to_string(104.0 + 0.0001 * i) + " " + std::to_string(bottom) + ",";
        for (int i = 100; i >= 0; --i) wkt += std::to_string(104.0 + 0.0001 * i) + " " + std::to_string(top) + ",";
        wkt += std::to_string(104.0) + " " + std::to_string(bottom) + "))";
        auto cell = geom::from_wkt(wkt);
        CHECK(areas.at(row, 3) == Approx(geom::geodesic_area_m2(cell.get(), e)).epsilon(1e-6));
        CHECK(areas.at(row, 3) == Approx(quadrangle(bottom, top, 0.01)).epsilon(1e-9));
    }
}

TEST_CASE("stripes under a polygon covering known fractions of cells", "[stats][zonal]") {
    // 0.01° cells, columns alternate class 10 and 20 (vertical stripes); the zone covers columns
    // 1.5 … 5.25 and rows 2 … 6 exactly: class 10 gets columns 2, 4 and 0.5 of column 1 … each row's
    // cells weigh their true area on the ellipsoid.
    const int cols = 10, rows = 10;
    std::vector<std::uint8_t> data(cols * rows);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) data[static_cast<std::size_t>(r * cols + c)] = c % 2 == 0 ? 10 : 20;
    const auto raster = test::memory_raster("EPSG:4490", 104.0, 31.0, 0.01, 0.01, cols, rows, data);
    auto zone = geom::from_wkt(box_wkt(104.015, 31.0 - 0.06, 104.0525, 31.0 - 0.02));
    const auto out = stats::zonal_class_areas(*raster, {zone.get()}, "EPSG:4490");
    REQUIRE(out.size() == 1);
    // Columns: 1 (class 20) half, 2 (10) full, 3 (20) full, 4 (10) full, 5 (20) quarter.
    const double row_area = quadrangle(31.0 - 0.06, 31.0 - 0.02, 0.01);  // 4 rows of one column
    CHECK(out[0].class_m2.at(10) == Approx(2.0 * row_area).epsilon(1e-9));
    CHECK(out[0].class_m2.at(20) == Approx((0.5 + 1.0 + 0.25) * row_area).epsilon(1e-9));
    const double zone_area = geom::geodesic_area_m2(zone.get(), geom::Ellipsoid());
    CHECK(out[0].valid_m2 == Approx(zone_area).epsilon(1e-4));  // class areas sum to the zone's area (0.01 %)
}

TEST_CASE("a checkerboard with nodata under a triangle", "[stats][zonal]") {
    const int n = 8;
    std::vector<std::uint8_t> data(n * n);
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) data[static_cast<std::size_t>(r * n + c)] = (r + c) % 2 == 0 ? 10 : 40;
    data[0] = 0;  // nodata in the top-left cell
    const auto raster = test::memory_raster("EPSG:4490", 100.0, 30.0, 0.001, 0.001, n, n, data, 0);
    // Triangle over cells (0,0) full, (0,1) and (1,0) half — in grid terms (0,0)-(2,0)-(0,2) from the top-left.
    auto tri = geom::from_wkt("POLYGON((100.0 30.0,100.002 30.0,100.0 29.998,100.0 30.0))");
    const auto out = stats::zonal_class_areas(*raster, {tri.get()}, "EPSG:4490");
    const double cell_top = quadrangle(29.999, 30.0, 0.001), cell_second = quadrangle(29.998, 29.999, 0.001);
    CHECK(out[0].nodata_m2 == Approx(cell_top).epsilon(1e-9));
    CHECK(out[0].class_m2.at(40) == Approx(0.5 * cell_top + 0.5 * cell_second).epsilon(1e-9));
    CHECK(out[0].class_m2.count(10) == 0);
}

TEST_CASE("a projected raster (Gauss-Kruger zone 35): class areas sum to the zone's geodesic area", "[stats][zonal]") {
    const int n = 100;
    std::vector<std::uint8_t> data(n * n, 30);
    const auto raster = test::memory_raster("EPSG:4523", 35464000, 3336000, 30, 30, n, n, data);
    CHECK_FALSE(raster->info().geographic);
    Diagnostics diag;
    load::SourceRequest req;
    req.source = test::data("gk35.gpkg");
    req.as_written = "gk35.gpkg";
    auto src = load::load_source(req, "EPSG:4490", geom::Ellipsoid(), diag);
    const auto out = stats::zonal_class_areas(*raster, {src.features[0].geom.get()}, "EPSG:4490");
    CHECK(out[0].valid_m2 == Approx(src.features[0].area_m2).epsilon(1e-4));
}

TEST_CASE("a raster that covers part of a zone reports the valid area only", "[stats][zonal]") {
    const auto raster = test::memory_raster("EPSG:4490", 104.0, 31.0, 0.01, 0.01, 5, 5, std::vector<std::uint8_t>(25, 10));
    auto zone = geom::from_wkt(box_wkt(104.02, 30.98, 104.08, 31.0));  // half outside the raster
    const auto out = stats::zonal_class_areas(*raster, {zone.get()}, "EPSG:4490");
    const double zone_area = geom::geodesic_area_m2(zone.get(), geom::Ellipsoid());
    CHECK(out[0].valid_m2 / zone_area == Approx(0.5).epsilon(1e-4));
}

TEST_CASE("a GeoTIFF read through GDAL gives the same areas as the same cells in memory", "[stats][zonal]") {
    test::TempDir dir;
    const auto path = (dir / "stripes.tif").string();
    const int cols = 40, rows = 600;  // several strips of block rows
    std::vector<std::uint8_t> data(static_cast<std::size_t>(cols * rows));
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(10 * (1 + (i * 7 + i / 40) % 5));
    test::write_raster(path, "EPSG:4490", 104.0, 31.0, 0.001, 0.001, cols, rows, data, 50);
    const auto gdal = io::open_raster_source(path, "", {});
    // The same grid, block rows included (they set the strips, and so the order of the cut fractions).
    const io::MemoryRasterSource memory(gdal->info(), std::vector<std::uint16_t>(data.begin(), data.end()));
    auto zone = geom::from_wkt("POLYGON((104.0013 30.41,104.037 30.5,104.02 30.9977,104.0013 30.41))");
    const auto a = stats::zonal_class_areas(*gdal, {zone.get()}, "EPSG:4490");
    const auto b = stats::zonal_class_areas(memory, {zone.get()}, "EPSG:4490");
    CHECK(a[0].class_m2 == b[0].class_m2);
    CHECK(a[0].nodata_m2 == b[0].nodata_m2);
    CHECK(a[0].nodata_m2 > 0);
}

TEST_CASE("a GeoTIFF's readers are given back and used again, and each reads its own cells", "[stats][zonal]") {
    test::TempDir dir;
    const auto path = (dir / "ramp.tif").string();
    const int cols = 64, rows = 300;
    std::vector<std::uint8_t> data(static_cast<std::size_t>(cols * rows));
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(1 + (i % 97));
    test::write_raster(path, "EPSG:4490", 104.0, 31.0, 0.001, 0.001, cols, rows, data, 0);
    const auto source = io::open_raster_source(path, "", {});
    auto expect = [&](int row0, int n, int col0, int ncols, const std::vector<std::uint16_t>& got) {
        REQUIRE(got.size() == static_cast<std::size_t>(n * ncols));
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < ncols; ++c)
                REQUIRE(got[static_cast<std::size_t>(r * ncols + c)] == data[static_cast<std::size_t>((row0 + r) * cols + col0 + c)]);
    };
    std::vector<std::uint16_t> a, b;
    source->reader()->read_window(10, 5, 3, 20, a);  // given back at the end of the statement
    expect(10, 5, 3, 20, a);
    {
        // Two at once are two handles: one reads while the other is held.
        auto first = source->reader();
        auto second = source->reader();
        first->read_window(200, 40, 0, cols, a);
        second->read_rows(0, 100, b);
        expect(200, 40, 0, cols, a);
        expect(0, 100, 0, cols, b);
    }
    // Many threads, each with readers taken and given back over and over.
    std::vector<std::thread> threads;
    std::atomic<int> wrong{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            std::vector<std::uint16_t> got;
            for (int k = 0; k < 50; ++k) {
                const int row0 = (t * 37 + k * 11) % (rows - 8);
                source->reader()->read_window(row0, 8, t, 16, got);
                for (int r = 0; r < 8; ++r)
                    for (int c = 0; c < 16; ++c)
                        if (got[static_cast<std::size_t>(r * 16 + c)] != data[static_cast<std::size_t>((row0 + r) * cols + t + c)]) ++wrong;
            }
        });
    }
    for (auto& th : threads) th.join();
    CHECK(wrong == 0);
}

TEST_CASE("zones are carried into each raster's own CRS when calls alternate between rasters", "[stats][zonal]") {
    // The transformation into a raster's CRS is made once per thread and raster: calls that alternate
    // between a geographic and a projected raster must each get their own.
    const int n = 100;
    std::vector<std::uint8_t> data(n * n, 30);
    const auto projected = test::memory_raster("EPSG:4523", 35464000, 3336000, 30, 30, n, n, data);
    Diagnostics diag;
    load::SourceRequest req;
    req.source = test::data("gk35.gpkg");
    req.as_written = "gk35.gpkg";
    auto src = load::load_source(req, "EPSG:4490", geom::Ellipsoid(), diag);
    const GEOSGeometry* zone = src.features[0].geom.get();
    const geom::Envelope env = geom::envelope(zone);
    const double d = 0.0005;  // degrees: a grid over the zone with a margin of 20 cells
    const int gcols = static_cast<int>((env.max_x - env.min_x) / d) + 40, grows = static_cast<int>((env.max_y - env.min_y) / d) + 40;
    const auto geographic = test::memory_raster("EPSG:4490", env.min_x - 20 * d, env.max_y + 20 * d, d, d, gcols, grows,
                                                std::vector<std::uint8_t>(static_cast<std::size_t>(gcols * grows), 10));
    for (int k = 0; k < 3; ++k) {
        const auto p = stats::zonal_class_areas(*projected, {zone}, "EPSG:4490");
        const auto g = stats::zonal_class_areas(*geographic, {zone}, "EPSG:4490");
        CHECK(p[0].valid_m2 == Approx(src.features[0].area_m2).epsilon(1e-4));
        CHECK(g[0].valid_m2 == Approx(src.features[0].area_m2).epsilon(1e-4));
    }
}

TEST_CASE("bad rasters and target files give clear errors", "[stats]") {
    test::TempDir dir;
    const auto nocrs = (dir / "nocrs.tif").string();
    test::write_raster(nocrs, "", 104.0, 31.0, 0.01, 0.01, 2, 2, std::vector<std::uint8_t>(4, 10));
    CHECK_THROWS_WITH(io::open_raster(nocrs, "", {}), Contains("has no coordinate reference system"));
    CHECK_NOTHROW(io::open_raster(nocrs, "EPSG:4490", {}));
    CHECK_THROWS_WITH(io::open_raster((dir / "none.tif").string(), "", {}), Contains("does not exist"));
    CHECK_THROWS_WITH(io::open_raster(test::data("gk35.gpkg"), "", {}), Contains("could not be read as a raster"));

    CHECK_THROWS_WITH(stats::parse_targets("[[target]]\nid = \"a\"\nindicator = \"forest_pc\"\nvalue = 1\n", "t.toml"),
                      Contains("t.toml:3") && Contains("Do you mean 'forest_pct'?"));
    CHECK_THROWS_WITH(stats::parse_targets("[[target]]\nid = \"a\"\nindicator = \"forest_pct\"\n", "t.toml"),
                      Contains("needs a value"));
    const auto sample = stats::load_targets(test::source_dir() / "layers" / "targets-sample.toml");
    CHECK(sample.targets.size() >= 5);
    using stats::Comparison;
    CHECK(stats::compare(56.6, Comparison::at_least, 56.5));
    CHECK_FALSE(stats::compare(56.4, Comparison::at_least, 56.5));
    CHECK(stats::compare(56.5, Comparison::at_most, 56.5));
    CHECK_FALSE(stats::compare(56.5, Comparison::less_than, 56.5));
    for (const auto& symbol : stats::comparison_symbols())
        CHECK(stats::comparison_symbol(*stats::comparison_from_symbol(symbol)) == symbol);
    CHECK_THROWS_WITH(stats::parse_targets("[[target]]\nid = \"a\"\nindicator = \"forest_pct\"\ncomparison = \"=>\"\nvalue = 1.0\n", "t.toml"),
                      Contains("t.toml:4") && Contains("must be one of >=, >, <=, <, ="));
}
