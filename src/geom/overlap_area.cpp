#include "geom/overlap_area.hpp"

#include <limits>

#include <tbb/parallel_for.h>

#include "geom/shared_area.hpp"
#include "geom/touching.hpp"

namespace ecozone::geom {

namespace {

// A ∩ B; where GEOS's floating-point overlay fails on near-coincident edges, the same on a grid of 1e-9
// units (0.1 mm in degrees), which is robust.
GeomPtr overlap_of(const GEOSGeometry* a, const GEOSGeometry* b) {
    if (GEOSGeometry* g = GEOSIntersection_r(geos(), a, b)) return GeomPtr(g);
    take_geos_error();
    return checked(GEOSIntersectionPrec_r(geos(), a, b, 1e-9), "overlap");
}

}  // namespace

OverlappingParts::OverlappingParts(std::vector<std::pair<std::size_t, GeomPtr>> parts, const Ellipsoid& e, Keep keep,
                                   std::vector<double> part_area)
    : m_parts(std::move(parts)), m_e(e), m_area(std::move(part_area)) {
    const std::size_t n = m_parts.size();
    const bool measured = m_area.size() == n || keep == Keep::overlaps;
    m_area.resize(n);
    m_overlaps.resize(n);
    std::vector<Envelope> env(n);
    for (std::size_t i = 0; i < n; ++i) {
        env[i] = envelope(m_parts[i].second.get());
        if (!measured) m_area[i] = geodesic_area_m2(m_parts[i].second.get(), e);
    }
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return env[x].min_x < env[y].min_x; });
    // The pairs of parts of different features whose boxes overlap, in a fixed order; then what each pair
    // shares, on every core.
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t a = 0; a < n; ++a) {
        const std::size_t i = order[a];
        for (std::size_t b = a + 1; b < n && env[order[b]].min_x <= env[i].max_x; ++b) {
            const std::size_t j = order[b];
            if (m_parts[i].first == m_parts[j].first) continue;  // parts of one feature never overlap
            if (env[j].min_y >= env[i].max_y || env[i].min_y >= env[j].max_y || env[j].min_x >= env[i].max_x) continue;
            pairs.emplace_back(i, j);
        }
    }
    std::vector<Overlap> found(pairs.size());
    tbb::parallel_for(std::size_t{0}, pairs.size(), [&](std::size_t k) {
        const auto [i, j] = pairs[k];
        // Neighbours that only touch (a tiling layer's, mostly) need no overlay.
        const GEOSGeometry* a = m_parts[i].second.get();
        const GEOSGeometry* b = m_parts[j].second.get();
        if (interiors_disjoint(a, b)) return;
        if (keep == Keep::areas) {
            if (const auto area = AreaClipper(b, e).shared_area_m2(a, std::numeric_limits<double>::quiet_NaN())) {
                if (*area > 0) found[k] = {std::min(i, j), *area, nullptr, i > j};
                return;
            }
        }
        GeomPtr both = polygonal_part(overlap_of(a, b).get());
        if (!both) return;
        const double area = geodesic_area_m2(both.get(), e);
        if (area > 0) found[k] = {std::min(i, j), area, std::move(both), i > j};
    });
    for (std::size_t k = 0; k < pairs.size(); ++k) {
        if (!(found[k].area > 0)) continue;
        ++(found[k].geom ? m_counts.overlaid : m_counts.from_edges);
        m_overlaps[std::max(pairs[k].first, pairs[k].second)].push_back(std::move(found[k]));
    }
    for (std::size_t i = 0; i < n; ++i) {
        const auto& list = m_overlaps[i];
        bool twice = false;
        for (std::size_t x = 0; x < list.size() && !twice; ++x)
            for (std::size_t y = x + 1; y < list.size() && !twice; ++y) twice = overlap(list[x].other, list[y].other);
        m_counts.parts_overlapped_twice += twice;
    }
}

bool OverlappingParts::overlap(std::size_t i, std::size_t j) const {
    const auto& list = m_overlaps[std::max(i, j)];
    return std::any_of(list.begin(), list.end(), [&](const Overlap& o) { return o.other == std::min(i, j); });
}

GeomPtr OverlappingParts::overlap_geometry(std::size_t i, const Overlap& o) const {
    if (o.geom) return clone(o.geom.get());
    const GEOSGeometry* later = m_parts[i].second.get();
    const GEOSGeometry* earlier = m_parts[o.other].second.get();
    return polygonal_part((o.later_first ? overlap_of(later, earlier) : overlap_of(earlier, later)).get());
}

std::pair<double, GeomPtr> OverlappingParts::covered_by(std::size_t i, const std::vector<const Overlap*>& overlaps) const {
    if (overlaps.size() == 1) return {overlaps[0]->area, overlap_geometry(i, *overlaps[0])};
    std::vector<GeomPtr> pieces;
    for (const Overlap* o : overlaps)
        if (GeomPtr g = overlap_geometry(i, *o)) pieces.push_back(std::move(g));
    GeomPtr u = union_all(std::move(pieces));
    const double area = u ? geodesic_area_m2(u.get(), m_e) : 0;
    return {area, std::move(u)};
}

double OverlappingParts::covered_area(std::size_t i, const std::vector<const Overlap*>& overlaps) const {
    // Pᵢ ∩ Pⱼ and Pᵢ ∩ Pₖ share no area unless Pⱼ and Pₖ do: the overlaps fall into groups that share nothing
    // with each other (linked by the pairs of parts that overlap), and their areas add up.
    const std::size_t n = overlaps.size();
    std::vector<std::size_t> group(n);
    for (std::size_t x = 0; x < n; ++x) group[x] = x;
    const auto root = [&](std::size_t x) {
        while (group[x] != x) x = group[x] = group[group[x]];
        return x;
    };
    for (std::size_t x = 0; x < n; ++x)
        for (std::size_t y = x + 1; y < n; ++y)
            if (overlap(overlaps[x]->other, overlaps[y]->other)) group[root(y)] = root(x);
    double sum = 0;
    std::vector<const Overlap*> members;
    for (std::size_t x = 0; x < n; ++x) {
        if (root(x) != x) continue;
        members.clear();
        for (std::size_t y = 0; y < n; ++y)
            if (root(y) == x) members.push_back(overlaps[y]);
        sum += members.size() == 1 ? members[0]->area : covered_by(i, members).first;
    }
    return sum;
}

double OverlappingParts::union_area(const std::function<bool(std::size_t)>& take) const {
    std::vector<double> lost(m_parts.size(), 0.0);  // what earlier parts cover of each
    tbb::parallel_for(std::size_t{0}, m_parts.size(), [&](std::size_t i) {
        if (m_overlaps[i].empty() || !take(m_parts[i].first)) return;
        std::vector<const Overlap*> earlier;
        for (const auto& o : m_overlaps[i])
            if (take(m_parts[o.other].first)) earlier.push_back(&o);
        if (!earlier.empty()) lost[i] = covered_area(i, earlier);
    });
    double area = 0;
    for (std::size_t i = 0; i < m_parts.size(); ++i)
        if (take(m_parts[i].first)) area += m_area[i] - lost[i];
    return std::max(0.0, area);
}

std::vector<OverlappingParts::Covered> OverlappingParts::covered(
    const std::function<bool(std::size_t, std::size_t)>& counts) const {
    std::vector<Covered> all(m_parts.size());
    tbb::parallel_for(std::size_t{0}, m_parts.size(), [&](std::size_t i) {
        std::vector<const Overlap*> earlier;
        for (const auto& o : m_overlaps[i])
            if (counts(m_parts[i].first, m_parts[o.other].first)) earlier.push_back(&o);
        if (earlier.empty()) return;
        auto [area, geom] = covered_by(i, earlier);
        if (geom && area > 0) all[i] = {m_parts[i].first, area, std::move(geom)};
    });
    std::vector<Covered> out;
    for (auto& c : all)
        if (c.geom) out.push_back(std::move(c));
    return out;
}

GeomPtr OverlappingParts::union_geometry() {
    std::vector<GeomPtr> all;
    for (auto& p : m_parts) all.push_back(std::move(p.second));
    return union_all(std::move(all));
}

}  // namespace ecozone::geom
