#include "geom/overlap_area.hpp"

#include <tbb/parallel_for.h>

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

OverlappingParts::OverlappingParts(std::vector<std::pair<std::size_t, GeomPtr>> parts, const Ellipsoid& e,
                                   std::vector<double> part_area, bool measure_parts)
    : m_parts(std::move(parts)), m_e(e), m_area(std::move(part_area)) {
    const std::size_t n = m_parts.size();
    const bool measured = m_area.size() == n || !measure_parts;
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
    // The pairs of parts of different features whose boxes overlap, in a fixed order; then their
    // intersections, on every core.
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
        if (interiors_disjoint(m_parts[i].second.get(), m_parts[j].second.get())) return;
        GeomPtr both = polygonal_part(overlap_of(m_parts[i].second.get(), m_parts[j].second.get()).get());
        if (!both) return;
        const double area = geodesic_area_m2(both.get(), e);
        if (area > 0) found[k] = {std::min(i, j), area, std::move(both)};
    });
    for (std::size_t k = 0; k < pairs.size(); ++k)
        if (found[k].geom) m_overlaps[std::max(pairs[k].first, pairs[k].second)].push_back(std::move(found[k]));
}

std::pair<double, GeomPtr> OverlappingParts::covered_by(const std::vector<const Overlap*>& overlaps, bool keep_geometry) const {
    if (overlaps.size() == 1) return {overlaps[0]->area, keep_geometry ? clone(overlaps[0]->geom.get()) : nullptr};
    std::vector<GeomPtr> pieces;
    for (const Overlap* o : overlaps) pieces.push_back(clone(o->geom.get()));
    GeomPtr u = union_all(std::move(pieces));
    const double area = u ? geodesic_area_m2(u.get(), m_e) : 0;
    return {area, keep_geometry ? std::move(u) : nullptr};
}

std::vector<OverlappingParts::Covered> OverlappingParts::covered(
    const std::function<bool(std::size_t, std::size_t)>& counts) const {
    std::vector<Covered> all(m_parts.size());
    tbb::parallel_for(std::size_t{0}, m_parts.size(), [&](std::size_t i) {
        std::vector<const Overlap*> earlier;
        for (const auto& o : m_overlaps[i])
            if (counts(m_parts[i].first, m_parts[o.other].first)) earlier.push_back(&o);
        if (earlier.empty()) return;
        auto [area, geom] = covered_by(earlier, /*keep_geometry=*/true);
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
