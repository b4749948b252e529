#include "index/layer_index.hpp"

#include <boost/iterator/function_output_iterator.hpp>

namespace ecozone::index {

namespace {

// GEOS caches envelopes lazily; computing them here, before any parallel use, keeps later
// concurrent reads free of writes.
void warm_envelopes(const GEOSGeometry* g) {
    double v = 0;
    GEOSGeom_getXMin_r(geom::geos(), g, &v);
    const int n = GEOSGetNumGeometries_r(geom::geos(), g);
    if (n > 1 || GEOSGeomTypeId_r(geom::geos(), g) >= GEOS_MULTIPOINT) {
        for (int i = 0; i < n; ++i) warm_envelopes(GEOSGetGeometryN_r(geom::geos(), g, i));
    }
}

}  // namespace

LayerIndex::LayerIndex(const load::LayerSet& set) {
    m_layers.resize(set.layers.size());
    for (std::size_t l = 0; l < set.layers.size(); ++l) {
        const load::Layer& layer = set.layers[l];
        std::vector<Entry> entries;
        entries.reserve(layer.features.size());
        for (std::size_t i = 0; i < layer.features.size(); ++i) {
            const GEOSGeometry* g = layer.features[i].geom.get();
            warm_envelopes(g);
            const geom::Envelope e = geom::envelope(g);
            if (e.empty) continue;
            entries.emplace_back(Box(Point(e.min_x, e.min_y), Point(e.max_x, e.max_y)), i);
        }
        m_layers[l].layer = &layer;
        m_layers[l].tree = Tree(entries.begin(), entries.end());  // packing construction
    }
}

void LayerIndex::query(std::size_t layer, const geom::Envelope& e, std::vector<std::size_t>& out) const {
    out.clear();
    if (e.empty) return;
    const Box box(Point(e.min_x, e.min_y), Point(e.max_x, e.max_y));
    m_layers[layer].tree.query(bgi::intersects(box), boost::iterators::make_function_output_iterator([&](const Entry& v) {
                                   out.push_back(v.second);
                               }));
    std::sort(out.begin(), out.end());
}

PreparedCache::PreparedCache(const LayerIndex& index) : m_index(index) {
    m_prepared.resize(index.size());
    for (std::size_t l = 0; l < index.size(); ++l) m_prepared[l].resize(index[l].layer->features.size());
}

const GEOSPreparedGeometry* PreparedCache::get(std::size_t layer, std::size_t feature) {
    auto& slot = m_prepared[layer][feature];
    if (!slot) {
        slot.reset(GEOSPrepare_r(geom::geos(), m_index[layer].layer->features[feature].geom.get()));
    }
    return slot.get();
}

}  // namespace ecozone::index
