#include "geom/shared_area.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <geodesic.h>

#include "geom/edge_pairs.hpp"

namespace ecozone::geom {

namespace {

using namespace edges;

constexpr double k_unknown = std::numeric_limits<double>::quiet_NaN();

enum class Side : std::uint8_t { in, out, same, opposite, unknown };

// A stretch of an edge between two places where it meets the other polygon's boundary, or a whole edge that
// meets it nowhere.
struct Stretch {
    Pt u, x;
    std::uint32_t edge = 0;
    Side side = Side::out;
    bool whole = true;
};

// Where an edge runs along an edge of the other polygon, by its keys on the edge (along_key).
struct Along {
    std::uint32_t edge = 0;
    double k1 = 0, k2 = 0;
    bool same = false;  // the two run the same way: both interiors on one side
};

// Where one polygon's edges meet the other's boundary, and that boundary with those points put in (noded).
struct Cuts {
    std::vector<std::pair<std::uint32_t, Pt>> splits;  // (edge, point on it)
    std::vector<Along> along;
    std::vector<std::uint32_t> cut;                    // the edges met, ascending
    std::vector<std::pair<Pt, Pt>> pieces;             // their pieces between the points where they are met

    void clear() { trim_scratch(k_kept_vertices, splits, along, cut, pieces); }

    bool is_cut(std::uint32_t e) const { return std::binary_search(cut.begin(), cut.end(), e); }

    // Splits in order along each edge, the edges met, and their pieces.
    void node(const Shape& s) {
        thread_local std::vector<std::pair<double, std::uint32_t>> keys;
        thread_local std::vector<std::pair<std::uint32_t, Pt>> sorted;
        trim_scratch(k_kept_vertices, keys, sorted);
        for (std::uint32_t i = 0; i < splits.size(); ++i) {
            const std::uint32_t e = splits[i].first;
            keys.push_back({along_key(s.a(e), s.b(e), splits[i].second), i});
        }
        std::sort(keys.begin(), keys.end(), [&](const auto& l, const auto& r) {
            const std::uint32_t el = splits[l.second].first, er = splits[r.second].first;
            return el != er ? el < er : l.first < r.first;
        });
        for (const auto& k : keys) sorted.push_back(splits[k.second]);
        splits.swap(sorted);
        std::sort(along.begin(), along.end(), [](const Along& l, const Along& r) { return l.edge < r.edge; });
        for (std::size_t i = 0; i < splits.size();) {
            const std::uint32_t e = splits[i].first;
            cut.push_back(e);
            Pt last = s.a(e);
            for (; i < splits.size() && splits[i].first == e; ++i) {
                if (splits[i].second == last) continue;
                pieces.push_back({last, splits[i].second});
                last = splits[i].second;
            }
            if (!(last == s.b(e))) pieces.push_back({last, s.b(e)});
        }
    }
};

// Where a→b and c→d cross (each has the other's ends on either side): in long double from a, then held within
// both edges' boxes, where the exact point lies. Computed once and used on both edges.
Pt crossing_point(const Pt& a, const Pt& b, const Pt& c, const Pt& d) {
    using L = long double;
    const L bx = L(b.x) - a.x, by = L(b.y) - a.y, dx = L(d.x) - c.x, dy = L(d.y) - c.y;
    const L cx = L(c.x) - a.x, cy = L(c.y) - a.y;
    L t = (cx * dy - cy * dx) / (bx * dy - by * dx);
    if (!(t >= 0)) t = 0;  // (and NaN, for edges so nearly parallel that the denominator rounds to 0)
    if (!(t <= 1)) t = 1;
    Pt x{static_cast<double>(a.x + t * bx), static_cast<double>(a.y + t * by)};
    x.x = std::clamp(x.x, std::max(std::min(a.x, b.x), std::min(c.x, d.x)), std::min(std::max(a.x, b.x), std::max(c.x, d.x)));
    x.y = std::clamp(x.y, std::max(std::min(a.y, b.y), std::min(c.y, d.y)), std::min(std::max(a.y, b.y), std::max(c.y, d.y)));
    return x;
}

// Edge e of p against edge f of q: where they cross, touch or run along each other, on both.
void meet(const Shape& p, std::uint32_t e, const Shape& q, std::uint32_t f, Cuts& cp, Cuts& cq) {
    const Pt a = p.a(e), b = p.b(e), c = q.a(f), d = q.b(f);
    auto both = [&](const Pt& x) {
        cp.splits.push_back({e, x});
        cq.splits.push_back({f, x});
    };
    const EdgeMeeting m = meet_edges(a, b, c, d);
    switch (m.kind) {
        case EdgeMeeting::Kind::apart: return;
        case EdgeMeeting::Kind::cross: both(crossing_point(a, b, c, d)); return;
        case EdgeMeeting::Kind::along:
            // The stretch they share, if any, between vertices of theirs.
            if (m.klo < m.khi) {
                cp.along.push_back({e, m.klo, m.khi, m.same});
                const auto [f1, f2] = ordered(along_key(c, d, m.from), along_key(c, d, m.to));
                cq.along.push_back({f, f1, f2, m.same});
            }
            both(m.from);
            both(m.to);
            return;
        case EdgeMeeting::Kind::touch:
            if (m.c_on) both(c);
            if (m.d_on) both(d);
            if (m.a_on) both(a);
            if (m.b_on) both(b);
            return;
    }
}

// Which boundary of the other polygon a point is placed against: its edges with the points where they are
// met put in (noded), or, where that does not close up, its edges as drawn first. The crossing points are
// rounded, so that the two differ by a rounding error near them: a stretch that ends at one can seem to lie on
// the edge as drawn (the noded boundary tells), and a vertex of this polygon within a rounding error of that
// edge can seem to lie across the noded one (the edge as drawn tells).
enum class Against { noded, as_drawn };

// Where a point lies against the other polygon, as a side: unknown where it lies on its boundary or a test
// could not decide.
template <class Point>
Side side_of(Shape& other, const Cuts& other_cuts, const Point& p, Against against) {
    Shape::Location l = against == Against::as_drawn ? other.locate(p) : Shape::unsure;
    if (l != Shape::inside && l != Shape::outside)
        l = other.locate(p, [&](std::uint32_t e) { return other_cuts.is_cut(e); }, other_cuts.pieces);
    return l == Shape::inside ? Side::in : l == Shape::outside ? Side::out : Side::unknown;
}

// A stretch u→x whose midpoint lies on the other polygon's noded boundary: along it, the same way or the
// opposite way, when a segment of that boundary through the midpoint runs on the stretch's line; else unknown
// (the stretch crosses the boundary there). Edges that were not quite collinear, cut at crossing points that
// rounded onto each other's vertices, run along each other so on the noded boundaries.
Side along_side(const Shape& other, const Cuts& other_cuts, const Pt& u, const Pt& x) {
    const Midpoint m{u, x};
    auto try_segment = [&](const Pt& c, const Pt& d) {
        if (orient(c, d, u) != 0 || orient(c, d, x) != 0) return Side::unknown;
        // The midpoint within the segment, along its longer axis.
        const bool by_x = std::fabs(d.x - c.x) >= std::fabs(d.y - c.y);
        const auto [lo, hi] = by_x ? ordered(c.x, d.x) : ordered(c.y, d.y);
        const int s1 = by_x ? m.cmp_x(lo) : m.cmp_y(lo), s2 = by_x ? m.cmp_x(hi) : m.cmp_y(hi);
        if (s1 == k_unsure || s2 == k_unsure || s1 < 0 || s2 > 0) return Side::unknown;
        const double dot = (x.x - u.x) * (d.x - c.x) + (x.y - u.y) * (d.y - c.y);
        return dot > 0 ? Side::same : Side::opposite;  // (collinear: the product's sign is not in doubt)
    };
    for (const auto& [c, d] : other_cuts.pieces)
        if (const Side s = try_segment(c, d); s != Side::unknown) return s;
    if (!other.banded) return Side::unknown;  // (located before: the bands are built)
    const int lo = other.band_of(m.min_y()), hi = other.band_of(m.max_y());
    for (int k = lo; k <= hi; ++k) {
        for (auto i = other.band_start[static_cast<std::size_t>(k)]; i < other.band_start[static_cast<std::size_t>(k) + 1]; ++i) {
            const std::uint32_t e = other.band_edges[i];
            if (other_cuts.is_cut(e)) continue;
            if (const Side s = try_segment(other.a(e), other.b(e)); s != Side::unknown) return s;
        }
    }
    return Side::unknown;
}

// Where the stretch u→x lies against the other polygon, from its midpoint.
Side stretch_side(Shape& other, const Cuts& other_cuts, const Pt& u, const Pt& x, Against against) {
    const Side s = side_of(other, other_cuts, Midpoint{u, x}, against);
    return s == Side::unknown ? along_side(other, other_cuts, u, x) : s;
}

// The stretches of s's edges in `list` (ascending), each placed against the other polygon (`against`). An edge
// met nowhere lies wholly inside or outside, as its start does, and so do the edges after it up to the next one
// met (one test for the run); a stretch between two meetings lies as its midpoint does, or along the other's
// edge. Both cuts must be noded.
void place_stretches(const Shape& s, const std::vector<std::uint32_t>& list, const Cuts& cuts, Shape& other,
                     const Cuts& other_cuts, Against against, std::vector<Stretch>& out) {
    trim_scratch(k_kept_vertices, out);
    thread_local std::vector<Pt> pts;
    std::size_t si = 0, ai = 0;
    std::uint32_t prev = std::numeric_limits<std::uint32_t>::max();
    bool run = false;  // the previous edge was met nowhere and `run_side` is where it lies
    Side run_side = Side::out;
    for (const std::uint32_t e : list) {
        while (si < cuts.splits.size() && cuts.splits[si].first < e) ++si;
        while (ai < cuts.along.size() && cuts.along[ai].edge < e) ++ai;
        const Pt a = s.a(e), b = s.b(e);
        if (si == cuts.splits.size() || cuts.splits[si].first != e) {
            // Its start is off the other's boundary, an end on it would have been met there; but a crossing point
            // nearby can have been rounded onto it: then the edge lies as its midpoint does.
            if (!run || s.next[prev] != e) {
                run_side = side_of(other, other_cuts, Vertex{a}, against);
                if (run_side == Side::unknown) run_side = stretch_side(other, other_cuts, a, b, against);
            }
            run = run_side == Side::in || run_side == Side::out;
            out.push_back({a, b, e, run_side, true});
            prev = e;
            continue;
        }
        run = false;
        prev = e;
        pts.clear();
        pts.push_back(a);
        for (; si < cuts.splits.size() && cuts.splits[si].first == e; ++si)
            if (!(cuts.splits[si].second == pts.back())) pts.push_back(cuts.splits[si].second);
        if (!(pts.back() == b)) pts.push_back(b);
        for (std::size_t k = 0; k + 1 < pts.size(); ++k) {
            const Pt u = pts[k], x = pts[k + 1];
            const auto [k1, k2] = ordered(along_key(a, b, u), along_key(a, b, x));
            Side side = Side::unknown;
            for (std::size_t j = ai; j < cuts.along.size() && cuts.along[j].edge == e; ++j) {
                if (cuts.along[j].k1 <= k1 && k2 <= cuts.along[j].k2) {
                    side = cuts.along[j].same ? Side::same : Side::opposite;
                    break;
                }
            }
            if (side == Side::unknown) side = stretch_side(other, other_cuts, u, x, against);
            out.push_back({u, x, e, side, false});
        }
    }
}

bool all_placed(const std::vector<Stretch>& v) {
    return std::none_of(v.begin(), v.end(), [](const Stretch& s) { return s.side == Side::unknown; });
}

// The stretches that bound the shared part: p's inside the other or along it the same way, q's inside.
bool bounds_shared(const Stretch& s, bool of_p) { return s.side == Side::in || (of_p && s.side == Side::same); }

// Whether the stretches that bound the shared part form closed paths: at every point as many of them start as
// end (the stretches of one edge chained first, so that only the ends of chains are compared).
bool closes(const std::vector<Stretch>& ps, const std::vector<Stretch>& qs) {
    thread_local std::vector<std::pair<Pt, int>> ends;
    trim_scratch(k_kept_vertices, ends);
    auto chains = [&](const std::vector<Stretch>& v, bool of_p) {
        bool open = false;
        Pt first, last;
        auto close = [&] {
            if (!open) return;
            ends.push_back({first, 1});
            ends.push_back({last, -1});
            open = false;
        };
        for (const Stretch& s : v) {
            if (!bounds_shared(s, of_p)) {
                close();
                continue;
            }
            if (open && last == s.u) {
                last = s.x;
                continue;
            }
            close();
            open = true;
            first = s.u;
            last = s.x;
        }
        close();
    };
    chains(ps, true);
    chains(qs, false);
    std::sort(ends.begin(), ends.end(), [](const auto& l, const auto& r) {
        return l.first.x != r.first.x ? l.first.x < r.first.x : l.first.y < r.first.y;
    });
    for (std::size_t i = 0; i < ends.size();) {
        int sum = 0;
        std::size_t j = i;
        for (; j < ends.size() && ends[j].first == ends[i].first; ++j) sum += ends[j].second;
        if (sum != 0) return false;
        i = j;
    }
    return true;
}

// The term of the edge u→x in the area enclosed (counter-clockwise positive): −S12 on the ellipsoid, as
// geod_polygonarea adds them up, or, in the plane, the shoelace term from an origin near the shapes.
class Terms {
public:
    static Terms geodesic(const geod_geodesic& g) { return Terms(&g, {}); }
    static Terms planar(const Pt& origin) { return Terms(nullptr, origin); }

    double operator()(const Pt& u, const Pt& x) const {
        if (!m_g) return ((u.x - m_o.x) * (x.y - m_o.y) - (x.x - m_o.x) * (u.y - m_o.y)) / 2;
        double s12_area = 0;
        geod_geninverse(m_g, u.y, u.x, x.y, x.x, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, &s12_area);
        return -s12_area;
    }

private:
    Terms(const geod_geodesic* g, Pt origin) : m_g(g), m_o(origin) {}
    const geod_geodesic* m_g;
    Pt m_o;
};

// The stretches of one edge: ps[first, last).
struct EdgeRun {
    std::size_t first = 0, last = 0;
    bool all_kept = true, none_kept = true;
};

// Calls f(run) for every edge's stretches in turn (they come edge by edge).
template <class F>
void for_each_edge(const std::vector<Stretch>& v, bool of_p, const F& f) {
    for (std::size_t i = 0; i < v.size();) {
        EdgeRun r{i, i, true, true};
        for (; r.last < v.size() && v[r.last].edge == v[i].edge && (r.last == i || !v[r.last].whole); ++r.last) {
            const bool kept = bounds_shared(v[r.last], of_p);
            r.all_kept = r.all_kept && kept;
            r.none_kept = r.none_kept && !kept;
        }
        f(r);
        i = r.last;
    }
}

// The shared area from the placed stretches, which close up: directly, or as p's area less what p loses,
// whichever measures fewer edges. An edge whose stretches all bound the shared part is measured whole: the
// other boundary only touches it or runs along it there, and the places where it does (which lie on the
// straight line between the edge's ends, not on the geodesic) would otherwise bend it. nullopt when the answer
// is out of bounds or not a number.
std::optional<double> measure(const Shape& p, const std::vector<Stretch>& ps, const Shape& q, const std::vector<Stretch>& qs,
                              double area_p, const Terms& term) {
    auto edge_term = [&](const Shape& s, const Stretch& st) { return term(s.a(st.edge), s.b(st.edge)); };
    // Terms each way: directly, the kept stretches (an edge kept whole once); the other way, for every edge of p
    // not kept whole, its term, less that of its kept stretches.
    std::size_t direct = 0, lost = 0;
    for_each_edge(ps, true, [&](const EdgeRun& r) {
        if (r.all_kept) {
            ++direct;
            return;
        }
        std::size_t kept = 0;
        for (std::size_t i = r.first; i < r.last; ++i) kept += bounds_shared(ps[i], true);
        direct += kept;
        lost += 1 + kept;
    });
    double area = 0;
    for_each_edge(qs, false, [&](const EdgeRun& r) {
        if (r.none_kept) return;
        if (r.all_kept) {
            area += edge_term(q, qs[r.first]);
            return;
        }
        for (std::size_t i = r.first; i < r.last; ++i)
            if (bounds_shared(qs[i], false)) area += term(qs[i].u, qs[i].x);
    });
    const bool known = std::isfinite(area_p);
    const bool losses = known && lost < direct;
    if (losses) area += area_p;
    for_each_edge(ps, true, [&](const EdgeRun& r) {
        if (r.all_kept) {
            if (!losses) area += edge_term(p, ps[r.first]);
            return;
        }
        if (losses) area -= edge_term(p, ps[r.first]);
        for (std::size_t i = r.first; i < r.last; ++i)
            if (bounds_shared(ps[i], true)) area += term(ps[i].u, ps[i].x);
    });
    // Rounding, and area_p measured in a local equal-area map for rings of many vertices (geom/geodesic: its
    // straight edges depart from the geodesics by a few parts in 1e7, a little more on long edges), leave this
    // much either way.
    const double slack = 0.01 + (known ? 1e-5 * area_p : 0.0);
    if (!std::isfinite(area)) return std::nullopt;  // never a number that is not one: undecided, overlaid instead
    if (area < 0) return area > -slack ? std::optional<double>(0.0) : std::nullopt;
    if (!known || area <= area_p) return area;
    if (area < area_p + slack) return area_p;
    // More than p: p's edges cut where the other boundary crosses them can enclose a little more than the edges
    // did; no more than that.
    double bulges = 0;
    for_each_edge(ps, true, [&](const EdgeRun& r) {
        if (r.all_kept || ps[r.first].whole) return;
        bulges -= edge_term(p, ps[r.first]);
        for (std::size_t i = r.first; i < r.last; ++i) bulges += term(ps[i].u, ps[i].x);
    });
    return area <= area_p + std::max(0.0, bulges) + slack ? std::optional<double>(area) : std::nullopt;
}

// Karney's terms hold for paths that do not go round a pole, with edges shorter than half the globe.
bool measurable(const Envelope& env) {
    return env.min_y > -89.5 && env.max_y < 89.5 && env.max_x - env.min_x < 180 && env.min_x >= -540 && env.max_x <= 540;
}

}  // namespace

struct AreaClipper::Impl {
    const Ellipsoid& e;
    Shape zone;
    bool ok = false;

    // The grid over the zone's box: per cell, the zone's edges whose box meets it; and, as 2D prefix sums, how
    // many cells are crossed by edges, and how many of the others lie inside the zone.
    int gx = 1, gy = 1;
    double cw = 1, ch = 1;
    std::vector<std::uint32_t> start, cell_edges;
    std::vector<std::uint32_t> crossed_sum, inside_sum;  // (gx + 1) × (gy + 1)
    std::vector<std::uint32_t> stamp;                    // per zone edge, to list an edge once
    std::uint32_t generation = 0;

    // Scratch space, kept from call to call.
    Shape piece;
    Cuts cp, cq;
    std::vector<std::uint32_t> all, ep, eq;
    std::vector<Stretch> ps, qs;

    Impl(const GEOSGeometry* g, const Ellipsoid& ellipsoid) : e(ellipsoid) {
        ok = zone.load(g) && measurable(zone.env);
        if (ok) build_grid();
    }

    int cell_x(double x) const {
        const double k = std::floor((x - zone.env.min_x) / cw);
        return k < 0 ? 0 : k >= gx ? gx - 1 : static_cast<int>(k);
    }
    int cell_y(double y) const {
        const double k = std::floor((y - zone.env.min_y) / ch);
        return k < 0 ? 0 : k >= gy ? gy - 1 : static_cast<int>(k);
    }

    void build_grid() {
        const std::size_t n = zone.next.size();
        const double w = zone.env.max_x - zone.env.min_x, h = zone.env.max_y - zone.env.min_y;
        // Square cells, about 2√n along the longer side: a cell the boundary crosses holds a few edges.
        const int g = static_cast<int>(std::clamp(2.0 * std::sqrt(static_cast<double>(n)), 4.0, 1024.0));
        if (w >= h) {
            gx = g;
            gy = static_cast<int>(std::clamp(std::ceil(g * h / std::max(w, 1e-300)), 1.0, static_cast<double>(g)));
        } else {
            gy = g;
            gx = static_cast<int>(std::clamp(std::ceil(g * w / h), 1.0, static_cast<double>(g)));
        }
        cw = w > 0 ? w / gx : 1;
        ch = h > 0 ? h / gy : 1;
        const std::size_t cells = static_cast<std::size_t>(gx) * gy;
        start.assign(cells + 1, 0);
        auto span = [&](std::uint32_t f, int& x0, int& x1, int& y0, int& y1) {
            const Pt a = zone.a(f), b = zone.b(f);
            std::tie(x0, x1) = ordered(cell_x(a.x), cell_x(b.x));
            std::tie(y0, y1) = ordered(cell_y(a.y), cell_y(b.y));
        };
        for (std::uint32_t f = 0; f < n; ++f) {
            int x0, x1, y0, y1;
            span(f, x0, x1, y0, y1);
            for (int y = y0; y <= y1; ++y)
                for (int x = x0; x <= x1; ++x) ++start[static_cast<std::size_t>(y) * gx + x + 1];
        }
        for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
        cell_edges.assign(start.back(), 0);
        std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
        for (std::uint32_t f = 0; f < n; ++f) {
            int x0, x1, y0, y1;
            span(f, x0, x1, y0, y1);
            for (int y = y0; y <= y1; ++y)
                for (int x = x0; x <= x1; ++x) cell_edges[fill[static_cast<std::size_t>(y) * gx + x]++] = f;
        }
        stamp.assign(n, 0);
        // A cell no edge's box meets lies wholly inside or outside, and so does a run of such cells along a row
        // (an edge on the line between two of them would be listed in the one to its right or above): one test
        // at the centre of the run's first cell.
        enum : std::uint8_t { crossed, inside, outside };
        std::vector<std::uint8_t> state(cells, crossed);
        for (int y = 0; y < gy; ++y) {
            std::uint8_t run = crossed;
            for (int x = 0; x < gx; ++x) {
                const std::size_t c = static_cast<std::size_t>(y) * gx + x;
                if (start[c + 1] > start[c]) {
                    run = crossed;
                    continue;
                }
                if (run == crossed) {
                    const Pt centre{zone.env.min_x + (x + 0.5) * cw, zone.env.min_y + (y + 0.5) * ch};
                    const Shape::Location l = zone.locate(Vertex{centre});
                    run = l == Shape::inside ? inside : l == Shape::outside ? outside : crossed;
                }
                state[c] = run;
            }
        }
        const std::size_t row = static_cast<std::size_t>(gx) + 1;
        crossed_sum.assign(row * (static_cast<std::size_t>(gy) + 1), 0);
        inside_sum.assign(crossed_sum.size(), 0);
        for (int y = 0; y < gy; ++y) {
            for (int x = 0; x < gx; ++x) {
                const std::size_t c = static_cast<std::size_t>(y) * gx + x;
                const std::size_t k = (static_cast<std::size_t>(y) + 1) * row + x + 1;
                crossed_sum[k] = crossed_sum[k - 1] + crossed_sum[k - row] - crossed_sum[k - row - 1] + (state[c] == crossed);
                inside_sum[k] = inside_sum[k - 1] + inside_sum[k - row] - inside_sum[k - row - 1] + (state[c] == inside);
            }
        }
    }

    // How many cells of the rectangle x0..x1 × y0..y1 the prefix sums count.
    std::uint32_t count(const std::vector<std::uint32_t>& sum, int x0, int x1, int y0, int y1) const {
        const std::size_t row = static_cast<std::size_t>(gx) + 1;
        auto at = [&](int x, int y) { return sum[static_cast<std::size_t>(y) * row + static_cast<std::size_t>(x)]; };
        return at(x1 + 1, y1 + 1) - at(x0, y1 + 1) - at(x1 + 1, y0) + at(x0, y0);
    }

    Place place(const Envelope& box) const {
        const Envelope& z = zone.env;
        if (box.empty || box.max_x < z.min_x || box.min_x > z.max_x || box.max_y < z.min_y || box.min_y > z.max_y) {
            return Place::outside;
        }
        const int x0 = cell_x(box.min_x), x1 = cell_x(box.max_x), y0 = cell_y(box.min_y), y1 = cell_y(box.max_y);
        if (count(crossed_sum, x0, x1, y0, y1) > 0) return Place::near_boundary;
        const std::uint32_t inside = count(inside_sum, x0, x1, y0, y1);
        if (inside == 0) return Place::outside;
        const auto cells = static_cast<std::uint32_t>((x1 - x0 + 1) * (y1 - y0 + 1));
        return inside == cells && box_within(box, z) ? Place::inside : Place::near_boundary;
    }

    // The zone's edges that meet the box w, ascending.
    void edges_in(const Envelope& w) {
        trim_scratch(k_kept_vertices, eq);
        if (++generation == 0) {
            std::fill(stamp.begin(), stamp.end(), 0);
            generation = 1;
        }
        const int x0 = cell_x(w.min_x), x1 = cell_x(w.max_x), y0 = cell_y(w.min_y), y1 = cell_y(w.max_y);
        for (int y = y0; y <= y1; ++y) {
            for (int x = x0; x <= x1; ++x) {
                const std::size_t c = static_cast<std::size_t>(y) * gx + x;
                for (auto i = start[c]; i < start[c + 1]; ++i) {
                    const std::uint32_t f = cell_edges[i];
                    if (stamp[f] == generation) continue;
                    stamp[f] = generation;
                    if (edge_meets_box(zone, f, w)) eq.push_back(f);
                }
            }
        }
        std::sort(eq.begin(), eq.end());
    }

    std::optional<double> shared(const GEOSGeometry* g, double area_g, bool planar) {
        if (!ok || !piece.load(g) || !measurable(piece.env)) return std::nullopt;
        const Envelope& pe = piece.env;
        switch (place(pe)) {
            case Place::outside: return 0.0;
            case Place::inside: {
                if (std::isfinite(area_g)) return area_g;
                if (!planar) return geodesic_area_m2(g, e);
                double a = 0;
                GEOSArea_r(geos(), g, &a);
                return a;
            }
            case Place::near_boundary: break;
        }
        const Envelope& z = zone.env;
        // Interiors meet only inside the open boxes.
        const Envelope w{std::max(pe.min_x, z.min_x), std::max(pe.min_y, z.min_y), std::min(pe.max_x, z.max_x),
                         std::min(pe.max_y, z.max_y), false};
        if (w.min_x >= w.max_x || w.min_y >= w.max_y) return 0.0;
        edges_in(w);
        trim_scratch(k_kept_vertices, all, ep);
        for (std::uint32_t i = 0; i < piece.next.size(); ++i) {
            all.push_back(i);
            if (edge_meets_box(piece, i, w)) ep.push_back(i);
        }
        cp.clear();
        cq.clear();
        if (!ep.empty() && !eq.empty()) {
            for_each_close_pair(piece, ep, zone, eq, w, [&](std::uint32_t a, std::uint32_t b) {
                meet(piece, a, zone, b, cp, cq);
                return true;
            });
        }
        cp.node(piece);
        cq.node(zone);
        for (const Against against : {Against::noded, Against::as_drawn}) {
            place_stretches(piece, all, cp, zone, cq, against, ps);
            place_stretches(zone, eq, cq, piece, cp, against, qs);
            if (all_placed(ps) && all_placed(qs) && closes(ps, qs)) return measure(piece, ps, zone, qs, area_g,
                               planar ? Terms::planar({pe.min_x, pe.min_y}) : Terms::geodesic(e.geodesic()));
        }
        return std::nullopt;
    }
};

AreaClipper::AreaClipper(const GEOSGeometry* zone, const Ellipsoid& e) : m(std::make_unique<Impl>(zone, e)) {}
AreaClipper::~AreaClipper() = default;

bool AreaClipper::usable() const { return m->ok; }

AreaClipper::Place AreaClipper::place(const Envelope& box) const {
    return m->ok ? m->place(box) : Place::near_boundary;
}

std::optional<double> AreaClipper::shared_area_m2(const GEOSGeometry* g, double area_g) { return m->shared(g, area_g, false); }

std::optional<double> AreaClipper::shared_area_planar(const GEOSGeometry* g, double area_g) { return m->shared(g, area_g, true); }

std::optional<double> shared_area_m2(const GEOSGeometry* a, const GEOSGeometry* b, const Ellipsoid& e) {
    AreaClipper clip(b, e);
    return clip.shared_area_m2(a, k_unknown);
}

}  // namespace ecozone::geom
