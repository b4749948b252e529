#include "index/layer_overlaps.hpp"

#include <cmath>

#include <boost/iterator/function_output_iterator.hpp>
#include <tbb/parallel_for.h>

#include "geom/overlap_area.hpp"

namespace ecozone::index {

namespace {

constexpr int k_part_vertices = 1024;
// Names of the cache entries; a new name when the method changes, so that a cached entry is always what this
// version would compute.
constexpr const char* k_any_variant = "covered-any-1024m";
constexpr const char* k_zone_variant = "covered-zone-1024m";

void fill(CoveredParts& out, std::vector<CoveredPart> parts) {
    std::vector<Entry> entries;
    for (auto& p : parts) {
        p.envelope = geom::envelope(p.geom.get());
        if (p.envelope.empty) continue;
        const auto& e = p.envelope;
        entries.emplace_back(Box(Point(e.min_x, e.min_y), Point(e.max_x, e.max_y)), out.parts.size());
        out.parts.push_back(std::move(p));
    }
    out.tree = Tree(entries.begin(), entries.end());
}

std::vector<CoveredPart> from_overlaps(std::vector<geom::OverlappingParts::Covered> covered) {
    std::vector<CoveredPart> out;
    out.reserve(covered.size());
    for (auto& c : covered) out.push_back({c.feature, std::move(c.geom), {}, c.area});
    return out;
}

// A cached list; null when there is none, or it names a feature the layer does not have. Parts kept without
// their area are measured.
std::optional<std::vector<CoveredPart>> read_cached(const load::LayerCache& cache, const load::Layer& layer,
                                                    const char* variant, const geom::Ellipsoid& e) {
    auto hit = cache.read_pieces(layer.cache_key, variant);
    if (!hit) return std::nullopt;
    std::vector<CoveredPart> out(hit->size());
    for (std::size_t i = 0; i < hit->size(); ++i) {
        if ((*hit)[i].feature >= layer.features.size() || !(*hit)[i].geom || !geom::is_polygonal((*hit)[i].geom.get())) {
            return std::nullopt;
        }
        out[i].feature = (*hit)[i].feature;
        out[i].geom = std::move((*hit)[i].geom);
        out[i].area_m2 = (*hit)[i].area_m2;
    }
    tbb::parallel_for(std::size_t{0}, out.size(), [&](std::size_t i) {
        if (std::isnan(out[i].area_m2)) out[i].area_m2 = geom::geodesic_area_m2(out[i].geom.get(), e);
    });
    return out;
}

void write_cached(const load::LayerCache& cache, const load::Layer& layer, const char* variant,
                  const std::vector<CoveredPart>& parts) {
    std::vector<load::PieceView> views;
    views.reserve(parts.size());
    for (const auto& p : parts) views.push_back({p.feature, p.geom.get(), -1, false, p.area_m2});
    cache.write_pieces(layer.cache_key, variant, views);
}

}  // namespace

void CoveredParts::query(const geom::Envelope& e, std::vector<std::size_t>& out) const {
    out.clear();
    if (e.empty || parts.empty()) return;
    const Box box(Point(e.min_x, e.min_y), Point(e.max_x, e.max_y));
    tree.query(bgi::intersects(box),
               boost::iterators::make_function_output_iterator([&](const Entry& v) { out.push_back(v.second); }));
    std::sort(out.begin(), out.end());
}

std::vector<std::pair<std::size_t, geom::GeomPtr>> overlap_parts(const std::vector<const GEOSGeometry*>& polys,
                                                                 const std::vector<std::size_t>& feature) {
    std::vector<std::vector<geom::GeomPtr>> pieces(polys.size());
    tbb::parallel_for(std::size_t{0}, polys.size(),
                      [&](std::size_t i) { subdivide(polys[i], k_part_vertices, pieces[i], /*meridian_cuts_only=*/true); });
    std::vector<std::pair<std::size_t, geom::GeomPtr>> parts;
    for (std::size_t i = 0; i < pieces.size(); ++i)
        for (auto& p : pieces[i]) parts.emplace_back(feature[i], std::move(p));
    return parts;
}

LayerOverlaps::LayerOverlaps(const load::LayerSet& set, const load::LayerCache* cache) : m_layers(set.layers.size()) {
    tbb::parallel_for(std::size_t{0}, set.layers.size(), [&](std::size_t l) {
        const load::Layer& layer = set.layers[l];
        const bool zoned = !layer.spec.zone_field.empty();
        const load::LayerCache* c = layer.cache_key.empty() ? nullptr : cache;
        if (c) {
            auto any = read_cached(*c, layer, k_any_variant, set.ellipsoid);
            auto zone = zoned ? read_cached(*c, layer, k_zone_variant, set.ellipsoid) : std::vector<CoveredPart>{};
            if (any && zone) {
                fill(m_layers[l].any, std::move(*any));
                fill(m_layers[l].same_zone, std::move(*zone));
                return;
            }
        }
        std::vector<const GEOSGeometry*> polys;
        std::vector<std::size_t> feature;
        for (std::size_t i = 0; i < layer.features.size(); ++i) {
            if (!geom::is_polygonal(layer.features[i].geom.get())) continue;
            polys.push_back(layer.features[i].geom.get());
            feature.push_back(i);
        }
        std::vector<CoveredPart> any, zone;
        if (!polys.empty()) {
            const geom::OverlappingParts overlapping(overlap_parts(polys, feature), set.ellipsoid,
                                                     geom::OverlappingParts::Keep::overlaps);
            any = from_overlaps(overlapping.covered([](std::size_t, std::size_t) { return true; }));
            if (zoned) {
                zone = from_overlaps(overlapping.covered(
                    [&](std::size_t i, std::size_t j) { return layer.features[i].zone == layer.features[j].zone; }));
            }
        }
        if (c) {
            write_cached(*c, layer, k_any_variant, any);
            if (zoned) write_cached(*c, layer, k_zone_variant, zone);
        }
        fill(m_layers[l].any, std::move(any));
        fill(m_layers[l].same_zone, std::move(zone));
    });
}

}  // namespace ecozone::index
