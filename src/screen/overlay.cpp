#include "screen/overlay.hpp"

#include <cmath>

namespace ecozone::screen {

namespace {

constexpr double pi = 3.14159265358979323846;
// Shapes drawn against each other (a parcel cut along the red line) meet with floating-point
// slivers; below these sizes they touch rather than overlap.
constexpr double k_min_overlap_m2 = 0.01;
constexpr double k_min_overlap_len_m = 0.001;

// A local metric frame around (lon0, lat0): x = Δλ·N·cosφ0, y = Δφ·M (metres). Within a few
// kilometres it is conformal to better than 0.05 %, so the nearest pair found in it is the true
// nearest pair; the distance itself is then measured on the ellipsoid.
struct LocalFrame {
    double lon0 = 0, lat0 = 0, kx = 1, ky = 1;

    LocalFrame(double lon, double lat, const geom::Ellipsoid& e) : lon0(lon), lat0(lat) {
        const double f = e.flattening(), a = e.semi_major();
        const double e2 = f * (2 - f);
        const double s = std::sin(lat * pi / 180);
        const double w = std::sqrt(1 - e2 * s * s);
        const double n = a / w;
        const double m = a * (1 - e2) / (w * w * w);
        kx = n * std::cos(lat * pi / 180) * pi / 180;
        ky = m * pi / 180;
    }

    static int forward(double* x, double* y, void* self) {
        const auto* f = static_cast<const LocalFrame*>(self);
        *x = (*x - f->lon0) * f->kx;
        *y = (*y - f->lat0) * f->ky;
        return 1;
    }

    geom::GeomPtr to_local(const GEOSGeometry* g) const {
        return geom::checked(GEOSGeom_transformXY_r(geom::geos(), g, forward, const_cast<LocalFrame*>(this)),
                             "local transform");
    }
    void to_lonlat(double x, double y, double& lon, double& lat) const {
        lon = lon0 + x / kx;
        lat = lat0 + y / ky;
    }
};

// The box, in degrees, holding everything within `m` metres of envelope `e`.
geom::Envelope search_box(const geom::Envelope& e, double m) {
    const double dlat = m / 110'574.0 * 1.01;
    const double lat_far = std::min(89.0, std::max(std::fabs(e.min_y - dlat), std::fabs(e.max_y + dlat)));
    const double dlon = m / (111'320.0 * std::cos(lat_far * pi / 180)) * 1.01;
    geom::Envelope b = e;
    b.min_x -= dlon;
    b.max_x += dlon;
    b.min_y -= dlat;
    b.max_y += dlat;
    return b;
}

std::optional<double> distance_in_frame(const GEOSGeometry* a_local, const GEOSGeometry* b, const LocalFrame& frame,
                                        const geom::Envelope& box, const geom::Ellipsoid& e, double search_m) {
    geom::GeomPtr clipped(GEOSClipByRect_r(geom::geos(), b, box.min_x, box.min_y, box.max_x, box.max_y));
    if (!clipped || GEOSisEmpty_r(geom::geos(), clipped.get())) return std::nullopt;
    geom::GeomPtr b_local = frame.to_local(clipped.get());
    GEOSCoordSequence* pair = GEOSNearestPoints_r(geom::geos(), a_local, b_local.get());
    if (!pair) return std::nullopt;
    double ax = 0, ay = 0, bx = 0, by = 0;
    GEOSCoordSeq_getXY_r(geom::geos(), pair, 0, &ax, &ay);
    GEOSCoordSeq_getXY_r(geom::geos(), pair, 1, &bx, &by);
    GEOSCoordSeq_destroy_r(geom::geos(), pair);
    double lon1 = 0, lat1 = 0, lon2 = 0, lat2 = 0;
    frame.to_lonlat(ax, ay, lon1, lat1);
    frame.to_lonlat(bx, by, lon2, lat2);
    const double d = e.distance_m(lon1, lat1, lon2, lat2);
    if (d > search_m) return std::nullopt;
    return d;
}

// Interiors meet: touching along an edge or at a corner is not an overlap.
bool interiors_intersect(const GEOSGeometry* a, const GEOSGeometry* b) {
    return GEOSRelatePattern_r(geom::geos(), a, b, "T********") == 1;
}

}  // namespace

std::optional<double> geodesic_distance_m(const GEOSGeometry* a, const GEOSGeometry* b, const geom::Ellipsoid& e,
                                          double search_m) {
    if (GEOSIntersects_r(geom::geos(), a, b) == 1) return 0.0;
    const geom::Envelope env = geom::envelope(a);
    const LocalFrame frame((env.min_x + env.max_x) / 2, (env.min_y + env.max_y) / 2, e);
    geom::GeomPtr a_local = frame.to_local(a);
    return distance_in_frame(a_local.get(), b, frame, search_box(env, search_m), e, search_m);
}

SiteOverlay overlay_site(const load::Site& site, const index::LayerIndex& index, index::PreparedCache& prepared,
                         const geom::Ellipsoid& e, const OverlayOptions& options) {
    SiteOverlay out;
    out.nearest.resize(index.size());
    out.nearest_by_zone.resize(index.size());
    out.layer_overlap_m2.assign(index.size(), 0);
    out.layer_overlap_len_m.assign(index.size(), 0);

    const GEOSGeometry* fp = site.footprint.get();
    const geom::Envelope env = geom::envelope(fp);
    const geom::Envelope box = search_box(env, options.search_m);
    const LocalFrame frame((env.min_x + env.max_x) / 2, (env.min_y + env.max_y) / 2, e);
    const geom::GeomPtr fp_local = frame.to_local(fp);
    const bool polygon = geom::is_polygonal(fp);
    const bool line = geom::is_lineal(fp);

    std::vector<std::size_t> candidates;
    for (std::size_t l = 0; l < index.size(); ++l) {
        const load::Layer& layer = *index[l].layer;
        index.query(l, box, candidates);
        std::vector<geom::GeomPtr> pieces;
        for (std::size_t fi : candidates) {
            const load::Feature& feature = layer.features[fi];
            const GEOSPreparedGeometry* prep = prepared.get(l, fi);
            double distance = 0;
            if (GEOSPreparedIntersects_r(geom::geos(), prep, fp) == 1) {
                Overlap ov;
                ov.layer = l;
                ov.feature = fi;
                bool overlaps = false;
                if (polygon || line) {
                    geom::GeomPtr inter(GEOSIntersection_r(geom::geos(), fp, feature.geom.get()));
                    if (!inter) {
                        throw std::runtime_error("GEOS could not intersect site " + site.id + " with " + layer.spec.id +
                                                 " feature " + feature.code + ": " + geom::take_geos_error());
                    }
                    if (polygon) {
                        geom::GeomPtr area_part = geom::polygonal_part(inter.get());
                        ov.overlap_m2 = area_part ? geom::geodesic_area_m2(area_part.get(), e) : 0;
                        overlaps = ov.overlap_m2 >= k_min_overlap_m2;
                        if (!overlaps && !geom::is_polygonal(feature.geom.get())) {
                            // Lines and points of a layer inside a parcel.
                            overlaps = interiors_intersect(fp, feature.geom.get()) ||
                                       GEOSContains_r(geom::geos(), fp, feature.geom.get()) == 1;
                            ov.overlap_len_m = geom::geodesic_length_m(inter.get(), e);
                        }
                        ov.overlap_ratio = site.area_m2 > 0 ? ov.overlap_m2 / site.area_m2 : 0;
                        if (overlaps && area_part) inter = std::move(area_part);
                    } else {
                        ov.overlap_len_m = geom::geodesic_length_m(inter.get(), e);
                        overlaps = ov.overlap_len_m >= k_min_overlap_len_m && interiors_intersect(fp, feature.geom.get());
                        ov.overlap_ratio = site.length_m > 0 ? ov.overlap_len_m / site.length_m : 0;
                    }
                    if (overlaps && options.keep_pieces) ov.piece = std::move(inter);
                } else {
                    // A bare point overlaps what it lies strictly inside.
                    overlaps = GEOSPreparedContainsProperly_r(geom::geos(), prep, fp) == 1 ||
                               (!geom::is_polygonal(feature.geom.get()) && interiors_intersect(fp, feature.geom.get()));
                    ov.overlap_ratio = overlaps ? 1.0 : 0.0;
                    if (overlaps && options.keep_pieces) ov.piece = geom::clone(fp);
                }
                if (overlaps) {
                    out.layer_overlap_m2[l] += ov.overlap_m2;
                    out.layer_overlap_len_m[l] += ov.overlap_len_m;
                    if (ov.piece && candidates.size() > 1) pieces.push_back(geom::clone(ov.piece.get()));
                    out.overlaps.push_back(std::move(ov));
                }
            } else {
                auto d = distance_in_frame(fp_local.get(), feature.geom.get(), frame, box, e, options.search_m);
                if (!d) continue;
                distance = *d;
            }
            auto& nearest = out.nearest[l];
            if (!nearest || distance < nearest->distance_m) nearest = Nearest{distance, fi};
            auto [it, inserted] = out.nearest_by_zone[l].try_emplace(feature.zone, Nearest{distance, fi});
            if (!inserted && distance < it->second.distance_m) it->second = Nearest{distance, fi};
        }
        // Overlapping features of one layer: count the shared part once.
        if (pieces.size() > 1) {
            geom::GeomPtr u = geom::union_all(std::move(pieces));
            if (polygon) out.layer_overlap_m2[l] = geom::geodesic_area_m2(u.get(), e);
            if (line) out.layer_overlap_len_m[l] = geom::geodesic_length_m(u.get(), e);
        }
    }
    return out;
}

}  // namespace ecozone::screen
