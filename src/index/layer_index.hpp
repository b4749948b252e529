#pragma once
// Spatial index of the zoning layers for screening. Large features are cut into pieces of at most
// `max_vertices` vertices (as ST_Subdivide does for PostGIS), and the pieces go into a packed
// Boost.Geometry R-tree per layer; a polygon small enough is its own piece (the feature's geometry, not a
// copy: the index must not outlive the layers). Pieces of one feature do not overlap, so overlaps summed over
// pieces are the feature's overlap, and the nearest piece is the nearest point of the feature.
// Cut pieces are checked for validity on first use (GEOS's clipper can leave a piece slightly invalid);
// most pieces are only ever looked at by envelope or distance, which need no check. Read-only after
// construction apart from that once-only check: safe to query from many threads.

#include <limits>
#include <memory>
#include <mutex>
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
using Entry = std::pair<Box, std::size_t>;  // piece index
using Tree = bgi::rtree<Entry, bgi::rstar<16>>;

struct Piece {
    std::size_t feature = 0;
    // As cut: fine for envelopes, intersects tests and distances. A feature's polygon (or line, point) that
    // needs no cutting is the feature's own geometry, not a copy; `owned` holds a piece that was cut.
    const GEOSGeometry* geom = nullptr;
    geom::GeomPtr owned;
    geom::Envelope envelope;
    bool cut = false;             // made by the clipper and not yet checked: checked before overlay operations
    double area_m2 = std::numeric_limits<double>::quiet_NaN();  // geodesic, when known (see piece_area_m2)
};

// The once-only validity check of one cut piece, and the once-only measure of a piece not yet measured.
struct PieceCheck {
    std::once_flag once;
    geom::GeomPtr repaired;       // set when the piece was invalid
    bool empty = false;           // the repair left nothing of the piece's dimension
    std::once_flag measured;
    double area_m2 = 0;
};

struct IndexedLayer {
    const load::Layer* layer = nullptr;
    std::vector<Piece> pieces;
    Tree tree;
    std::unique_ptr<PieceCheck[]> checks;  // one per piece
};

class LayerIndex {
public:
    // `meridian_cuts_only`: cut pieces along meridians only, so that their geodesic areas add up exactly
    // (for area shares of large zones); otherwise along the longer side (compact pieces, for screening).
    // With a cache, the pieces of cached layers are read from it (or cut and kept there); pieces cut along
    // meridians are kept with their areas.
    explicit LayerIndex(const load::LayerSet& set, int max_vertices = 256, bool meridian_cuts_only = false,
                        const load::LayerCache* cache = nullptr);

    std::size_t size() const { return m_layers.size(); }
    // The layers it indexes (which must outlive it).
    const load::LayerSet& layers() const { return *m_set; }
    const IndexedLayer& operator[](std::size_t i) const { return m_layers[i]; }

    // Pieces of layer `layer` whose envelope intersects the box.
    void query(std::size_t layer, const geom::Envelope& box, std::vector<std::size_t>& out) const;

    // The piece as a valid geometry, for intersections and relate tests: checked (and repaired) on
    // first use. Null when the repair leaves nothing.
    const GEOSGeometry* valid_piece(std::size_t layer, std::size_t piece) const;
    // The geodesic area of valid_piece (0 when it is null): read from the cache, or measured on first use.
    double piece_area_m2(std::size_t layer, std::size_t piece) const;

private:
    const load::LayerSet* m_set;
    std::vector<IndexedLayer> m_layers;
};

// A cut piece as a valid geometry of the input's dimension (null when nothing is left).
geom::GeomPtr checked_piece(geom::GeomPtr g, bool polygonal);

// The band between two meridians, min_x ≤ x ≤ max_x (unbounded where a side is infinite).
struct Strip {
    double min_x = -std::numeric_limits<double>::infinity();
    double max_x = std::numeric_limits<double>::infinity();
};

// Cuts g (valid) into parts of at most max_vertices vertices by halving its envelope. Cuts along meridians
// (geodesics) keep the parts' geodesic areas adding up to the whole exactly; cuts along parallels make
// compacter parts, whose areas add up to within the bulge of a geodesic over each cut.
// With `check_pieces` false, cut parts are left as the clipper made them (see checked_piece); `cut`
// then gets, per part, whether it was cut. `strips` (cuts along meridians only) gets, per part, the strip
// between the meridians that cut it out: the part is g's polygon inside that strip, as GEOS's clipper made it.
void subdivide(const GEOSGeometry* g, int max_vertices, std::vector<geom::GeomPtr>& out, bool meridian_cuts_only = true,
               bool check_pieces = true, std::vector<bool>* cut = nullptr, std::vector<Strip>* strips = nullptr);

}  // namespace ecozone::index
