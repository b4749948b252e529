#include "geom/touching.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <vector>

#include "core/scratch.hpp"
#include "geom/predicates.hpp"

namespace ecozone::geom {

namespace {

struct Pt {
    double x = 0, y = 0;
    bool operator==(const Pt&) const = default;
};

// Exact orientation of c relative to a→b (geom/predicates).
int orient(const Pt& a, const Pt& b, const Pt& c) { return orientation(a.x, a.y, b.x, b.y, c.x, c.y); }

constexpr int k_unsure = 2;

// (std::minmax returns references, which dangle when bound to its temporaries.)
template <class T>
std::pair<T, T> ordered(T a, T b) {
    return a <= b ? std::pair<T, T>{a, b} : std::pair<T, T>{b, a};
}

// Exact sign of (u + v)/2 − c, or k_unsure when u + v is not exact in long double (coordinates of very
// different magnitudes).
int half_sum_cmp(double u, double v, double c) {
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
        return k_unsure;
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
        std::vector<Pt> pts(n);
        if (!GEOSCoordSeq_copyToBuffer_r(geos(), seq, &pts[0].x, 0, 0)) return false;
        char ccw = 0;
        if (!GEOSCoordSeq_isCCW_r(geos(), seq, &ccw)) return false;
        pts.pop_back();  // the closing repeat
        // Interior on the left: shells counter-clockwise, holes clockwise.
        if ((ccw != 0) != shell) std::reverse(pts.begin(), pts.end());
        const auto first = static_cast<std::uint32_t>(v.size());
        for (const Pt& p : pts)
            if (v.size() == first || !(v.back() == p)) v.push_back(p);
        while (v.size() > first + 1 && v.back() == v[first]) v.pop_back();
        if (v.size() - first < 3) return false;
        for (auto i = first; i < v.size(); ++i) next.push_back(i + 1 < v.size() ? i + 1 : first);
        return true;
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
        env = Envelope{v[0].x, v[0].y, v[0].x, v[0].y};
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
                const Pt c = a(e), d = b(e);
                const int sx = p.cmp_x(std::max(c.x, d.x));
                if (sx == k_unsure) return unsure;
                if (sx > 0) continue;  // wholly to the left of the point
                const int sc = p.cmp_y(c.y), sd = p.cmp_y(d.y);
                if (sc == k_unsure || sd == k_unsure) return unsure;
                if ((sc > 0 && sd > 0) || (sc < 0 && sd < 0)) continue;  // wholly below or above
                if (sc == 0 && sd == 0) {  // a horizontal edge in the point's row
                    const int s1 = p.cmp_x(std::min(c.x, d.x));
                    if (s1 == k_unsure) return unsure;
                    if (s1 >= 0) return boundary;
                    continue;
                }
                const int o = p.side(c, d);
                if (o == k_unsure) return unsure;
                if (o == 0) return boundary;  // on the line, within the edge's rows
                if ((sc < 0) != (sd < 0)) {
                    const bool up = d.y > c.y;
                    if (up ? o > 0 : o < 0) odd = !odd;
                }
            }
        }
        return odd ? inside : outside;
    }
};

// Where an edge meets the other polygon's boundary.
struct Contacts {
    std::vector<std::pair<std::uint32_t, Pt>> splits;                // (edge, point on it)
    std::vector<std::pair<std::uint32_t, std::pair<Pt, Pt>>> along;  // (edge, stretch along the other's edge)
    std::vector<char> vertex_on;                                      // vertex on the other's boundary

    void reset(std::size_t vertices) {
        splits.clear();
        along.clear();
        vertex_on.assign(vertices, 0);
    }
};

// Position of a point on the edge a→b along the edge's longer axis, increasing from a to b (exact).
double along_key(const Pt& a, const Pt& b, const Pt& p) {
    if (std::fabs(b.x - a.x) >= std::fabs(b.y - a.y)) return b.x >= a.x ? p.x : -p.x;
    return b.y >= a.y ? p.y : -p.y;
}

// p, known to be on the line a→b, lies on the segment.
bool within(const Pt& a, const Pt& b, const Pt& p) {
    const double k = along_key(a, b, p);
    return along_key(a, b, a) <= k && k <= along_key(a, b, b);
}

struct Pair {
    Shape& p;
    Shape& q;
    Contacts cp, cq;
    bool crossing = false;       // edges cross: the interiors overlap, neither holds the other
    bool same_way = false;       // edges run along each other the same way: interiors on one side
    bool opposite_way = false;   // … the opposite way: interiors on either side

    // Edge e of p against edge f of q.
    void meet(std::uint32_t e, std::uint32_t f) {
        const Pt a = p.a(e), b = p.b(e), c = q.a(f), d = q.b(f);
        const int o1 = orient(a, b, c), o2 = orient(a, b, d);
        if (o1 != 0 && o1 == o2) return;
        const int o3 = orient(c, d, a), o4 = orient(c, d, b);
        if (o3 != 0 && o3 == o4) return;
        if (o1 != 0 && o2 != 0 && o3 != 0 && o4 != 0) {
            crossing = true;  // a proper crossing: near it, one quadrant is inside both, one inside p only
            return;
        }
        if (o1 == 0 && o2 == 0) {
            // Collinear: the stretch they share, if any.
            const double ka = along_key(a, b, a), kb = along_key(a, b, b);  // ka < kb
            const double kc = along_key(a, b, c), kd = along_key(a, b, d);
            const Pt lo = kc <= kd ? c : d, hi = kc <= kd ? d : c;
            const double klo = std::max(ka, std::min(kc, kd)), khi = std::min(kb, std::max(kc, kd));
            if (klo > khi) return;
            const Pt from = klo == ka ? a : lo, to = khi == kb ? b : hi;
            if (klo < khi) {
                // Both interiors on one side where the edges run the same way.
                (kc < kd ? same_way : opposite_way) = true;
                cp.along.push_back({e, {from, to}});
                cq.along.push_back({f, {from, to}});
            }
            for (const Pt& x : {from, to}) {
                cp.splits.push_back({e, x});
                cq.splits.push_back({f, x});
            }
            if (within(a, b, c)) cq.vertex_on[f] = 1;
            if (within(a, b, d)) cq.vertex_on[q.next[f]] = 1;
            if (within(c, d, a)) cp.vertex_on[e] = 1;
            if (within(c, d, b)) cp.vertex_on[p.next[e]] = 1;
            return;
        }
        // They touch: an end of one lies on the other (a vertex on the other's boundary).
        auto contact = [&](const Pt& x, char& vertex_on) {
            cp.splits.push_back({e, x});
            cq.splits.push_back({f, x});
            vertex_on = 1;
        };
        if (o1 == 0 && within(a, b, c)) contact(c, cq.vertex_on[f]);
        if (o2 == 0 && within(a, b, d)) contact(d, cq.vertex_on[q.next[f]]);
        if (o3 == 0 && within(c, d, a)) contact(a, cp.vertex_on[e]);
        if (o4 == 0 && within(c, d, b)) contact(b, cp.vertex_on[p.next[e]]);
    }
};

bool in_box(const Envelope& w, const Pt& p) { return p.x >= w.min_x && p.x <= w.max_x && p.y >= w.min_y && p.y <= w.max_y; }

bool edge_meets_box(const Shape& s, std::uint32_t e, const Envelope& w) {
    const Pt a = s.a(e), b = s.b(e);
    return std::max(a.x, b.x) >= w.min_x && std::min(a.x, b.x) <= w.max_x && std::max(a.y, b.y) >= w.min_y &&
           std::min(a.y, b.y) <= w.max_y;
}

// Where the boundary of `s` lies relative to `other`: at its vertices in the window, and at one point of every
// stretch of an edge between the places where it meets the other's boundary (an edge that meets it nowhere
// lies as its ends do; one outside the window lies outside the other's box).
struct Sides {
    bool inside = false, outside = false, unsure = false;
};

Sides boundary_sides(Shape& s, const Contacts& c, Shape& other, const Envelope& w, bool stop_inside) {
    Sides out;
    auto note = [&](Shape::Location l) {
        if (l == Shape::inside) out.inside = true;
        else if (l == Shape::outside) out.outside = true;
        else out.unsure = true;  // a point on the boundary that no contact explains, or an undecided test
        return out.unsure || (stop_inside && out.inside);
    };
    for (std::uint32_t i = 0; i < s.v.size(); ++i) {
        if (c.vertex_on[i]) continue;
        if (!in_box(w, s.v[i])) {
            out.outside = true;
            continue;
        }
        if (note(other.locate(Vertex{s.v[i]}))) return out;
    }
    // The places where each edge meets the other's boundary, and the edge's own ends.
    std::vector<std::pair<std::uint32_t, Pt>> splits = c.splits;
    std::vector<std::uint32_t> edges;
    for (const auto& split : c.splits) edges.push_back(split.first);
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    for (const std::uint32_t e : edges) {
        splits.push_back({e, s.a(e)});
        splits.push_back({e, s.b(e)});
    }
    std::sort(splits.begin(), splits.end(), [&](const auto& l, const auto& r) {
        if (l.first != r.first) return l.first < r.first;
        return along_key(s.a(l.first), s.b(l.first), l.second) < along_key(s.a(r.first), s.b(r.first), r.second);
    });
    for (std::size_t k = 0; k + 1 < splits.size(); ++k) {
        const auto& [e, u] = splits[k];
        const auto& [e2, x] = splits[k + 1];
        if (e != e2 || u == x) continue;
        const Pt a = s.a(e), b = s.b(e);
        const double ku = along_key(a, b, u), kx = along_key(a, b, x);
        bool on_boundary = false;
        for (const auto& [f, stretch] : c.along) {
            if (f != e) continue;
            const auto [k1, k2] = ordered(along_key(a, b, stretch.first), along_key(a, b, stretch.second));
            if (k1 <= ku && kx <= k2) on_boundary = true;
        }
        if (!on_boundary && note(other.locate(Midpoint{u, x}))) return out;
    }
    return out;
}

bool box_within(const Envelope& a, const Envelope& b) {
    return a.min_x >= b.min_x && a.max_x <= b.max_x && a.min_y >= b.min_y && a.max_y <= b.max_y;
}

}  // namespace

PolygonRelation relate_polygons(const GEOSGeometry* ga, const GEOSGeometry* gb, bool disjoint_only) {
    thread_local Shape p, q;
    if (!p.load(ga) || !q.load(gb)) return PolygonRelation::undecided;
    // Interiors lie inside the open boxes.
    const Envelope w{std::max(p.env.min_x, q.env.min_x), std::max(p.env.min_y, q.env.min_y),
                     std::min(p.env.max_x, q.env.max_x), std::min(p.env.max_y, q.env.max_y)};
    if (w.min_x >= w.max_x || w.min_y >= w.max_y) return PolygonRelation::disjoint;
    const bool may_hold_q = !disjoint_only && box_within(q.env, p.env), may_hold_p = !disjoint_only && box_within(p.env, q.env);

    std::vector<std::uint32_t> ep, eq;
    for (std::uint32_t e = 0; e < p.next.size(); ++e)
        if (edge_meets_box(p, e, w)) ep.push_back(e);
    for (std::uint32_t f = 0; f < q.next.size(); ++f)
        if (edge_meets_box(q, f, w)) eq.push_back(f);

    Pair pair{p, q, {}, {}, false, false, false};
    pair.cp.reset(p.v.size());
    pair.cq.reset(q.v.size());
    // The edges of q in a grid over the window; each edge of p meets those in its cells.
    const int g = static_cast<int>(std::clamp(std::sqrt(static_cast<double>(ep.size() + eq.size()) / 4.0), 1.0, 256.0));
    const double cw = (w.max_x - w.min_x) / g, ch = (w.max_y - w.min_y) / g;
    auto cell = [&](double v, double v0, double size) {
        const double k = std::floor((v - v0) / size);
        return k < 0 ? 0 : k >= g ? g - 1 : static_cast<int>(k);
    };
    std::vector<std::uint32_t> start(static_cast<std::size_t>(g) * g + 1, 0);
    auto cells_of = [&](const Shape& s, std::uint32_t e, int& x0, int& x1, int& y0, int& y1) {
        const Pt a = s.a(e), b = s.b(e);
        std::tie(x0, x1) = ordered(cell(a.x, w.min_x, cw), cell(b.x, w.min_x, cw));
        std::tie(y0, y1) = ordered(cell(a.y, w.min_y, ch), cell(b.y, w.min_y, ch));
    };
    for (const std::uint32_t f : eq) {
        int x0, x1, y0, y1;
        cells_of(q, f, x0, x1, y0, y1);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) ++start[static_cast<std::size_t>(y) * g + x + 1];
    }
    for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
    std::vector<std::uint32_t> in_cell(start.back());
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (const std::uint32_t f : eq) {
        int x0, x1, y0, y1;
        cells_of(q, f, x0, x1, y0, y1);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) in_cell[fill[static_cast<std::size_t>(y) * g + x]++] = f;
    }
    std::vector<std::uint32_t> seen(q.next.size(), 0);
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
                    const std::uint32_t f = in_cell[i];
                    if (seen[f] == mark) continue;
                    seen[f] = mark;
                    const Pt c1 = q.a(f), d1 = q.b(f);
                    if (std::max(c1.x, d1.x) < std::min(a.x, b.x) || std::min(c1.x, d1.x) > std::max(a.x, b.x) ||
                        std::max(c1.y, d1.y) < std::min(a.y, b.y) || std::min(c1.y, d1.y) > std::max(a.y, b.y))
                        continue;
                    pair.meet(e, f);
                    if (pair.crossing || (disjoint_only && pair.same_way)) return PolygonRelation::undecided;
                }
            }
        }
    }
    // Disjoint: neither boundary inside the other, no edges along each other the same way. q within p: q's
    // boundary nowhere outside p, p's nowhere inside q, no edges along each other the opposite way.
    const Sides qs = boundary_sides(q, pair.cq, p, w, disjoint_only);
    if (qs.unsure || (disjoint_only && qs.inside)) return PolygonRelation::undecided;
    const Sides ps = boundary_sides(p, pair.cp, q, w, disjoint_only);
    if (ps.unsure) return PolygonRelation::undecided;
    if (!qs.inside && !ps.inside && !pair.same_way) return PolygonRelation::disjoint;
    if (may_hold_q && !qs.outside && !ps.inside && !pair.opposite_way) return PolygonRelation::second_within;
    if (may_hold_p && !ps.outside && !qs.inside && !pair.opposite_way) return PolygonRelation::first_within;
    return PolygonRelation::undecided;
}

bool interiors_disjoint(const GEOSGeometry* a, const GEOSGeometry* b) {
    return relate_polygons(a, b, /*disjoint_only=*/true) == PolygonRelation::disjoint;
}

std::optional<bool> in_interior(double x, double y, const GEOSGeometry* polygon) {
    thread_local Shape s;
    if (!s.load(polygon)) return std::nullopt;
    const Shape::Location l = s.locate(Vertex{{x, y}});
    if (l == Shape::unsure) return std::nullopt;
    return l == Shape::inside;
}

bool any_in_interior(const std::vector<std::array<double, 2>>& points, const GEOSGeometry* polygon) {
    thread_local Shape s;
    if (points.empty() || !s.load(polygon)) return false;
    return std::any_of(points.begin(), points.end(), [](const auto& p) { return s.locate(Vertex{{p[0], p[1]}}) == Shape::inside; });
}

}  // namespace ecozone::geom
