#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <random>

#include "core/atomic_file.hpp"
#include "core/bytes.hpp"
#include "core/diagnostics.hpp"
#include "geom/binary.hpp"
#include "geom/geodesic.hpp"
#include "index/layer_index.hpp"
#include "load/layer_cache.hpp"
#include "load/load_layers.hpp"
#include "support/fixtures.hpp"

using namespace ecozone;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

const char* const k_shapes[] = {
    "POINT (104.5 30.25)",
    "POINT EMPTY",
    "LINESTRING (104 30, 104.5 30.5, 105 30)",
    "POLYGON ((104 30, 105 30, 105 31, 104 31, 104 30), (104.2 30.2, 104.2 30.4, 104.4 30.4, 104.2 30.2))",
    "POLYGON EMPTY",
    "MULTIPOINT ((104 30), (105 31))",
    "MULTILINESTRING ((104 30, 105 30), (104 31, 105 31))",
    "MULTIPOLYGON (((104 30, 105 30, 105 31, 104 30)), ((106 30, 107 30, 107 31, 106 30)))",
    "GEOMETRYCOLLECTION (POINT (104 30), LINESTRING (104 30, 105 31), POLYGON ((104 30, 105 30, 105 31, 104 30)))",
    "GEOMETRYCOLLECTION EMPTY",
};

std::string bytes_of(const char* wkt) {
    ByteWriter w;
    geom::write_binary(w, geom::from_wkt(wkt).get());
    return w.data();
}

load::SourceRequest request_for(const fs::path& file, const std::string& code_field = "code") {
    load::SourceRequest req;
    req.source = file.string();
    req.as_written = file.filename().string();
    req.code_field = code_field;
    req.where = Where{"catalog.toml", 7, "'t' (测试)"};
    return req;
}

std::string texts(const Diagnostics& d) {
    std::string out;
    for (const auto& x : d.all()) out += x.text() + " | " + x.hint + "\n";
    return out;
}

void check_same(const load::LoadedSource& a, const load::LoadedSource& b) {
    REQUIRE(a.features.size() == b.features.size());
    for (std::size_t i = 0; i < a.features.size(); ++i) {
        CHECK(a.features[i].fid == b.features[i].fid);
        CHECK(a.features[i].code == b.features[i].code);
        CHECK(a.features[i].area_m2 == b.features[i].area_m2);
        CHECK(GEOSEqualsExact_r(geom::geos(), a.features[i].geom.get(), b.features[i].geom.get(), 0.0) == 1);
    }
    CHECK(a.fields == b.fields);
    CHECK(a.values == b.values);
    CHECK(a.report.features == b.report.features);
    CHECK(a.report.repaired == b.report.repaired);
    CHECK(a.report.empty == b.report.empty);
    CHECK(a.report.source_crs == b.report.source_crs);
    CHECK(a.report.geometry_type == b.report.geometry_type);
    CHECK(a.report.sum_area_m2 == b.report.sum_area_m2);
    CHECK(a.report.extent.min_x == b.report.extent.min_x);
    CHECK(a.report.extent.max_y == b.report.extent.max_y);
}

// sample_data's counties as a one-layer set, loaded through the cache (so that the layer has its cache key).
load::LayerSet counties_through(const load::LayerCache& cache) {
    load::LayerSet set;
    Diagnostics d;
    load::Layer layer;
    auto req = request_for(test::source_dir() / "sample_data" / "counties.gpkg", "adcode");
    auto src = load::load_source_cached(req, "EPSG:4490", set.ellipsoid, d, false, &cache, &layer.cache_key);
    layer.features = std::move(src.features);
    set.layers.push_back(std::move(layer));
    return set;
}

}  // namespace

TEST_CASE("geometries come back from the cache's binary form exactly", "[cache]") {
    for (const char* wkt : k_shapes) {
        INFO(wkt);
        const std::string bytes = bytes_of(wkt);
        ByteReader r(bytes.data(), bytes.size());
        const geom::GeomPtr back = geom::read_binary(r);
        CHECK(r.left() == 0);
        CHECK(geom::to_wkt(back.get()) == geom::to_wkt(geom::from_wkt(wkt).get()));
        CHECK(GEOSGeomTypeId_r(geom::geos(), back.get()) == GEOSGeomTypeId_r(geom::geos(), geom::from_wkt(wkt).get()));
    }
}

TEST_CASE("damaged binary geometry is refused, never trusted", "[cache][fuzz]") {
    std::mt19937 rng(4242);
    int read = 0, refused = 0;
    for (int iter = 0; iter < 20000; ++iter) {
        std::string s = bytes_of(k_shapes[iter % std::size(k_shapes)]);
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int k = 0; k < edits && !s.empty(); ++k) {
            const std::size_t pos = rng() % s.size();
            switch (rng() % 3) {
                case 0: s.erase(pos, 1 + rng() % 8); break;
                case 1: s.insert(pos, 1, static_cast<char>(rng())); break;
                default: s[pos] = static_cast<char>(rng());
            }
        }
        try {
            ByteReader r(s.data(), s.size());
            geom::read_binary(r);
            ++read;
        } catch (const BadBytes&) {
            ++refused;
        }
    }
    CHECK(read + refused == 20000);
    CHECK(refused > 1000);
}

TEST_CASE("a cached source loads exactly as from the source, messages included", "[cache][load]") {
    test::TempDir dir;
    const fs::path data = dir / "invalid.geojson";
    fs::copy_file(test::data("invalid.geojson"), data);
    const load::LayerCache cache(dir / "cache");
    const auto req = request_for(data);
    const geom::Ellipsoid e;

    Diagnostics direct_diag;
    const auto direct = load::load_source(req, "EPSG:4490", e, direct_diag, /*measure_features=*/false);

    Diagnostics cold_diag, warm_diag;
    std::string key;
    const auto cold = load::load_source_cached(req, "EPSG:4490", e, cold_diag, false, &cache, &key);
    REQUIRE(!key.empty());
    CHECK(cache.usage().entries == 1);
    const auto warm = load::load_source_cached(req, "EPSG:4490", e, warm_diag, false, &cache);
    check_same(direct, cold);
    check_same(direct, warm);
    CHECK(texts(cold_diag) == texts(direct_diag));
    CHECK(texts(warm_diag) == texts(direct_diag));
    CHECK_THAT(texts(warm_diag), Contains("catalog.toml:7: layer 't' (测试)") && Contains("1 invalid geometry repaired"));

    SECTION("messages point at the catalog entry as it is now") {
        auto moved = req;
        moved.where.line = 12;
        Diagnostics d;
        load::load_source_cached(moved, "EPSG:4490", e, d, false, &cache);
        CHECK_THAT(texts(d), Contains("catalog.toml:12:") && !Contains("catalog.toml:7:"));
    }
    SECTION("an entry made without measures is measured when asked") {
        Diagnostics d1, d2;
        const auto measured = load::load_source_cached(req, "EPSG:4490", e, d1, true, &cache);
        const auto truth = load::load_source(req, "EPSG:4490", e, d2, true);
        check_same(truth, measured);
        CHECK(measured.report.length_m == Approx(truth.report.length_m).epsilon(1e-12));
    }
    SECTION("a damaged entry is ignored and made again") {
        for (const auto& f : fs::directory_iterator(dir / "cache")) {
            std::fstream io(f.path(), std::ios::in | std::ios::out | std::ios::binary);
            io.seekp(static_cast<std::streamoff>(fs::file_size(f.path()) / 2));
            io.put('\x7f');
        }
        load::LoadedSource ignored;
        CHECK_FALSE(cache.read_source(key, ignored));
        Diagnostics d;
        check_same(direct, load::load_source_cached(req, "EPSG:4490", e, d, false, &cache));
        CHECK(cache.read_source(key, ignored));
    }
    SECTION("a truncated entry is ignored") {
        for (const auto& f : fs::directory_iterator(dir / "cache")) fs::resize_file(f.path(), fs::file_size(f.path()) - 3);
        load::LoadedSource ignored;
        CHECK_FALSE(cache.read_source(key, ignored));
    }
}

TEST_CASE("a cache key follows the source's bytes and the catalog's settings", "[cache]") {
    test::TempDir dir;
    const fs::path data = dir / "overlap.geojson";
    fs::copy_file(test::data("overlap.geojson"), data);
    const load::LayerCache cache(dir / "cache");
    const std::string key = cache.key(request_for(data), "EPSG:4490");
    REQUIRE(key.size() == 32);
    CHECK(load::LayerCache(dir / "cache").key(request_for(data), "EPSG:4490") == key);
    CHECK(cache.key(request_for(data, "name"), "EPSG:4490") != key);
    CHECK(cache.key(request_for(data), "EPSG:4326") != key);
    auto filtered = request_for(data);
    filtered.filter = "code = 'A'";
    CHECK(cache.key(filtered, "EPSG:4490") != key);
    // Not local files: not cached.
    auto db = request_for(data);
    db.source = "PG:dbname=zoning";
    CHECK(cache.key(db, "EPSG:4490").empty());
    CHECK(cache.key(request_for(dir / "missing.geojson"), "EPSG:4490").empty());
    // New bytes, new key (a fresh cache object: fingerprints are kept for one run).
    test::write_text(data, read_text_file(data, "", "") + " ");
    CHECK(load::LayerCache(dir / "cache").key(request_for(data), "EPSG:4490") != key);
}

TEST_CASE("a Shapefile's key covers its .dbf and .prj too", "[cache]") {
    test::TempDir dir;
    for (const auto& f : fs::directory_iterator(test::data_dir() / "gbk_cpg")) fs::copy_file(f.path(), dir / f.path().filename());
    fs::path shp;
    for (const auto& f : fs::directory_iterator(dir.path()))
        if (f.path().extension() == ".shp") shp = f.path();
    REQUIRE(!shp.empty());
    const std::string key = load::LayerCache(dir / "cache").key(request_for(shp), "EPSG:4490");
    REQUIRE(!key.empty());
    auto dbf = shp;
    dbf.replace_extension(".dbf");
    {
        std::ofstream out(dbf, std::ios::app | std::ios::binary);
        out << ' ';
    }
    CHECK(load::LayerCache(dir / "cache").key(request_for(shp), "EPSG:4490") != key);
}

TEST_CASE("index pieces come from the cache once kept", "[cache][index]") {
    test::TempDir dir;
    const load::LayerCache cache(dir / "cache");
    const load::LayerSet set = counties_through(cache);
    const index::LayerIndex made(set, 64, false, &cache);
    CHECK(cache.usage().entries == 2);  // the source and its pieces
    const index::LayerIndex kept(set, 64, false, &cache);
    REQUIRE(made[0].pieces.size() == kept[0].pieces.size());
    int whole = 0;
    for (std::size_t i = 0; i < made[0].pieces.size(); ++i) {
        const index::Piece& m = made[0].pieces[i];
        const index::Piece& k = kept[0].pieces[i];
        CHECK(m.feature == k.feature);
        CHECK(m.cut == k.cut);
        CHECK(GEOSEqualsExact_r(geom::geos(), m.geom, k.geom, 0.0) == 1);
        // A polygon of few enough vertices is its own piece: the feature's geometry, not a copy, either way.
        CHECK(!m.owned == !k.owned);
        if (!m.owned) {
            ++whole;
            const GEOSGeometry* f = set.layers[0].features[m.feature].geom.get();
            const bool part_of_f = m.geom == f || [&] {
                for (int j = 0; j < GEOSGetNumGeometries_r(geom::geos(), f); ++j)
                    if (GEOSGetGeometryN_r(geom::geos(), f, j) == m.geom) return true;
                return false;
            }();
            CHECK(part_of_f);
            CHECK(GEOSGetNumCoordinates_r(geom::geos(), m.geom) <= 64);
        }
    }
    CHECK(whole > 0);
    CHECK(whole < static_cast<int>(made[0].pieces.size()));
    // Another way of cutting is another entry; pieces cut along meridians (for area shares) keep their areas.
    const index::LayerIndex meridians(set, 64, true, &cache);
    CHECK(cache.usage().entries == 3);
    const index::LayerIndex meridians_kept(set, 64, true, &cache);
    REQUIRE(meridians_kept[0].pieces.size() == meridians[0].pieces.size());
    for (std::size_t i = 0; i < meridians_kept[0].pieces.size(); ++i) {
        const index::Piece& p = meridians_kept[0].pieces[i];
        REQUIRE(std::isfinite(p.area_m2));
        CHECK(p.area_m2 == geom::geodesic_area_m2(p.geom, set.ellipsoid));
        CHECK(meridians_kept.piece_area_m2(0, i) == meridians.piece_area_m2(0, i));
    }
}

TEST_CASE("an index entry that names parts its features do not have is made again", "[cache][index]") {
    test::TempDir dir;
    const load::LayerCache cache(dir / "cache");
    const load::LayerSet set = counties_through(cache);
    const index::LayerIndex made(set, 64, false, nullptr);
    // An intact entry (its checksum is right) whose pieces name part 99 of every feature.
    std::vector<load::PieceView> views;
    for (std::size_t i = 0; i < set.layers[0].features.size(); ++i) views.push_back({i, nullptr, 99, false});
    cache.write_pieces(set.layers[0].cache_key, "64c", views);
    const index::LayerIndex again(set, 64, false, &cache);
    REQUIRE(again[0].pieces.size() == made[0].pieces.size());
    for (std::size_t i = 0; i < made[0].pieces.size(); ++i) CHECK(GEOSEqualsExact_r(geom::geos(), made[0].pieces[i].geom, again[0].pieces[i].geom, 0.0) == 1);
}

TEST_CASE("the cache stays under its limit and survives a folder it cannot write", "[cache]") {
    test::TempDir dir;
    const load::LayerCache small(dir / "cache", 400);
    for (int i = 0; i < 20; ++i) small.write_number(std::string(32, static_cast<char>('a' + i)), "union-area", i);
    CHECK(small.usage().bytes <= 400);
    CHECK(small.usage().entries > 0);
    CHECK(small.write_failure().empty());
    CHECK(small.read_number(std::string(32, 't'), "union-area") == 19.0);  // the newest is kept
    // A kept number that is no number (NaN, infinite) is not taken as one: it is measured again.
    small.write_number(std::string(32, 'n'), "union-area", std::nan(""));
    CHECK_FALSE(small.read_number(std::string(32, 'n'), "union-area"));
    small.write_number(std::string(32, 'i'), "union-area", HUGE_VAL);
    CHECK_FALSE(small.read_number(std::string(32, 'i'), "union-area"));

    test::write_text(dir / "file", "x");
    const load::LayerCache blocked(dir / "file" / "cache");  // a folder under a file cannot be made
    blocked.write_number(std::string(32, 'a'), "union-area", 1);
    CHECK_FALSE(blocked.write_failure().empty());
    const auto data = dir / "overlap.geojson";
    fs::copy_file(test::data("overlap.geojson"), data);
    Diagnostics d;
    const auto src = load::load_source_cached(request_for(data), "EPSG:4490", geom::Ellipsoid(), d, true, &blocked);
    CHECK(src.features.size() == 2);
}
