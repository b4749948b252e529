#include "geom/validity.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/scratch.hpp"
#include "geom/predicates.hpp"

namespace ecozone::geom {

namespace {

// Vertices a thread keeps room for between calls.
constexpr std::size_t k_kept_vertices = 4096;

struct P {
    double x = 0, y = 0;
    bool operator==(const P&) const = default;
};

struct Ring {
    std::size_t first = 0, count = 0;  // its distinct vertices in Rings::pts (not closed again)
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
};

struct Rings {
    std::vector<P> pts;
    std::vector<Ring> rings;
    std::vector<std::array<std::size_t, 2>> polygons;  // [first ring (the shell), ring count]
};

int orient(const P& a, const P& b, const P& c) { return orientation(a.x, a.y, b.x, b.y, c.x, c.y); }

int cmp(double a, double b) { return a < b ? -1 : a > b ? 1 : 0; }

// Adds a ring without its repeated consecutive points; false when it is not a closed ring of at least three
// distinct points with finite coordinates.
bool add_ring(const GEOSGeometry* ring, Rings& out) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geos(), ring);
    unsigned n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(geos(), seq, &n) || n < 4) return false;
    thread_local std::vector<P> raw;
    trim_scratch(k_kept_vertices, raw);
    raw.resize(n);
    if (!GEOSCoordSeq_copyToBuffer_r(geos(), seq, &raw[0].x, 0, 0)) return false;
    if (!(raw.front() == raw.back())) return false;
    Ring r;
    r.first = out.pts.size();
    r.min_x = r.max_x = raw[0].x;
    r.min_y = r.max_y = raw[0].y;
    for (unsigned i = 0; i + 1 < n; ++i) {
        const P& p = raw[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) return false;
        if (i > 0 && p == out.pts.back()) continue;
        out.pts.push_back(p);
        r.min_x = std::min(r.min_x, p.x);
        r.max_x = std::max(r.max_x, p.x);
        r.min_y = std::min(r.min_y, p.y);
        r.max_y = std::max(r.max_y, p.y);
    }
    while (out.pts.size() > r.first + 1 && out.pts.back() == out.pts[r.first]) out.pts.pop_back();
    r.count = out.pts.size() - r.first;
    if (r.count < 3) return false;
    out.rings.push_back(r);
    return true;
}

bool collect(const GEOSGeometry* g, Rings& out) {
    auto add_polygon = [&](const GEOSGeometry* poly) {
        if (GEOSisEmpty_r(geos(), poly)) return false;
        const int holes = GEOSGetNumInteriorRings_r(geos(), poly);
        if (holes < 0) return false;
        out.polygons.push_back({out.rings.size(), static_cast<std::size_t>(holes) + 1});
        if (!add_ring(GEOSGetExteriorRing_r(geos(), poly), out)) return false;
        for (int h = 0; h < holes; ++h)
            if (!add_ring(GEOSGetInteriorRingN_r(geos(), poly, h), out)) return false;
        return true;
    };
    const int type = GEOSGeomTypeId_r(geos(), g);
    if (type == GEOS_POLYGON) return add_polygon(g);
    if (type != GEOS_MULTIPOLYGON) return false;
    const int n = GEOSGetNumGeometries_r(geos(), g);
    if (n <= 0) return false;
    for (int i = 0; i < n; ++i)
        if (!add_polygon(GEOSGetGeometryN_r(geos(), g, i))) return false;
    return true;
}

struct Edge {
    double min_x = 0, max_x = 0, min_y = 0, max_y = 0;
    std::uint32_t ring = 0, index = 0;  // from vertex `index` of the ring to the next
};

// Whether the closed segments ab and cd share a point.
bool segments_meet(const P& a, const P& b, const P& c, const P& d) {
    const int o1 = orient(a, b, c), o2 = orient(a, b, d);
    if (o1 * o2 > 0) return false;
    const int o3 = orient(c, d, a), o4 = orient(c, d, b);
    if (o3 * o4 > 0) return false;
    if (o1 != 0 || o2 != 0 || o3 != 0 || o4 != 0) return true;
    // On one line: their extents overlap (exact comparisons).
    const bool by_x = a.x != b.x;
    const double a1 = by_x ? std::min(a.x, b.x) : std::min(a.y, b.y), a2 = by_x ? std::max(a.x, b.x) : std::max(a.y, b.y);
    const double c1 = by_x ? std::min(c.x, d.x) : std::min(c.y, d.y), c2 = by_x ? std::max(c.x, d.x) : std::max(c.y, d.y);
    return a1 <= c2 && c1 <= a2;
}

// Consecutive edges pq and qr of a ring turn back along themselves.
bool folds_back(const P& p, const P& q, const P& r) {
    if (orient(p, q, r) != 0) return false;
    return p.x != q.x ? cmp(q.x, p.x) * cmp(r.x, q.x) < 0 : cmp(q.y, p.y) * cmp(r.y, q.y) < 0;
}

// No two edges of any rings meet, but consecutive edges of one ring at their vertex (which do not fold back):
// every pair of edges whose x ranges overlap is looked at, found by sorting the edges along x.
bool rings_apart(const Rings& r) {
    if (r.pts.size() >= std::numeric_limits<std::uint32_t>::max()) return false;
    thread_local std::vector<Edge> edges;
    trim_scratch(k_kept_vertices, edges);
    for (std::size_t k = 0; k < r.rings.size(); ++k) {
        const Ring& ring = r.rings[k];
        for (std::size_t i = 0; i < ring.count; ++i) {
            const P& a = r.pts[ring.first + i];
            const P& b = r.pts[ring.first + (i + 1) % ring.count];
            edges.push_back({std::min(a.x, b.x), std::max(a.x, b.x), std::min(a.y, b.y), std::max(a.y, b.y),
                             static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(i)});
        }
    }
    std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) { return a.min_x < b.min_x; });
    auto from = [&](const Edge& e) { return r.pts[r.rings[e.ring].first + e.index]; };
    auto to = [&](const Edge& e) { return r.pts[r.rings[e.ring].first + (e.index + 1) % r.rings[e.ring].count]; };
    // Edges that span much of the shape (a comb of long edges) would make this quadratic: past a few pairs per
    // edge, GEOS's monotone chains are quicker.
    const std::size_t budget = 16 * edges.size() + 100'000;
    std::size_t pairs = 0;
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const Edge& e = edges[i];
        for (std::size_t j = i + 1; j < edges.size() && edges[j].min_x <= e.max_x; ++j) {
            if (++pairs > budget) return false;
            const Edge& a = edges[j];
            if (a.max_y < e.min_y || e.max_y < a.min_y) continue;
            const P p = from(e), q = to(e), s = from(a), t = to(a);
            if (a.ring == e.ring) {
                // Consecutive edges share their vertex; they meet nowhere else unless they fold back.
                const std::size_t m = r.rings[e.ring].count;
                if ((a.index + 1) % m == e.index) {
                    if (folds_back(s, p, q)) return false;
                    continue;
                }
                if ((e.index + 1) % m == a.index) {
                    if (folds_back(p, s, t)) return false;
                    continue;
                }
            }
            if (segments_meet(p, q, s, t)) return false;
        }
    }
    return true;
}

// Whether p lies inside the ring (p on no edge of it): winding number by exact orientation.
bool inside_ring(const P& p, const Rings& r, std::size_t k) {
    const Ring& ring = r.rings[k];
    if (p.x < ring.min_x || p.x > ring.max_x || p.y < ring.min_y || p.y > ring.max_y) return false;
    int winding = 0;
    for (std::size_t i = 0; i < ring.count; ++i) {
        const P& a = r.pts[ring.first + i];
        const P& b = r.pts[ring.first + (i + 1) % ring.count];
        if (a.y <= p.y) {
            if (b.y > p.y && orient(a, b, p) > 0) ++winding;
        } else if (b.y <= p.y && orient(a, b, p) < 0) {
            --winding;
        }
    }
    return winding != 0;
}

bool boxes_meet(const Ring& a, const Ring& b) {
    return a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y && b.min_y <= a.max_y;
}

// With no rings meeting: holes inside their shell and not inside each other; no polygon inside another's area.
// False as well when that would take more than a few passes over the vertices (many holes in a long shell):
// GEOS's indexed test is then quicker.
bool nested_right(const Rings& r) {
    const std::size_t budget = 8 * r.pts.size() + 100'000;
    std::size_t work = 0;
    auto inside = [&](const P& p, std::size_t k) {
        work += r.rings[k].count;
        return inside_ring(p, r, k);
    };
    auto vertex = [&](std::size_t k) { return r.pts[r.rings[k].first]; };
    for (const auto& [shell, count] : r.polygons) {
        for (std::size_t h = shell + 1; h < shell + count; ++h) {
            if (!inside(vertex(h), shell) || work > budget) return false;
            for (std::size_t g = shell + 1; g < shell + count; ++g)
                if (g != h && boxes_meet(r.rings[h], r.rings[g]) && inside(vertex(h), g)) return false;
        }
    }
    // A shell in another polygon's area (inside its shell, in none of its holes) overlaps it.
    auto in_area = [&](const P& p, const std::array<std::size_t, 2>& poly) {
        if (!inside(p, poly[0])) return false;
        for (std::size_t h = poly[0] + 1; h < poly[0] + poly[1]; ++h)
            if (inside(p, h)) return false;
        return true;
    };
    for (const auto& a : r.polygons) {
        for (const auto& b : r.polygons) {
            if (&a != &b && boxes_meet(r.rings[a[0]], r.rings[b[0]]) && in_area(vertex(a[0]), b)) return false;
            if (++work > budget) return false;
        }
    }
    return true;
}

}  // namespace

bool plainly_valid(const GEOSGeometry* g) {
    thread_local Rings r;
    trim_scratch(k_kept_vertices, r.pts);
    trim_scratch(k_kept_vertices, r.rings);
    trim_scratch(k_kept_vertices, r.polygons);
    return collect(g, r) && rings_apart(r) && nested_right(r);
}

char is_valid(const GEOSGeometry* g) {
    if (plainly_valid(g)) return 1;
    return GEOSisValid_r(geos(), g);
}

}  // namespace ecozone::geom
