#include "screen/overlay.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <map>

#include "core/scratch.hpp"
#include "geom/local_frame.hpp"
#include "geom/nearest.hpp"
#include "geom/touching.hpp"

namespace ecozone::screen {

namespace {

using geom::LocalFrame;
using geom::search_box;

using std::numbers::pi;
// Shapes drawn against each other (a parcel cut along the red line) meet with floating-point
// slivers; below these sizes they touch rather than overlap.
constexpr double k_min_overlap_m2 = 0.01;
constexpr double k_min_overlap_len_m = 0.001;

// Geodesic distance between the nearest points of the site and `other`, found in the site's frame; nullopt
// when they are at least `bound_m` apart.
std::optional<double> nearest_distance(const geom::NearestFinder& site, const geom::Paths& other, const LocalFrame& frame,
                                       const geom::Ellipsoid& e, double bound_m) {
    // The frame's metres are within a few per cent of the ellipsoid's even 200 km out: a generous margin.
    const auto pair = site.nearest(other, bound_m * 1.1 + 1);
    if (!pair) return std::nullopt;
    double lon1 = 0, lat1 = 0, lon2 = 0, lat2 = 0;
    frame.to_lonlat(pair->ax, pair->ay, lon1, lat1);
    frame.to_lonlat(pair->bx, pair->by, lon2, lat2);
    return e.distance_m(lon1, lat1, lon2, lat2);
}

// Interiors meet: touching along an edge or at a corner is not an overlap.
bool interiors_intersect(const GEOSGeometry* a, const GEOSGeometry* b) {
    return GEOSRelatePattern_r(geom::geos(), a, b, "T********") == 1;
}

// Interiors of two polygonal pieces meet: decided from their edges where that can be done exactly, else by
// GEOS's relate.
bool pieces_share_interior(const GEOSGeometry* a, const GEOSGeometry* b) {
    switch (geom::relate_polygons(a, b)) {
        case geom::PolygonRelation::disjoint: return false;
        case geom::PolygonRelation::first_within:
        case geom::PolygonRelation::second_within: return true;  // pieces have an area
        case geom::PolygonRelation::undecided: break;
    }
    return interiors_intersect(a, b);
}

// A route's interior meets a polygonal piece's, given their intersection `inter`: shown at once where the
// middle of one of its first segments lies strictly inside the piece, else by GEOS's relate (a route along
// the piece's edge only touches it).
bool runs_inside(const GEOSGeometry* inter, const GEOSGeometry* route, const GEOSGeometry* piece) {
    constexpr std::size_t k_tried = 8;
    thread_local std::vector<std::array<double, 2>> middles;
    middles.clear();
    const int parts = GEOSGetNumGeometries_r(geom::geos(), inter);
    for (int p = 0; p < parts && middles.size() < k_tried; ++p) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(geom::geos(), inter, p);
        if (GEOSGeomTypeId_r(geom::geos(), part) != GEOS_LINESTRING) continue;
        const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geom::geos(), part);
        unsigned n = 0;
        if (!seq || !GEOSCoordSeq_getSize_r(geom::geos(), seq, &n)) continue;
        double x0 = 0, y0 = 0;
        for (unsigned i = 0; i < n && middles.size() < k_tried; ++i) {
            double x = 0, y = 0;
            GEOSCoordSeq_getXY_r(geom::geos(), seq, i, &x, &y);
            if (i > 0) middles.push_back({(x0 + x) / 2, (y0 + y) / 2});
            x0 = x;
            y0 = y;
        }
    }
    return geom::any_in_interior(middles, piece) || interiors_intersect(route, piece);
}

// A bare point lies strictly inside a polygonal geometry.
bool point_inside(const GEOSGeometry* point, const GEOSGeometry* polygon) {
    double x = 0, y = 0;
    if (GEOSGeomTypeId_r(geom::geos(), point) == GEOS_POINT && GEOSGeomGetX_r(geom::geos(), point, &x) == 1 &&
        GEOSGeomGetY_r(geom::geos(), point, &y) == 1) {
        if (const std::optional<bool> inside = geom::in_interior(x, y, polygon)) return *inside;
    }
    return interiors_intersect(point, polygon);
}

}  // namespace

namespace {

// A lower bound of the distance in metres between two lon/lat boxes, for pruning.
double box_gap_m(const geom::Envelope& a, const geom::Envelope& b, double m_per_deg_lon_min) {
    const double gx = std::max({0.0, b.min_x - a.max_x, a.min_x - b.max_x});
    const double gy = std::max({0.0, b.min_y - a.max_y, a.min_y - b.max_y});
    const double dx = gx * m_per_deg_lon_min, dy = gy * 110'574.0;
    return 0.995 * std::sqrt(dx * dx + dy * dy);
}

bool boxes_intersect(const geom::Envelope& a, const geom::Envelope& b) {
    return a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y && b.min_y <= a.max_y;
}

struct FeatureOverlap {
    double area_m2 = 0;
    double len_m = 0;
    bool inside = false;  // a bare point strictly inside
    bool whole = false;   // a piece of the feature holds the whole parcel
    std::vector<geom::GeomPtr> pieces;
};

// Features (of `kept`) in groups whose overlap pieces share interior with each other's: a group of one
// shares nothing. Pieces of one feature never overlap (cut pieces of one feature do not).
std::vector<std::vector<std::size_t>> overlapping_groups(const std::vector<std::size_t>& kept,
                                                         const std::map<std::size_t, FeatureOverlap>& touched) {
    const std::size_t n = kept.size();
    std::vector<std::size_t> parent(n);
    for (std::size_t i = 0; i < n; ++i) parent[i] = i;
    auto root = [&](std::size_t i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    };
    std::vector<std::vector<geom::Envelope>> envelopes(n);
    for (std::size_t i = 0; i < n; ++i)
        for (const auto& p : touched.at(kept[i]).pieces) envelopes[i].push_back(geom::envelope(p.get()));
    for (std::size_t i = 0; i < n; ++i) {
        const auto& pi_ = touched.at(kept[i]).pieces;
        for (std::size_t j = i + 1; j < n; ++j) {
            if (root(i) == root(j)) continue;
            const auto& pj = touched.at(kept[j]).pieces;
            bool shared = false;
            for (std::size_t a = 0; a < pi_.size() && !shared; ++a)
                for (std::size_t b = 0; b < pj.size() && !shared; ++b)
                    shared = boxes_intersect(envelopes[i][a], envelopes[j][b]) &&
                             pieces_share_interior(pi_[a].get(), pj[b].get());
            if (shared) parent[root(i)] = root(j);
        }
    }
    std::map<std::size_t, std::vector<std::size_t>> by_root;
    for (std::size_t i = 0; i < n; ++i) by_root[root(i)].push_back(kept[i]);
    std::vector<std::vector<std::size_t>> groups;
    for (auto& [r, g] : by_root) groups.push_back(std::move(g));
    return groups;
}

}  // namespace

SiteOverlay overlay_site(const load::Site& site, const GEOSGeometry* fp, const index::LayerIndex& index,
                         const geom::Ellipsoid& e, const OverlayOptions& options) {
    SiteOverlay out;
    out.nearest.resize(index.size());
    out.nearest_by_zone.resize(index.size());
    out.layer_overlap_m2.assign(index.size(), 0);
    out.layer_overlap_len_m.assign(index.size(), 0);

    const geom::PreparedPtr prepared(GEOSPrepare_r(geom::geos(), fp));
    const geom::Envelope env = geom::envelope(fp);
    const geom::Envelope box = search_box(env, options.search_m);
    const LocalFrame frame((env.min_x + env.max_x) / 2, (env.min_y + env.max_y) / 2, e);
    // The site's segments in its frame, made on first use, for nearest-point queries.
    geom::Paths fp_paths;
    std::optional<geom::NearestFinder> fp_nearest;
    thread_local geom::Paths piece_paths;  // one piece at a time
    constexpr std::size_t k_kept_vertices = 4096;
    const bool polygon = geom::is_polygonal(fp);
    std::optional<double> fp_area;  // geodesic, measured when first needed
    const bool line = geom::is_lineal(fp);
    const double lat_far = std::max(std::fabs(box.min_y), std::fabs(box.max_y));
    const double m_per_deg_lon_min = 111'320.0 * std::cos(std::min(89.0, lat_far) * pi / 180);

    std::vector<std::size_t> candidates;
    std::vector<std::pair<double, std::size_t>> far;  // (lower bound, piece) of pieces not touching the site
    std::map<std::size_t, FeatureOverlap> touched;
    for (std::size_t l = 0; l < index.size(); ++l) {
        const index::IndexedLayer& il = index[l];
        const load::Layer& layer = *il.layer;
        index.query(l, box, candidates);
        const bool per_zone = l < options.nearest_per_zone.size() && options.nearest_per_zone[l];
        far.clear();
        touched.clear();
        auto record = [&](std::size_t feature, double distance) {
            auto& nearest = out.nearest[l];
            if (!nearest || distance < nearest->distance_m) nearest = Nearest{distance, feature};
            auto [it, inserted] = out.nearest_by_zone[l].try_emplace(layer.features[feature].zone, Nearest{distance, feature});
            if (!inserted && distance < it->second.distance_m) it->second = Nearest{distance, feature};
        };
        for (std::size_t pi_ : candidates) {
            const index::Piece& piece = il.pieces[pi_];
            if (!boxes_intersect(piece.envelope, env) || GEOSPreparedIntersects_r(geom::geos(), prepared.get(), piece.geom) != 1) {
                const double gap = box_gap_m(env, piece.envelope, m_per_deg_lon_min);
                if (gap <= options.search_m) far.emplace_back(gap, pi_);
                continue;
            }
            // Overlay operations need the piece valid (checked on first use); the tests above did not.
            const GEOSGeometry* piece_geom = index.valid_piece(l, pi_);
            if (!piece_geom) continue;
            FeatureOverlap& acc = touched[piece.feature];
            const GEOSGeometry* feature_geom = layer.features[piece.feature].geom.get();
            const bool feature_polygonal = geom::is_polygonal(piece_geom);
            if (polygon || line) {
                // Where the edges tell exactly that the parcel lies within the piece, or the piece within
                // the parcel, or that they only touch, no overlay is needed.
                if (polygon && feature_polygonal) {
                    const geom::PolygonRelation rel = geom::relate_polygons(fp, piece_geom);
                    if (rel == geom::PolygonRelation::disjoint) {
                        record(piece.feature, 0.0);
                        continue;
                    }
                    if (rel != geom::PolygonRelation::undecided) {
                        const bool site_within = rel == geom::PolygonRelation::first_within;
                        if (site_within && !fp_area) fp_area = geom::geodesic_area_m2(fp, e);
                        acc.area_m2 += site_within ? *fp_area : geom::geodesic_area_m2(piece_geom, e);
                        acc.whole = acc.whole || site_within;
                        acc.pieces.push_back(geom::clone(site_within ? fp : piece_geom));
                        record(piece.feature, 0.0);
                        continue;
                    }
                }
                // The pieces are kept whether or not they are written: overlaps counted once need them.
                geom::GeomPtr inter(GEOSIntersection_r(geom::geos(), fp, piece_geom));
                if (!inter) {
                    throw geom::GeosError("GEOS could not intersect it with layer '" + layer.spec.id + "'" +
                                             " feature " + layer.features[piece.feature].code + ": " +
                                             geom::take_geos_error());
                }
                if (polygon && feature_polygonal) {
                    geom::GeomPtr area_part = geom::polygonal_part(inter.get());
                    if (area_part) {
                        acc.area_m2 += geom::geodesic_area_m2(area_part.get(), e);
                        acc.pieces.push_back(std::move(area_part));
                    }
                } else {
                    // Routes through anything, and parcels over lines or points of a layer.
                    const double len = geom::geodesic_length_m(inter.get(), e);
                    if (len > 0 && (line && feature_polygonal ? runs_inside(inter.get(), fp, piece_geom)
                                                              : interiors_intersect(fp, piece_geom))) {
                        acc.len_m += len;
                        acc.pieces.push_back(std::move(inter));
                    } else if (polygon && GEOSContains_r(geom::geos(), fp, piece_geom) == 1) {
                        acc.inside = true;
                        if (options.keep_pieces) acc.pieces.push_back(std::move(inter));
                    }
                }
            } else {
                // A bare point overlaps what it lies strictly inside; on a cut between two pieces,
                // ask the whole feature.
                const bool inside = feature_polygonal ? point_inside(fp, piece_geom) || point_inside(fp, feature_geom)
                                                      : interiors_intersect(fp, piece_geom);
                if (inside && !acc.inside) {
                    acc.inside = true;
                    if (options.keep_pieces) acc.pieces.push_back(geom::clone(fp));
                }
            }
            record(piece.feature, 0.0);
        }
        // Overlaps per feature, from its pieces.
        std::vector<std::size_t> kept;  // features that overlap, in order
        for (auto& [feature, acc] : touched) {
            const bool overlaps = (polygon && acc.area_m2 >= k_min_overlap_m2) || acc.len_m >= k_min_overlap_len_m || acc.inside;
            if (overlaps) kept.push_back(feature);
        }
        // Overlapping features of one layer: the shared part counted once. Only features whose overlap
        // pieces share interior with another's need a union; the others add their own measure.
        // Where one feature holds the whole parcel, the union of every overlap is the parcel: nothing to relate.
        const bool whole = polygon && std::any_of(kept.begin(), kept.end(), [&](std::size_t f) { return touched.at(f).whole; });
        if (whole && kept.size() > 1) {
            out.layer_overlap_m2[l] = *fp_area;
        } else if ((polygon || line) && kept.size() > 1) {
            // A route's pieces are all unioned: it may run over itself, and its length is counted once too.
            const std::vector<std::vector<std::size_t>> groups =
                polygon ? overlapping_groups(kept, touched) : std::vector<std::vector<std::size_t>>{kept};
            double total = 0;
            for (const auto& group : groups) {
                if (group.size() == 1) {
                    const FeatureOverlap& acc = touched.at(group[0]);
                    total += polygon ? acc.area_m2 : acc.len_m;
                    continue;
                }
                std::vector<geom::GeomPtr> parts;
                for (std::size_t f : group)
                    for (const auto& p : touched.at(f).pieces) parts.push_back(geom::clone(p.get()));
                const geom::GeomPtr u = geom::union_all(std::move(parts));
                total += polygon ? geom::geodesic_area_m2(u.get(), e) : geom::geodesic_length_m(u.get(), e);
            }
            if (polygon) out.layer_overlap_m2[l] = total;
            if (line) out.layer_overlap_len_m[l] = total;
        }
        for (std::size_t feature : kept) {
            FeatureOverlap& acc = touched.at(feature);
            Overlap ov;
            ov.layer = l;
            ov.feature = feature;
            ov.overlap_m2 = polygon ? acc.area_m2 : 0;
            ov.overlap_len_m = acc.len_m;
            ov.overlap_ratio = polygon ? (site.area_m2 > 0 ? acc.area_m2 / site.area_m2 : 0)
                               : line  ? (site.length_m > 0 ? acc.len_m / site.length_m : 0)
                                       : 1.0;
            if (!polygon && !line) ov.overlap_ratio = acc.inside ? 1.0 : 0.0;
            if (options.keep_pieces && !acc.pieces.empty()) {
                ov.piece = acc.pieces.size() == 1 ? std::move(acc.pieces[0]) : geom::union_all(std::move(acc.pieces));
            }
            if (kept.size() == 1 || !(polygon || line)) {
                out.layer_overlap_m2[l] += ov.overlap_m2;
                out.layer_overlap_len_m[l] += ov.overlap_len_m;
            }
            out.overlaps.push_back(std::move(ov));
        }
        // Distances: nearest first by a lower bound, exact geodesic only where it can still win.
        std::sort(far.begin(), far.end());
        for (const auto& [gap, pi_] : far) {
            const index::Piece& piece = il.pieces[pi_];
            double bound = options.search_m;
            if (per_zone) {
                const auto& zone_best = out.nearest_by_zone[l];
                auto it = zone_best.find(layer.features[piece.feature].zone);
                if (it != zone_best.end()) bound = it->second.distance_m;
            } else if (out.nearest[l]) {
                bound = out.nearest[l]->distance_m;
            }
            if (gap > bound) {
                if (!per_zone) break;  // sorted by the bound: nothing farther can win
                continue;
            }
            if (!fp_nearest) {
                geom::append_paths(fp, frame, fp_paths);
                fp_nearest.emplace(fp_paths);
            }
            trim_scratch(2 * k_kept_vertices, piece_paths.xy);
            trim_scratch(k_kept_vertices, piece_paths.ends);
            geom::append_paths(piece.geom, frame, piece_paths);
            const auto d_opt = nearest_distance(*fp_nearest, piece_paths, frame, e, bound);
            if (!d_opt) continue;
            const double d = *d_opt;
            if (d <= options.search_m) record(piece.feature, d);
        }
    }
    return out;
}

}  // namespace ecozone::screen
