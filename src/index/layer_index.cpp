#include "index/layer_index.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "geom/geodesic.hpp"
#include "geom/repair.hpp"
#include "geom/validity.hpp"

#include <boost/iterator/function_output_iterator.hpp>
#include <tbb/parallel_for.h>

namespace ecozone::index {

namespace {

struct Cutter {
    int max_vertices;
    bool polygonal;
    bool meridian_only;
    bool check_pieces;
    std::vector<geom::GeomPtr>& out;
    std::vector<bool>* cut;
    std::vector<Strip>* strips;

    void emit(geom::GeomPtr g, bool was_cut, const Strip& strip) {
        if (was_cut && check_pieces) {
            g = checked_piece(std::move(g), polygonal);
            was_cut = false;
        }
        if (!g || GEOSisEmpty_r(geom::geos(), g.get())) return;
        out.push_back(std::move(g));
        if (cut) cut->push_back(was_cut);
        if (strips) strips->push_back(strip);
    }
};

// `strip`: the band between the meridians that cut g out of its polygon (g is the polygon's part inside it).
void subdivide_part(geom::GeomPtr g, int depth, Cutter& c, const Strip& strip) {
    if (!g || GEOSisEmpty_r(geom::geos(), g.get())) return;
    const int n = GEOSGetNumCoordinates_r(geom::geos(), g.get());
    const geom::Envelope e = geom::envelope(g.get());
    const bool split_x = c.meridian_only || (e.max_x - e.min_x) >= (e.max_y - e.min_y);
    if (n <= c.max_vertices || depth >= 24 || (split_x ? e.max_x - e.min_x : e.max_y - e.min_y) < 1e-9) {
        // An uncut shape is the (valid) input itself; only cut pieces need checking.
        c.emit(std::move(g), depth > 0, strip);
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
        // The clipper gave up, or a cut does not shrink the shape: keep it whole rather than lose it.
        if (!part || GEOSGetNumCoordinates_r(geom::geos(), part.get()) >= n) {
            c.emit(std::move(g), depth > 0, strip);
            return;
        }
    }
    // The clipper works on the piece as it is, and a piece it cut before can be slightly invalid; cut again,
    // such a piece can come back as more than it was (a ring turned inside out covers its surroundings).
    // The two halves must hold the piece's area and no more: otherwise the piece is kept whole.
    double whole = 0, halves = 0;
    GEOSArea_r(geom::geos(), g.get(), &whole);
    for (auto& part : parts) {
        double a = 0;
        GEOSArea_r(geom::geos(), part.get(), &a);
        halves += a;
    }
    if (halves > whole * (1 + 1e-9) + 1e-18) {
        c.emit(std::move(g), depth > 0, strip);
        return;
    }
    if (split_x) {
        const double mid = (e.min_x + e.max_x) / 2;
        subdivide_part(std::move(parts[0]), depth + 1, c, {strip.min_x, mid});
        subdivide_part(std::move(parts[1]), depth + 1, c, {mid, strip.max_x});
    } else {
        for (auto& part : parts) subdivide_part(std::move(part), depth + 1, c, strip);
    }
}

}  // namespace

namespace {

// Valid, and of the dimension it should have (the clipper can leave bits of boundary with a polygon).
bool piece_ok(const GEOSGeometry* g, bool polygonal) {
    if (polygonal) {
        const int t = GEOSGeomTypeId_r(geom::geos(), g);
        if (t != GEOS_POLYGON && t != GEOS_MULTIPOLYGON) return false;
    }
    return geom::is_valid(g) == 1;
}

// A piece that is not piece_ok: repaired when invalid, then kept to its polygons (null when none are left).
geom::GeomPtr fix_piece(geom::GeomPtr g, bool polygonal) {
    if (geom::is_valid(g.get()) != 1) {
        geom::RepairOutcome fixed = geom::make_valid(std::move(g));
        if (!fixed.geom) return nullptr;
        g = std::move(fixed.geom);
    }
    if (polygonal) g = geom::polygonal_part(g.get());
    if (!g || GEOSisEmpty_r(geom::geos(), g.get())) return nullptr;
    return g;
}

// Every cut piece checked as valid_piece() would on first use: repaired where it needs it, dropped where nothing
// is left, and marked as not cut.
void check_cut_pieces(const load::Layer& layer, std::vector<load::CachedPiece>& pieces) {
    tbb::parallel_for(std::size_t{0}, pieces.size(), [&](std::size_t k) {
        load::CachedPiece& p = pieces[k];
        if (!p.cut) return;
        const bool polygonal = geom::is_polygonal(layer.features[p.feature].geom.get());
        if (!piece_ok(p.geom.get(), polygonal)) p.geom = fix_piece(std::move(p.geom), polygonal);
        p.cut = false;
    });
    std::erase_if(pieces, [](const load::CachedPiece& p) { return !p.geom && p.part < 0; });
}

bool is_collection(const GEOSGeometry* g) {
    const int t = GEOSGeomTypeId_r(geom::geos(), g);
    return t == GEOS_MULTIPOLYGON || t == GEOS_MULTILINESTRING || t == GEOS_MULTIPOINT || t == GEOS_GEOMETRYCOLLECTION;
}

// Part `part` of a feature's geometry, as LayerIndex keeps an uncut piece: the geometry itself (part 0) when it
// is not a collection. Null when it has no such part, or the part is a collection.
const GEOSGeometry* part_of(const GEOSGeometry* g, int part) {
    if (!g || part < 0) return nullptr;
    if (!is_collection(g)) return part == 0 ? g : nullptr;
    if (part >= GEOSGetNumGeometries_r(geom::geos(), g)) return nullptr;
    const GEOSGeometry* p = GEOSGetGeometryN_r(geom::geos(), g, part);
    return p && !is_collection(p) ? p : nullptr;
}

}  // namespace

geom::GeomPtr checked_piece(geom::GeomPtr g, bool polygonal) {
    if (!g || piece_ok(g.get(), polygonal)) return g;
    return fix_piece(std::move(g), polygonal);
}

namespace {

void subdivide_into(const GEOSGeometry* g, Cutter& c) {
    const int t = GEOSGeomTypeId_r(geom::geos(), g);
    if (t == GEOS_MULTIPOLYGON || t == GEOS_MULTILINESTRING || t == GEOS_MULTIPOINT || t == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(geom::geos(), g);
        for (int i = 0; i < n; ++i) subdivide_into(GEOSGetGeometryN_r(geom::geos(), g, i), c);
        return;
    }
    c.polygonal = geom::is_polygonal(g);
    subdivide_part(geom::clone(g), 0, c, Strip{});
}

}  // namespace

void subdivide(const GEOSGeometry* g, int max_vertices, std::vector<geom::GeomPtr>& out, bool meridian_only,
               bool check_pieces, std::vector<bool>* cut, std::vector<Strip>* strips) {
    if (strips && !meridian_only) throw std::logic_error("subdivide: strips are only known for cuts along meridians");
    Cutter c{max_vertices, false, meridian_only, check_pieces, out, cut, strips};
    subdivide_into(g, c);
}

LayerIndex::LayerIndex(const load::LayerSet& set, int max_vertices, bool meridian_cuts_only, const load::LayerCache* cache)
    : m_set(&set), m_layers(set.layers.size()) {
    const std::size_t n = set.layers.size();
    const std::string variant = std::to_string(max_vertices) + (meridian_cuts_only ? "m" : "c");
    std::vector<std::vector<load::CachedPiece>> pieces(n);
    std::vector<bool> from_cache(n, false);
    if (cache) {
        tbb::parallel_for(std::size_t{0}, n, [&](std::size_t l) {
            const load::Layer& layer = set.layers[l];
            if (layer.cache_key.empty()) return;
            auto hit = cache->read_pieces(layer.cache_key, variant);
            if (!hit) return;
            const bool fits = std::all_of(hit->begin(), hit->end(), [&](const load::CachedPiece& p) {
                return p.feature < layer.features.size();
            });
            if (!fits) return;
            pieces[l] = std::move(*hit);
            from_cache[l] = true;
        });
    }
    // Cut every feature of every other layer in one parallel loop (one large layer would otherwise keep a
    // core idle). A polygon (or line) of few enough vertices is its own piece, kept as the feature's part.
    std::vector<std::pair<std::size_t, std::size_t>> work;
    for (std::size_t l = 0; l < n; ++l) {
        if (from_cache[l]) continue;
        for (std::size_t i = 0; i < set.layers[l].features.size(); ++i) work.emplace_back(l, i);
    }
    // The largest features first, each a task of its own: TBB's default partitioner hands a thread a run of
    // neighbouring features to cut in one go, and a run of large ones left the other core idle for most of the
    // loop (0.77 s busy against 0.14 s on the province). The pieces keep the features' order.
    std::vector<std::pair<int, std::size_t>> by_size(work.size());  // (vertices, work item)
    for (std::size_t k = 0; k < work.size(); ++k) {
        const GEOSGeometry* g = set.layers[work[k].first].features[work[k].second].geom.get();
        by_size[k] = {g ? GEOSGetNumCoordinates_r(geom::geos(), g) : 0, k};
    }
    std::stable_sort(by_size.begin(), by_size.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::vector<load::CachedPiece>> parts(work.size());
    auto cut_feature = [&](std::size_t k) {
        const GEOSGeometry* g = set.layers[work[k].first].features[work[k].second].geom.get();
        const bool collection = is_collection(g);
        const int n_parts = collection ? GEOSGetNumGeometries_r(geom::geos(), g) : 1;
        for (int j = 0; j < n_parts; ++j) {
            const GEOSGeometry* part = collection ? GEOSGetGeometryN_r(geom::geos(), g, j) : g;
            if (GEOSisEmpty_r(geom::geos(), part)) continue;
            if (!is_collection(part) && GEOSGetNumCoordinates_r(geom::geos(), part) <= max_vertices) {
                parts[k].push_back({work[k].second, nullptr, j, false});
                continue;
            }
            std::vector<geom::GeomPtr> cut_parts;
            std::vector<bool> cut;
            subdivide(part, max_vertices, cut_parts, meridian_cuts_only, /*check_pieces=*/false, &cut);
            for (std::size_t c = 0; c < cut_parts.size(); ++c) {
                geom::envelope(cut_parts[c].get());
                parts[k].push_back({work[k].second, std::move(cut_parts[c]), -1, cut[c]});
            }
        }
    };
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, work.size(), 1),
        [&](const tbb::blocked_range<std::size_t>& range) {
            for (std::size_t r = range.begin(); r != range.end(); ++r) cut_feature(by_size[r].second);
        },
        tbb::simple_partitioner());
    for (std::size_t k = 0; k < work.size(); ++k)
        for (auto& p : parts[k]) pieces[work[k].first].push_back(std::move(p));
    std::vector<char> usable(n, 1);
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t l) {
        const load::Layer& layer = set.layers[l];
        if (cache && !from_cache[l] && !layer.cache_key.empty()) {
            // Cut pieces are checked (and repaired) before they are kept, so that runs from the cache need not
            // check them again on first use (GEOS's validity test is a tenth of a cached run otherwise); pieces
            // for area shares are kept with their areas, which those runs would otherwise measure again.
            check_cut_pieces(layer, pieces[l]);
            if (meridian_cuts_only) {
                tbb::parallel_for(std::size_t{0}, pieces[l].size(), [&](std::size_t k) {
                    load::CachedPiece& p = pieces[l][k];
                    const GEOSGeometry* g = p.geom ? p.geom.get() : part_of(layer.features[p.feature].geom.get(), p.part);
                    if (geom::is_polygonal(g)) p.area_m2 = geom::geodesic_area_m2(g, set.ellipsoid);
                });
            }
            std::vector<load::PieceView> views;
            views.reserve(pieces[l].size());
            for (const auto& p : pieces[l]) views.push_back({p.feature, p.geom.get(), p.part, p.cut, p.area_m2});
            cache->write_pieces(layer.cache_key, variant, views);
        }
        IndexedLayer& il = m_layers[l];
        il.layer = &layer;
        std::vector<Entry> entries;
        for (auto& p : pieces[l]) {
            Piece piece;
            piece.feature = p.feature;
            piece.cut = p.cut;
            piece.area_m2 = p.area_m2;
            if (p.geom) {
                piece.owned = std::move(p.geom);
                piece.geom = piece.owned.get();
            } else {
                piece.geom = part_of(layer.features[p.feature].geom.get(), p.part);
            }
            if (!piece.geom) {  // a cached piece naming a part its feature does not have: the entry is damaged
                usable[l] = 0;
                break;
            }
            piece.envelope = geom::envelope(piece.geom);
            if (piece.envelope.empty) continue;
            const auto& e = piece.envelope;
            entries.emplace_back(Box(Point(e.min_x, e.min_y), Point(e.max_x, e.max_y)), il.pieces.size());
            il.pieces.push_back(std::move(piece));
        }
        il.tree = Tree(entries.begin(), entries.end());  // packing construction
        il.checks.reset(new PieceCheck[il.pieces.size()]);
    });
    if (std::find(usable.begin(), usable.end(), 0) != usable.end()) {
        // Only a damaged cache entry gets here (its checksum matched, yet it names parts that are not there):
        // the index is made again without the cache.
        *this = LayerIndex(set, max_vertices, meridian_cuts_only, nullptr);
    }
}

const GEOSGeometry* LayerIndex::valid_piece(std::size_t layer, std::size_t piece) const {
    const IndexedLayer& il = m_layers[layer];
    const Piece& p = il.pieces[piece];
    if (!p.cut) return p.geom;
    PieceCheck& c = il.checks[piece];
    std::call_once(c.once, [&] {
        const bool polygonal = geom::is_polygonal(il.layer->features[p.feature].geom.get());
        if (piece_ok(p.geom, polygonal)) return;
        c.repaired = fix_piece(geom::clone(p.geom), polygonal);
        c.empty = !c.repaired;
    });
    if (c.empty) return nullptr;
    return c.repaired ? c.repaired.get() : p.geom;
}

double LayerIndex::piece_area_m2(std::size_t layer, std::size_t piece) const {
    const Piece& p = m_layers[layer].pieces[piece];
    if (!std::isnan(p.area_m2)) return p.area_m2;
    PieceCheck& c = m_layers[layer].checks[piece];
    std::call_once(c.measured, [&] {
        const GEOSGeometry* g = valid_piece(layer, piece);
        c.area_m2 = g ? geom::geodesic_area_m2(g, m_set->ellipsoid) : 0.0;
    });
    return c.area_m2;
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
