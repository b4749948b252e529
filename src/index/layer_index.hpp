#pragma once
// A packed R-tree (Boost.Geometry) per layer over feature envelopes in longitude/latitude, and
// per-thread caches of GEOS prepared geometries. Queries are safe from many threads at once.

#include <vector>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "geom/geos_context.hpp"
#include "load/load_layers.hpp"

namespace ecozone::index {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using Point = bg::model::point<double, 2, bg::cs::cartesian>;
using Box = bg::model::box<Point>;
using Entry = std::pair<Box, std::size_t>;
using Tree = bgi::rtree<Entry, bgi::rstar<16>>;

struct IndexedLayer {
    const load::Layer* layer = nullptr;
    Tree tree;
};

class LayerIndex {
public:
    explicit LayerIndex(const load::LayerSet& set);

    std::size_t size() const { return m_layers.size(); }
    const IndexedLayer& operator[](std::size_t i) const { return m_layers[i]; }

    // Features of layer `layer` whose envelope intersects the box.
    void query(std::size_t layer, const geom::Envelope& box, std::vector<std::size_t>& out) const;

private:
    std::vector<IndexedLayer> m_layers;
};

// Prepared geometries built on first use by this thread (GEOS prepared geometries are not safe to
// build concurrently); one cache per worker thread.
class PreparedCache {
public:
    explicit PreparedCache(const LayerIndex& index);
    const GEOSPreparedGeometry* get(std::size_t layer, std::size_t feature);

private:
    const LayerIndex& m_index;
    std::vector<std::vector<geom::PreparedPtr>> m_prepared;
};

}  // namespace ecozone::index
