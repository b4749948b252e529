#include "index/layer_index.hpp"

#include "geom/repair.hpp"

#include <boost/iterator/function_output_iterator.hpp>
#include <tbb/parallel_for.h>

namespace ecozone::index {

namespace {

// A finished piece: GEOS's rectangle clipper is linear-time but can leave a piece slightly invalid
// (rings touching along the cut); such pieces are repaired here, while they are small.
void finish_piece(geom::GeomPtr g, bool polygonal, std::vector<geom::GeomPtr>& out) {
    if (GEOSisValid_r(geom::geos(), g.get()) != 1) {
        geom::RepairOutcome fixed = geom::make_valid(std::move(g));
        if (!fixed.geom) return;
        g = std::move(fixed.geom);
    }
    if (polygonal) g = geom::polygonal_part(g.get());
    if (g && !GEOSisEmpty_r(geom::geos(), g.get())) out.push_back(std::move(g));
}

void subdivide_part(geom::GeomPtr g, int max_vertices, int depth, bool polygonal, bool meridian_only,
                    std::vector<geom::GeomPtr>& out) {
    if (!g || GEOSisEmpty_r(geom::geos(), g.get())) return;
    const int n = GEOSGetNumCoordinates_r(geom::geos(), g.get());
    const geom::Envelope e = geom::envelope(g.get());
    const bool split_x = meridian_only || (e.max_x - e.min_x) >= (e.max_y - e.min_y);
    if (n <= max_vertices || depth >= 24 || (split_x ? e.max_x - e.min_x : e.max_y - e.min_y) < 1e-9) {
        // An uncut shape is the (valid) input itself; only cut pieces need checking.
        if (depth == 0) {
            out.push_back(std::move(g));
        } else {
            finish_piece(std::move(g), polygonal, out);
        }
        return;
    }
    const double pad = 1.0;  // rectangles reach well beyond the envelope
    geom::GeomPtr parts[2];
    if (split_x) {
        const double mid = (e.min_x + e.max_x) / 2;
        parts[0].reset(GEOSClipByRect_r(geom::geos(), g.get(), e.min_x - pad, e.min_y - pad, mid, e.max_y + pad));
        parts[1].reset(GEOSClipByRect_r(geom::geos(), g.get(), mid, e.min_y - pad, e.max_x + pad, e.max_y + pad));
    } else {
        const double mid = (e.min_y + e.max_y) / 2;
        parts[0].reset(GEOSClipByRect_r(geom::geos(), g.get(), e.min_x - pad, e.min_y - pad, e.max_x + pad, mid));
        parts[1].reset(GEOSClipByRect_r(geom::geos(), g.get(), e.min_x - pad, mid, e.max_x + pad, e.max_y + pad));
    }
    for (auto& part : parts) {
        if (!part) {
            // The clipper gave up: keep the shape whole rather than lose it.
            finish_piece(std::move(g), polygonal, out);
            return;
        }
        // A cut that does not shrink the shape stops here.
        if (GEOSGetNumCoordinates_r(geom::geos(), part.get()) >= n) {
            finish_piece(std::move(g), polygonal, out);
            return;
        }
    }
    for (auto& part : parts) subdivide_part(std::move(part), max_vertices, depth + 1, polygonal, meridian_only, out);
}

}  // namespace

void subdivide(const GEOSGeometry* g, int max_vertices, std::vector<geom::GeomPtr>& out, bool meridian_only) {
    const int t = GEOSGeomTypeId_r(geom::geos(), g);
    if (t == GEOS_MULTIPOLYGON || t == GEOS_MULTILINESTRING || t == GEOS_MULTIPOINT || t == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(geom::geos(), g);
        for (int i = 0; i < n; ++i) subdivide(GEOSGetGeometryN_r(geom::geos(), g, i), max_vertices, out, meridian_only);
        return;
    }
    subdivide_part(geom::clone(g), max_vertices, 0, geom::is_polygonal(g), meridian_only, out);
}

LayerIndex::LayerIndex(const load::LayerSet& set, int max_vertices, bool meridian_cuts_only) : m_layers(set.layers.size()) {
    // Cut every feature of every layer in one parallel loop (one large layer would otherwise keep a core idle).
    std::vector<std::pair<std::size_t, std::size_t>> work;
    for (std::size_t l = 0; l < set.layers.size(); ++l)
        for (std::size_t i = 0; i < set.layers[l].features.size(); ++i) work.emplace_back(l, i);
    std::vector<std::vector<geom::GeomPtr>> parts(work.size());
    tbb::parallel_for(std::size_t{0}, work.size(), [&](std::size_t k) {
        subdivide(set.layers[work[k].first].features[work[k].second].geom.get(), max_vertices, parts[k], meridian_cuts_only);
        for (auto& p : parts[k]) geom::envelope(p.get());
    });
    std::vector<std::vector<Entry>> entries(set.layers.size());
    for (std::size_t k = 0; k < work.size(); ++k) {
        const auto [l, i] = work[k];
        IndexedLayer& il = m_layers[l];
        il.layer = &set.layers[l];
        for (auto& p : parts[k]) {
            Piece piece{i, std::move(p), {}};
            piece.envelope = geom::envelope(piece.geom.get());
            if (piece.envelope.empty) continue;
            const auto& e = piece.envelope;
            entries[l].emplace_back(Box(Point(e.min_x, e.min_y), Point(e.max_x, e.max_y)), il.pieces.size());
            il.pieces.push_back(std::move(piece));
        }
    }
    for (std::size_t l = 0; l < set.layers.size(); ++l) {
        m_layers[l].layer = &set.layers[l];
        m_layers[l].tree = Tree(entries[l].begin(), entries[l].end());  // packing construction
    }
}

void LayerIndex::query(std::size_t layer, const geom::Envelope& e, std::vector<std::size_t>& out) const {
    out.clear();
    if (e.empty) return;
    const Box box(Point(e.min_x, e.min_y), Point(e.max_x, e.max_y));
    m_layers[layer].tree.query(bgi::intersects(box), boost::iterators::make_function_output_iterator(
                                                         [&](const Entry& v) { out.push_back(v.second); }));
    std::sort(out.begin(), out.end());
}

}  // namespace ecozone::index
