#include "geom/binary.hpp"

#include <cstring>
#include <vector>

#include "core/scratch.hpp"

namespace ecozone::geom {

namespace {

constexpr int k_max_depth = 8;  // collections of collections…: real data never nests deeper

void write_coords(ByteWriter& out, const GEOSCoordSequence* seq) {
    unsigned int n = 0;
    if (seq) GEOSCoordSeq_getSize_r(geos(), seq, &n);
    out.put<std::uint32_t>(n);
    if (n == 0) return;
    std::vector<double> xy(2 * static_cast<std::size_t>(n));
    if (!GEOSCoordSeq_copyToBuffer_r(geos(), seq, xy.data(), 0, 0)) throw std::runtime_error("GEOS could not copy coordinates");
    out.put_bytes(xy.data(), xy.size() * sizeof(double));
}

// `allowed` says which point counts the geometry type can have; others are refused before GEOS sees them.
GEOSCoordSequence* read_coords(ByteReader& in, bool (*allowed)(std::uint32_t), const char* refused) {
    const auto n = in.get<std::uint32_t>();
    if (!allowed(n)) throw BadBytes(refused);
    const char* p = in.take_array(n, 2 * sizeof(double));
    // The bytes may not be aligned for doubles: copy them out first (into room this thread keeps).
    thread_local std::vector<double> xy;
    trim_scratch(1 << 16, xy);
    xy.resize(2 * static_cast<std::size_t>(n));
    if (n) std::memcpy(xy.data(), p, xy.size() * sizeof(double));
    GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(geos(), xy.data(), n, 0, 0);
    if (!seq) throw BadBytes("coordinates GEOS refuses");
    return seq;
}

GEOSGeometry* must(GEOSGeometry* g) {
    if (!g) throw BadBytes("geometry GEOS refuses: " + take_geos_error());
    return g;
}

GeomPtr read_ring(ByteReader& in) {
    GEOSCoordSequence* seq = read_coords(in, [](std::uint32_t n) { return n == 0 || n >= 4; }, "a ring of fewer than 4 points");
    return GeomPtr(must(GEOSGeom_createLinearRing_r(geos(), seq)));
}

GeomPtr read_at(ByteReader& in, int depth) {
    if (depth > k_max_depth) throw BadBytes("collections nested too deep");
    const auto type = static_cast<int>(in.get<std::uint8_t>());
    switch (type) {
        case GEOS_POINT: {
            GEOSCoordSequence* seq = read_coords(in, [](std::uint32_t n) { return n <= 1; }, "a point with several coordinates");
            return GeomPtr(must(GEOSGeom_createPoint_r(geos(), seq)));
        }
        case GEOS_LINESTRING: {
            GEOSCoordSequence* seq = read_coords(in, [](std::uint32_t n) { return n != 1; }, "a line of one point");
            return GeomPtr(must(GEOSGeom_createLineString_r(geos(), seq)));
        }
        case GEOS_LINEARRING:
            return read_ring(in);
        case GEOS_POLYGON: {
            const auto rings = in.get<std::uint32_t>();
            if (rings == 0) return GeomPtr(must(GEOSGeom_createEmptyPolygon_r(geos())));
            if (rings > in.left() / 4) throw BadBytes("more rings than bytes");
            GeomPtr shell = read_ring(in);
            std::vector<GeomPtr> holes;
            holes.reserve(rings - 1);
            for (std::uint32_t i = 1; i < rings; ++i) holes.push_back(read_ring(in));
            std::vector<GEOSGeometry*> raw;
            for (auto& h : holes) raw.push_back(h.release());
            GEOSGeometry* shell_raw = shell.release();
            GEOSGeometry* g = GEOSGeom_createPolygon_r(geos(), shell_raw, raw.data(), static_cast<unsigned>(raw.size()));
            // On failure GEOS may already own the rings: leak them rather than free them twice (the
            // rings were checked above, so this does not happen with what write_binary wrote).
            if (!g) throw BadBytes("polygon GEOS refuses");
            return GeomPtr(g);
        }
        case GEOS_MULTIPOINT:
        case GEOS_MULTILINESTRING:
        case GEOS_MULTIPOLYGON:
        case GEOS_GEOMETRYCOLLECTION: {
            const auto n = in.get<std::uint32_t>();
            if (n > in.left()) throw BadBytes("more parts than bytes");
            std::vector<GeomPtr> parts;
            parts.reserve(n);
            for (std::uint32_t i = 0; i < n; ++i) {
                GeomPtr part = read_at(in, depth + 1);
                const int t = GEOSGeomTypeId_r(geos(), part.get());
                const bool fits = type == GEOS_GEOMETRYCOLLECTION || (type == GEOS_MULTIPOINT && t == GEOS_POINT) ||
                                  (type == GEOS_MULTILINESTRING && t == GEOS_LINESTRING) ||
                                  (type == GEOS_MULTIPOLYGON && t == GEOS_POLYGON);
                if (!fits) throw BadBytes("a collection holding the wrong kind of part");
                parts.push_back(std::move(part));
            }
            if (parts.empty()) return GeomPtr(must(GEOSGeom_createEmptyCollection_r(geos(), type)));
            std::vector<GEOSGeometry*> raw;
            for (auto& p : parts) raw.push_back(p.release());
            GEOSGeometry* g = GEOSGeom_createCollection_r(geos(), type, raw.data(), static_cast<unsigned>(raw.size()));
            if (!g) throw BadBytes("collection GEOS refuses");  // parts checked above; see the polygon case
            return GeomPtr(g);
        }
        default:
            throw BadBytes("unknown geometry type " + std::to_string(type));
    }
}

}  // namespace

void write_binary(ByteWriter& out, const GEOSGeometry* g) {
    const int type = GEOSGeomTypeId_r(geos(), g);
    out.put<std::uint8_t>(static_cast<std::uint8_t>(type));
    switch (type) {
        case GEOS_POINT:
        case GEOS_LINESTRING:
        case GEOS_LINEARRING:
            write_coords(out, GEOSisEmpty_r(geos(), g) == 1 ? nullptr : GEOSGeom_getCoordSeq_r(geos(), g));
            return;
        case GEOS_POLYGON: {
            if (GEOSisEmpty_r(geos(), g) == 1) {
                out.put<std::uint32_t>(0);
                return;
            }
            const int holes = GEOSGetNumInteriorRings_r(geos(), g);
            out.put<std::uint32_t>(static_cast<std::uint32_t>(holes + 1));
            write_coords(out, GEOSGeom_getCoordSeq_r(geos(), GEOSGetExteriorRing_r(geos(), g)));
            for (int i = 0; i < holes; ++i) write_coords(out, GEOSGeom_getCoordSeq_r(geos(), GEOSGetInteriorRingN_r(geos(), g, i)));
            return;
        }
        default: {
            const int n = GEOSGetNumGeometries_r(geos(), g);
            out.put<std::uint32_t>(static_cast<std::uint32_t>(n));
            for (int i = 0; i < n; ++i) write_binary(out, GEOSGetGeometryN_r(geos(), g, i));
        }
    }
}

GeomPtr read_binary(ByteReader& in) { return read_at(in, 0); }

}  // namespace ecozone::geom
