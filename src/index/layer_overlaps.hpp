#pragma once
// What the features of each polygonal layer share, found once for the whole layer. For every part of a
// feature it keeps the part that earlier features of the layer already cover (the union of its overlaps
// with them), so that the area of the layer inside any region Z — overlaps counted once — is
//     Σ area(Z ∩ feature) − Σ area(Z ∩ covered part).
// A region (a county) then needs only the layer's pieces inside it and the few covered parts that meet it,
// not an overlay of everything inside it with everything else. Layers with a zone field (核心保护区 …) also
// get the parts covered by earlier features of the same zone value, for their per-value shares.
// Read-only after construction: safe to query from many threads. Kept in the layer cache.

#include <vector>

#include "geom/geodesic.hpp"
#include "index/layer_index.hpp"
#include "load/layer_cache.hpp"
#include "load/load_layers.hpp"

namespace ecozone::index {

struct CoveredPart {
    std::size_t feature = 0;  // the feature of which it is a part
    geom::GeomPtr geom;       // polygonal
    geom::Envelope envelope;
    double area_m2 = 0;       // geodesic
};

struct CoveredParts {
    std::vector<CoveredPart> parts;
    Tree tree;  // of their envelopes

    // The parts whose envelope meets the box.
    void query(const geom::Envelope& box, std::vector<std::size_t>& out) const;
};

struct LayerCovered {
    CoveredParts any;        // covered by earlier features of the layer
    CoveredParts same_zone;  // covered by earlier features of the same zone value (layers with a zone field)
};

class LayerOverlaps {
public:
    // Every layer with polygons; the others (and layers without overlaps) get empty lists.
    explicit LayerOverlaps(const load::LayerSet& set, const load::LayerCache* cache = nullptr);

    const LayerCovered& operator[](std::size_t layer) const { return m_layers[layer]; }
    std::size_t size() const { return m_layers.size(); }

private:
    std::vector<LayerCovered> m_layers;
};

// The parts between which overlaps are found: every polygon of `polys` (a feature's geometry; `feature`
// gives each one's feature number) cut along meridians into pieces of at most 1,024 vertices, so that the
// pieces' geodesic areas add up to the feature's. Parts of one feature never overlap.
std::vector<std::pair<std::size_t, geom::GeomPtr>> overlap_parts(const std::vector<const GEOSGeometry*>& polys,
                                                                 const std::vector<std::size_t>& feature);

}  // namespace ecozone::index
