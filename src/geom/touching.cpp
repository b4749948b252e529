#include "geom/touching.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "geom/edge_pairs.hpp"

namespace ecozone::geom {

namespace {

using namespace edges;

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
        const EdgeMeeting m = meet_edges(a, b, c, d);
        switch (m.kind) {
            case EdgeMeeting::Kind::apart: return;
            case EdgeMeeting::Kind::cross:
                crossing = true;  // a proper crossing: near it, one quadrant is inside both, one inside p only
                return;
            case EdgeMeeting::Kind::along:
                if (m.klo < m.khi) {
                    // Both interiors on one side where the edges run the same way.
                    (m.same ? same_way : opposite_way) = true;
                    cp.along.push_back({e, {m.from, m.to}});
                    cq.along.push_back({f, {m.from, m.to}});
                }
                for (const Pt& x : {m.from, m.to}) {
                    cp.splits.push_back({e, x});
                    cq.splits.push_back({f, x});
                }
                break;
            case EdgeMeeting::Kind::touch:
                // An end of one lies on the other (a vertex on the other's boundary).
                for (const auto& [on, x] : {std::pair{m.c_on, c}, std::pair{m.d_on, d}, std::pair{m.a_on, a}, std::pair{m.b_on, b}}) {
                    if (!on) continue;
                    cp.splits.push_back({e, x});
                    cq.splits.push_back({f, x});
                }
                break;
        }
        if (m.c_on) cq.vertex_on[f] = 1;
        if (m.d_on) cq.vertex_on[q.next[f]] = 1;
        if (m.a_on) cp.vertex_on[e] = 1;
        if (m.b_on) cp.vertex_on[p.next[e]] = 1;
    }
};

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
    const bool met_all = for_each_close_pair(p, ep, q, eq, w, [&](std::uint32_t e, std::uint32_t f) {
        pair.meet(e, f);
        return !(pair.crossing || (disjoint_only && pair.same_way));
    });
    if (!met_all) return PolygonRelation::undecided;
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
