#pragma once
// Polygons as lists of edges, compared edge by edge with exact predicates: the machinery that
// geom/touching (do two polygons only touch, does one hold the other) and geom/shared_area (the area two
// polygons share) are built on. Internal to geom/.
//
// A Shape holds a polygon's rings with its interior on the left of every edge (shells counter-clockwise,
// holes clockwise), and locates points against it exactly: a vertex, or the midpoint of two vertices, which is
// never rounded. for_each_close_pair visits the pairs of edges of two shapes whose boxes meet.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

#include "core/scratch.hpp"
#include "geom/geos_context.hpp"
#include "geom/predicates.hpp"

namespace ecozone::geom::edges {

struct Pt {
    double x = 0, y = 0;
    bool operator==(const Pt&) const = default;
};

// Exact orientation of c relative to a→b (geom/predicates).
inline int orient(const Pt& a, const Pt& b, const Pt& c) { return orientation(a.x, a.y, b.x, b.y, c.x, c.y); }

constexpr int k_unsure = 2;

// (std::minmax returns references, which dangle when bound to its temporaries.)
template <class T>
std::pair<T, T> ordered(T a, T b) {
    return a <= b ? std::pair<T, T>{a, b} : std::pair<T, T>{b, a};
}

// Exact sign of (u + v)/2 − c, or k_unsure when u + v is not exact in long double (coordinates of very
// different magnitudes).
inline int half_sum_cmp(double u, double v, double c) {
    if (std::fabs(u) < std::fabs(v)) std::swap(u, v);
    const long double s = static_cast<long double>(u) + v;
    if (static_cast<long double>(v) - (s - u) != 0) return k_unsure;  // FastTwoSum's error term
    const long double t = 2.0L * c;
    return s > t ? 1 : s < t ? -1 : 0;
}

// A point given exactly: a vertex.
struct Vertex {
    Pt p;
    int cmp_x(double c) const { return p.x > c ? 1 : p.x < c ? -1 : 0; }
    int cmp_y(double c) const { return p.y > c ? 1 : p.y < c ? -1 : 0; }
    int side(const Pt& c, const Pt& d) const { return orient(c, d, p); }
    double min_y() const { return p.y; }
    double max_y() const { return p.y; }
};

// The midpoint of two vertices, never rounded: its orientation is the sum of theirs (the determinant is
// affine in the point).
struct Midpoint {
    Pt u, v;
    int cmp_x(double c) const { return half_sum_cmp(u.x, v.x, c); }
    int cmp_y(double c) const { return half_sum_cmp(u.y, v.y, c); }
    int side(const Pt& c, const Pt& d) const {
        auto det = [&](const Pt& p, double& err) {
            const double l = (d.x - c.x) * (p.y - c.y), r = (d.y - c.y) * (p.x - c.x);
            err = 3.3306690738754716e-16 * (std::fabs(l) + std::fabs(r));
            return l - r;
        };
        double eu = 0, ev = 0;
        const double du = det(u, eu), dv = det(v, ev);
        const double sum = du + dv, bound = 1.0001 * (eu + ev) + 2.3e-16 * (std::fabs(du) + std::fabs(dv));
        if (sum > bound) return 1;
        if (-sum > bound) return -1;
        const int su = orient(c, d, u), sv = orient(c, d, v);
        if (su == sv || sv == 0) return su;
        if (su == 0) return sv;
        return midpoint_orientation(c.x, c.y, d.x, d.y, u.x, u.y, v.x, v.y);
    }
    double min_y() const { return std::min(u.y, v.y); }
    double max_y() const { return std::max(u.y, v.y); }
};

// Vertices a thread keeps room for between calls (layer pieces have at most 256).
constexpr std::size_t k_kept_vertices = 4096;

// A polygon's edges with its interior on their left, and horizontal bands of edges for point location.
struct Shape {
    std::vector<Pt> v;               // ring vertices, without the closing repeat
    std::vector<std::uint32_t> next;  // edge i runs v[i] → v[next[i]]
    Envelope env;
    bool banded = false;
    double band_y0 = 0, band_h = 1;
    int bands = 1;
    std::vector<std::uint32_t> band_start, band_edges;
    std::vector<std::uint32_t> stamp;  // per edge, for edges met in several bands
    std::uint32_t generation = 0;

    Pt a(std::uint32_t e) const { return v[e]; }
    Pt b(std::uint32_t e) const { return v[next[e]]; }

    int band_of(double y) const {
        const double k = std::floor((y - band_y0) / band_h);
        return k < 0 ? 0 : k >= bands ? bands - 1 : static_cast<int>(k);
    }

    bool add_ring(const GEOSGeometry* ring, bool shell) {
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geos(), ring);
        unsigned int n = 0;
        if (!seq || !GEOSCoordSeq_getSize_r(geos(), seq, &n) || n < 4) return false;
        const auto first = static_cast<std::uint32_t>(v.size());
        v.resize(first + static_cast<std::size_t>(n));
        if (!GEOSCoordSeq_copyToBuffer_r(geos(), seq, &v[first].x, 0, 0)) return false;
        // Without the closing repeat and repeated points.
        std::size_t end = first;
        for (std::size_t i = first; i + 1 < v.size(); ++i)
            if (end == first || !(v[end - 1] == v[i])) v[end++] = v[i];
        while (end > first + 1 && v[end - 1] == v[first]) --end;
        v.resize(end);
        if (end - first < 3) return false;
        // Interior on the left: shells counter-clockwise, holes clockwise.
        const int turn = ring_turn(first);
        if (turn == 0) return false;
        if ((turn > 0) != shell) std::reverse(v.begin() + first, v.end());
        for (auto i = first; i < v.size(); ++i) next.push_back(i + 1 < v.size() ? i + 1 : first);
        return true;
    }

    // The turn of the ring v[first…] (+1 counter-clockwise, −1 clockwise): the exact orientation at its lowest
    // (then leftmost) vertex, which is convex in a simple ring; 0 where it cannot tell (a ring that folds back).
    int ring_turn(std::uint32_t first) const {
        std::size_t low = first;
        for (std::size_t i = first + 1; i < v.size(); ++i)
            if (v[i].y < v[low].y || (v[i].y == v[low].y && v[i].x < v[low].x)) low = i;
        const std::size_t prev = low == first ? v.size() - 1 : low - 1, after = low + 1 == v.size() ? first : low + 1;
        return orient(v[prev], v[low], v[after]);
    }

    // False for what is not a polygon or multipolygon with proper rings.
    bool load(const GEOSGeometry* g) {
        trim_scratch(k_kept_vertices, v);
        trim_scratch(k_kept_vertices, next, band_start, band_edges, stamp);
        banded = false;
        const int type = GEOSGeomTypeId_r(geos(), g);
        if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) return false;
        const int parts = GEOSGetNumGeometries_r(geos(), g);
        for (int i = 0; i < parts; ++i) {
            const GEOSGeometry* poly = GEOSGetGeometryN_r(geos(), g, i);
            if (GEOSisEmpty_r(geos(), poly)) continue;
            if (!add_ring(GEOSGetExteriorRing_r(geos(), poly), true)) return false;
            const int holes = GEOSGetNumInteriorRings_r(geos(), poly);
            for (int h = 0; h < holes; ++h)
                if (!add_ring(GEOSGetInteriorRingN_r(geos(), poly, h), false)) return false;
        }
        if (v.empty()) return false;
        env = Envelope{v[0].x, v[0].y, v[0].x, v[0].y, false};
        for (const Pt& p : v) {
            env.min_x = std::min(env.min_x, p.x);
            env.max_x = std::max(env.max_x, p.x);
            env.min_y = std::min(env.min_y, p.y);
            env.max_y = std::max(env.max_y, p.y);
        }
        return true;
    }

    void build_bands() {
        if (banded) return;
        banded = true;
        const std::size_t n = next.size();
        bands = static_cast<int>(std::clamp<std::size_t>(n / 4, 1, 4096));
        band_y0 = env.min_y;
        band_h = env.max_y > env.min_y ? (env.max_y - env.min_y) / bands : 1.0;
        band_start.assign(static_cast<std::size_t>(bands) + 1, 0);
        for (std::uint32_t e = 0; e < n; ++e) {
            const auto [lo, hi] = ordered(band_of(a(e).y), band_of(b(e).y));
            for (int k = lo; k <= hi; ++k) ++band_start[static_cast<std::size_t>(k) + 1];
        }
        for (int k = 0; k < bands; ++k) band_start[static_cast<std::size_t>(k) + 1] += band_start[static_cast<std::size_t>(k)];
        band_edges.assign(band_start.back(), 0);
        std::vector<std::uint32_t> fill(band_start.begin(), band_start.end() - 1);
        for (std::uint32_t e = 0; e < n; ++e) {
            const auto [lo, hi] = ordered(band_of(a(e).y), band_of(b(e).y));
            for (int k = lo; k <= hi; ++k) band_edges[fill[static_cast<std::size_t>(k)]++] = e;
        }
        stamp.assign(n, 0);
        generation = 0;
    }

    enum Location { outside, boundary, inside, unsure };

    // Where the point lies: crossings of the ray towards +x, each test exact.
    template <class Point>
    Location locate(const Point& p) {
        static const std::vector<std::pair<Pt, Pt>> none;
        return locate(p, [](std::uint32_t) { return false; }, none);
    }

    // The same against the boundary with some of its edges replaced: the edges `skip(e)` names by `extra`, a
    // list of segments (which must lie within those edges' boxes).
    template <class Point, class Skip>
    Location locate(const Point& p, const Skip& skip, const std::vector<std::pair<Pt, Pt>>& extra) {
        if (p.cmp_y(env.min_y) < 0 || p.cmp_y(env.max_y) > 0 || p.cmp_x(env.max_x) > 0 || p.cmp_x(env.min_x) < 0) {
            return outside;  // (unsure comparisons are not < 0 or > 0: they go on to the exact tests)
        }
        build_bands();
        if (++generation == 0) {
            std::fill(stamp.begin(), stamp.end(), 0);
            generation = 1;
        }
        bool odd = false;
        const int lo = band_of(p.min_y()), hi = band_of(p.max_y());
        for (int k = lo; k <= hi; ++k) {
            for (auto i = band_start[static_cast<std::size_t>(k)]; i < band_start[static_cast<std::size_t>(k) + 1]; ++i) {
                const std::uint32_t e = band_edges[i];
                if (stamp[e] == generation) continue;
                stamp[e] = generation;
                if (skip(e)) continue;
                if (const Location l = ray_step(p, a(e), b(e), odd); l != outside) return l;
            }
        }
        for (const auto& [c, d] : extra)
            if (const Location l = ray_step(p, c, d, odd); l != outside) return l;
        return odd ? inside : outside;
    }

    // The edge c→d against the ray from p towards +x: flips `odd` where the ray crosses it; boundary when p lies
    // on it, unsure when a test cannot tell, else outside (go on).
    template <class Point>
    static Location ray_step(const Point& p, const Pt& c, const Pt& d, bool& odd) {
        const int sx = p.cmp_x(std::max(c.x, d.x));
        if (sx == k_unsure) return unsure;
        if (sx > 0) return outside;  // wholly to the left of the point
        const int sc = p.cmp_y(c.y), sd = p.cmp_y(d.y);
        if (sc == k_unsure || sd == k_unsure) return unsure;
        if ((sc > 0 && sd > 0) || (sc < 0 && sd < 0)) return outside;  // wholly below or above
        if (sc == 0 && sd == 0) {  // a horizontal edge in the point's row
            const int s1 = p.cmp_x(std::min(c.x, d.x));
            if (s1 == k_unsure) return unsure;
            return s1 >= 0 ? boundary : outside;
        }
        const int o = p.side(c, d);
        if (o == k_unsure) return unsure;
        if (o == 0) return boundary;  // on the line, within the edge's rows
        if ((sc < 0) != (sd < 0)) {
            const bool up = d.y > c.y;
            if (up ? o > 0 : o < 0) odd = !odd;
        }
        return outside;
    }
};

// Position of a point on the edge a→b along the edge's longer axis, increasing from a to b (exact).
inline double along_key(const Pt& a, const Pt& b, const Pt& p) {
    if (std::fabs(b.x - a.x) >= std::fabs(b.y - a.y)) return b.x >= a.x ? p.x : -p.x;
    return b.y >= a.y ? p.y : -p.y;
}

// p, known to be on the line a→b, lies on the segment.
inline bool within(const Pt& a, const Pt& b, const Pt& p) {
    const double k = along_key(a, b, p);
    return along_key(a, b, a) <= k && k <= along_key(a, b, b);
}

// How two edges a→b and c→d meet, from exact orientation tests.
struct EdgeMeeting {
    enum class Kind { apart, cross, along, touch };
    Kind kind = Kind::apart;  // cross: in a point inside both; along: on one line, sharing a stretch or point
    // Kind::along: the stretch they share (a point where klo == khi), its ends (vertices of theirs), their keys
    // along a→b (along_key), and whether the edges run the same way.
    Pt from{}, to{};
    double klo = 0, khi = 0;
    bool same = false;
    // Kind::along and Kind::touch: which ends lie on the other edge (c, d on a→b; a, b on c→d).
    bool c_on = false, d_on = false, a_on = false, b_on = false;
};

inline EdgeMeeting meet_edges(const Pt& a, const Pt& b, const Pt& c, const Pt& d) {
    using Kind = EdgeMeeting::Kind;
    EdgeMeeting m;
    const int o1 = orient(a, b, c), o2 = orient(a, b, d);
    if (o1 != 0 && o1 == o2) return m;
    const int o3 = orient(c, d, a), o4 = orient(c, d, b);
    if (o3 != 0 && o3 == o4) return m;
    if (o1 != 0 && o2 != 0 && o3 != 0 && o4 != 0) {
        m.kind = Kind::cross;
        return m;
    }
    m.c_on = o1 == 0 && within(a, b, c);
    m.d_on = o2 == 0 && within(a, b, d);
    m.a_on = o3 == 0 && within(c, d, a);
    m.b_on = o4 == 0 && within(c, d, b);
    if (o1 == 0 && o2 == 0) {
        const double ka = along_key(a, b, a), kb = along_key(a, b, b);  // ka < kb
        const double kc = along_key(a, b, c), kd = along_key(a, b, d);
        const Pt lo = kc <= kd ? c : d, hi = kc <= kd ? d : c;
        m.klo = std::max(ka, std::min(kc, kd));
        m.khi = std::min(kb, std::max(kc, kd));
        if (m.klo > m.khi) return m;  // on one line, apart
        m.kind = Kind::along;
        m.from = m.klo == ka ? a : lo;
        m.to = m.khi == kb ? b : hi;
        m.same = kc < kd;
        return m;
    }
    m.kind = Kind::touch;  // an end of one lies on the other
    return m;
}

inline bool in_box(const Envelope& w, const Pt& p) { return p.x >= w.min_x && p.x <= w.max_x && p.y >= w.min_y && p.y <= w.max_y; }

inline bool edge_meets_box(const Shape& s, std::uint32_t e, const Envelope& w) {
    const Pt a = s.a(e), b = s.b(e);
    return std::max(a.x, b.x) >= w.min_x && std::min(a.x, b.x) <= w.max_x && std::max(a.y, b.y) >= w.min_y &&
           std::min(a.y, b.y) <= w.max_y;
}

inline bool box_within(const Envelope& a, const Envelope& b) {
    return a.min_x >= b.min_x && a.max_x <= b.max_x && a.min_y >= b.min_y && a.max_y <= b.max_y;
}

// Calls meet(e, f) for every edge e of p listed in `ep` and f of q listed in `eq` whose boxes meet, through a
// grid of q's edges over the window w (which holds every edge listed, and has width and height); stops as soon
// as meet returns false, and then returns false.
template <class Meet>
bool for_each_close_pair(const Shape& p, const std::vector<std::uint32_t>& ep, const Shape& q,
                         const std::vector<std::uint32_t>& eq, const Envelope& w, Meet&& meet) {
    const int g = static_cast<int>(std::clamp(std::sqrt(static_cast<double>(ep.size() + eq.size()) / 4.0), 1.0, 256.0));
    const double cw = (w.max_x - w.min_x) / g, ch = (w.max_y - w.min_y) / g;
    auto cell = [&](double v, double v0, double size) {
        const double k = std::floor((v - v0) / size);
        return k < 0 ? 0 : k >= g ? g - 1 : static_cast<int>(k);
    };
    thread_local std::vector<std::uint32_t> start, in_cell, fill, seen;
    trim_scratch(k_kept_vertices, start, in_cell, fill, seen);
    start.assign(static_cast<std::size_t>(g) * g + 1, 0);
    auto cells_of = [&](const Shape& s, std::uint32_t e, int& x0, int& x1, int& y0, int& y1) {
        const Pt a = s.a(e), b = s.b(e);
        std::tie(x0, x1) = ordered(cell(a.x, w.min_x, cw), cell(b.x, w.min_x, cw));
        std::tie(y0, y1) = ordered(cell(a.y, w.min_y, ch), cell(b.y, w.min_y, ch));
    };
    // q's edges by their place in eq, so that the scratch space follows the window, not q's size.
    for (const std::uint32_t f : eq) {
        int x0, x1, y0, y1;
        cells_of(q, f, x0, x1, y0, y1);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) ++start[static_cast<std::size_t>(y) * g + x + 1];
    }
    for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
    in_cell.assign(start.back(), 0);
    fill.assign(start.begin(), start.end() - 1);
    for (std::uint32_t j = 0; j < eq.size(); ++j) {
        int x0, x1, y0, y1;
        cells_of(q, eq[j], x0, x1, y0, y1);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) in_cell[fill[static_cast<std::size_t>(y) * g + x]++] = j;
    }
    seen.assign(eq.size(), 0);
    std::uint32_t mark = 0;
    for (const std::uint32_t e : ep) {
        ++mark;
        int x0, x1, y0, y1;
        cells_of(p, e, x0, x1, y0, y1);
        const Pt a = p.a(e), b = p.b(e);
        for (int y = y0; y <= y1; ++y) {
            for (int x = x0; x <= x1; ++x) {
                const std::size_t c = static_cast<std::size_t>(y) * g + x;
                for (auto i = start[c]; i < start[c + 1]; ++i) {
                    const std::uint32_t j = in_cell[i];
                    if (seen[j] == mark) continue;
                    seen[j] = mark;
                    const std::uint32_t f = eq[j];
                    const Pt c1 = q.a(f), d1 = q.b(f);
                    if (std::max(c1.x, d1.x) < std::min(a.x, b.x) || std::min(c1.x, d1.x) > std::max(a.x, b.x) ||
                        std::max(c1.y, d1.y) < std::min(a.y, b.y) || std::min(c1.y, d1.y) > std::max(a.y, b.y))
                        continue;
                    if (!meet(e, f)) return false;
                }
            }
        }
    }
    return true;
}

}  // namespace ecozone::geom::edges
