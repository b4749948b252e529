#include "stats/stats.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include <tbb/parallel_for.h>

#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/suggest.hpp"
#include "geom/geodesic.hpp"
#include "geom/overlap_area.hpp"
#include "geom/shared_area.hpp"
#include "geom/touching.hpp"
#include "geom/validity.hpp"
#include "index/layer_index.hpp"
#include "index/layer_overlaps.hpp"
#include "stats/indicators.hpp"
#include "stats/zonal.hpp"

namespace ecozone::stats {

namespace {

double pct(double part, double whole) { return whole > 0 ? 100.0 * part / whole : 0.0; }

bool shares_layer(const load::Layer& l) {
    for (const auto& f : l.features)
        if (geom::is_polygonal(f.geom.get())) return true;
    return false;
}

// The part of each polygonal layer inside the zone, overlaps counted once, per zone value too.
struct ZoneOverlay {
    std::vector<LayerShare> shares;
    geom::GeomPtr urban;                 // zone ∩ urban boundary
    geom::GeomPtr green_space;           // zone ∩ green-space polygons
    double urban_m2 = 0;                 // geodesic area of `urban`
    double green_space_in_urban_m2 = 0;  // of green_space ∩ urban
};

// The zone, ready for cutting shapes by it: prepared for containment tests, and in small pieces, so that the
// intersections along its boundary stay small. The pieces are cut along meridians: each is the zone inside
// a strip between two meridians.
class ZoneCutter {
public:
    explicit ZoneCutter(const GEOSGeometry* zone) : m_prepared(GEOSPrepare_r(geom::geos(), zone)) {
        index::subdivide(zone, 256, m_pieces, /*meridian_cuts_only=*/true, /*check_pieces=*/true, nullptr, &m_strips);
        for (const auto& z : m_pieces) m_env.push_back(geom::envelope(z.get()));
    }

    // The polygonal parts of g inside the zone. When the zone holds g whole, `inside` is set and `out` left
    // empty (g itself is the part); when they do not meet, `out` is empty too.
    void cut(const GEOSGeometry* g, const geom::Envelope& env, bool& inside, std::vector<geom::GeomPtr>& out) const {
        out.clear();
        inside = GEOSPreparedContainsProperly_r(geom::geos(), m_prepared.get(), g) == 1;
        if (inside || GEOSPreparedIntersects_r(geom::geos(), m_prepared.get(), g) != 1) return;
        thread_local std::vector<index::Strip> within;  // strips in which g is shown to lie in the zone
        within.clear();
        for (std::size_t k = 0; k < m_pieces.size(); ++k) {
            const auto& ze = m_env[k];
            if (ze.min_x > env.max_x || env.min_x > ze.max_x || ze.min_y > env.max_y || env.min_y > ze.max_y) continue;
            // Shapes that share the zone's boundary (units drawn inside a county, the neighbour county's on the
            // other side) mostly only touch a zone piece or lie in it: decided from the edges, without an overlay.
            switch (geom::relate_polygons(g, m_pieces[k].get())) {
                case geom::PolygonRelation::disjoint: continue;
                case geom::PolygonRelation::first_within:  // the zone's pieces do not overlap: g is in the zone
                    out.clear();
                    inside = true;
                    return;
                case geom::PolygonRelation::second_within: out.push_back(geom::clone(m_pieces[k].get())); continue;
                case geom::PolygonRelation::undecided: break;
            }
            // g reaches beyond the piece's strip: its own part in the strip is what the piece may hold. A shape
            // inside the zone that only crosses the meridians between pieces is then shown inside, strip by strip.
            geom::GeomPtr in_strip = strip_part(g, env, m_strips[k]);
            const GEOSGeometry* a = g;
            if (in_strip) {
                switch (geom::relate_polygons(in_strip.get(), m_pieces[k].get())) {
                    case geom::PolygonRelation::disjoint: continue;
                    case geom::PolygonRelation::first_within:
                        within.push_back(m_strips[k]);
                        out.push_back(std::move(in_strip));
                        continue;
                    case geom::PolygonRelation::second_within: out.push_back(geom::clone(m_pieces[k].get())); continue;
                    case geom::PolygonRelation::undecided: a = in_strip.get(); break;
                }
            }
            geom::GeomPtr part = geom::polygonal_part(
                geom::checked(GEOSIntersection_r(geom::geos(), a, m_pieces[k].get()), "zone intersection").get());
            if (part) out.push_back(std::move(part));
        }
        if (covers(within, env.min_x, env.max_x)) {  // every strip g crosses holds its part: g is in the zone
            out.clear();
            inside = true;
        }
    }

    // Geodesic area of g inside the zone; `whole` is g's own area, measured only when needed.
    template <class WholeArea>
    double area_inside(const GEOSGeometry* g, const geom::Envelope& env, const WholeArea& whole, const geom::Ellipsoid& e) const {
        bool inside = false;
        thread_local std::vector<geom::GeomPtr> parts;
        cut(g, env, inside, parts);
        if (inside) return whole();
        double a = 0;
        for (const auto& p : parts) a += geom::geodesic_area_m2(p.get(), e);
        parts.clear();  // the pieces are not kept alive until this thread's next call
        return a;
    }

private:
    // g's part within the strip, when g reaches beyond it and the part comes out valid (else null: then g itself
    // is overlaid with the piece). The strip's meridians cut g exactly where they cut the zone.
    static geom::GeomPtr strip_part(const GEOSGeometry* g, const geom::Envelope& env, const index::Strip& s) {
        if (env.min_x >= s.min_x && env.max_x <= s.max_x) return nullptr;
        const double min_x = std::max(s.min_x, env.min_x - 1.0), max_x = std::min(s.max_x, env.max_x + 1.0);
        geom::GeomPtr part(GEOSClipByRect_r(geom::geos(), g, min_x, env.min_y - 1.0, max_x, env.max_y + 1.0));
        if (!part || GEOSisEmpty_r(geom::geos(), part.get()) || !geom::is_polygonal(part.get()) ||
            geom::is_valid(part.get()) != 1)
            return nullptr;
        return part;
    }

    // Whether the strips together cover min_x ≤ x ≤ max_x.
    static bool covers(std::vector<index::Strip>& strips, double min_x, double max_x) {
        if (strips.empty()) return false;
        std::sort(strips.begin(), strips.end(), [](const index::Strip& a, const index::Strip& b) { return a.min_x < b.min_x; });
        double reach = min_x;
        for (const auto& s : strips) {
            if (s.min_x > reach) return false;
            reach = std::max(reach, s.max_x);
            if (reach >= max_x) return true;
        }
        return false;
    }

    geom::PreparedPtr m_prepared;
    std::vector<geom::GeomPtr> m_pieces;
    std::vector<index::Strip> m_strips;  // per piece, the strip it is the zone's part of
    std::vector<geom::Envelope> m_env;
};

// The zone, for measuring what the layers hold inside it. Areas come from the edges (geom/AreaClipper): most
// shapes lie wholly inside or outside and are placed by the clipper's grid alone; those across the zone's
// boundary are measured from the stretches of the two boundaries, the rare ones it cannot decide by GEOS's
// overlay (ZoneCutter, made on first need). The urban boundary and green space, whose parts later overlays
// need, are cut by GEOS where they cross the boundary. Used by one thread.
class ZoneMeasure {
public:
    ZoneMeasure(const GEOSGeometry* zone, const geom::Ellipsoid& e) : m_zone(zone), m_e(e), m_clip(zone, e) {}

    // Geodesic area of g inside the zone; `area_g` is g's own.
    double area_inside(const GEOSGeometry* g, const geom::Envelope& env, double area_g) {
        if (const std::optional<double> a = m_clip.shared_area_m2(g, area_g)) return *a;
        return cutter().area_inside(g, env, [&] { return area_g; }, m_e);
    }

    // As ZoneCutter::cut.
    void cut(const GEOSGeometry* g, const geom::Envelope& env, bool& inside, std::vector<geom::GeomPtr>& out) {
        out.clear();
        inside = false;
        switch (m_clip.place(env)) {
            case geom::AreaClipper::Place::inside: inside = true; return;
            case geom::AreaClipper::Place::outside: return;
            case geom::AreaClipper::Place::near_boundary: cutter().cut(g, env, inside, out); return;
        }
    }

private:
    const ZoneCutter& cutter() {
        if (!m_cutter) m_cutter.emplace(m_zone);
        return *m_cutter;
    }

    const GEOSGeometry* m_zone;
    const geom::Ellipsoid& m_e;
    geom::AreaClipper m_clip;
    std::optional<ZoneCutter> m_cutter;
};

// area(zone ∩ union of the layer) = Σ area(zone ∩ piece) − Σ area(zone ∩ covered part): the layer's own pieces
// cut by the zone, less the zone's share of what the layer's features had in common (index::LayerOverlaps).
ZoneOverlay overlay_zone(const GEOSGeometry* zone, double zone_area, const index::LayerIndex& index,
                         const index::LayerOverlaps& overlaps, const geom::Ellipsoid& e) {
    ZoneOverlay out;
    ZoneMeasure measure(zone, e);
    const geom::Envelope zone_env = geom::envelope(zone);
    std::vector<std::size_t> candidates;
    std::vector<geom::GeomPtr> cut;
    for (std::size_t l = 0; l < index.size(); ++l) {
        const index::IndexedLayer& il = index[l];
        const load::Layer& layer = *il.layer;
        if (!shares_layer(layer)) continue;
        const bool zoned = !layer.spec.zone_field.empty();
        const bool keep = layer.spec.role == catalog::Role::urban_boundary || layer.spec.role == catalog::Role::green_space;
        double total = 0;
        std::map<std::string, double> by_value;
        std::vector<geom::GeomPtr> kept;  // the layer inside the zone, for the urban and green-space overlays
        index.query(l, zone_env, candidates);
        for (std::size_t p : candidates) {
            const GEOSGeometry* piece = index.valid_piece(l, p);
            if (!piece || !geom::is_polygonal(piece)) continue;
            const geom::Envelope& env = il.pieces[p].envelope;
            double a = 0;
            if (!keep) {
                a = measure.area_inside(piece, env, index.piece_area_m2(l, p));
            } else {
                bool inside = false;
                measure.cut(piece, env, inside, cut);
                if (inside) {
                    a = index.piece_area_m2(l, p);
                    kept.push_back(geom::clone(piece));
                } else {
                    for (auto& part : cut) {
                        a += geom::geodesic_area_m2(part.get(), e);
                        kept.push_back(std::move(part));
                    }
                }
            }
            total += a;
            if (zoned) by_value[layer.features[il.pieces[p].feature].zone] += a;
        }
        const index::LayerCovered& covered = overlaps[l];
        covered.any.query(zone_env, candidates);
        for (std::size_t c : candidates) {
            const index::CoveredPart& part = covered.any.parts[c];
            total -= measure.area_inside(part.geom.get(), part.envelope, part.area_m2);
        }
        if (zoned) {
            covered.same_zone.query(zone_env, candidates);
            for (std::size_t c : candidates) {
                const index::CoveredPart& part = covered.same_zone.parts[c];
                by_value[layer.features[part.feature].zone] -= measure.area_inside(part.geom.get(), part.envelope, part.area_m2);
            }
        }
        LayerShare share;
        share.layer = layer.spec.id;
        share.total.area_m2 = std::max(0.0, total);
        share.total.pct = pct(share.total.area_m2, zone_area);
        for (const auto& [value, area] : by_value) {
            if (area >= 0.01) share.by_zone[value.empty() ? "(未注明)" : value] = {area, pct(area, zone_area)};
        }
        geom::GeomPtr u = keep && !kept.empty() ? geom::union_all(std::move(kept)) : nullptr;
        if (layer.spec.role == catalog::Role::urban_boundary && u) {
            out.urban = out.urban ? geom::checked(GEOSUnion_r(geom::geos(), out.urban.get(), u.get()), "union") : std::move(u);
        }
        if (layer.spec.role == catalog::Role::green_space && u) {
            out.green_space = out.green_space ? geom::checked(GEOSUnion_r(geom::geos(), out.green_space.get(), u.get()), "union")
                                              : std::move(u);
        }
        out.shares.push_back(std::move(share));
    }
    return out;
}

void fill_landcover(LandcoverFigures& lc, const ClassAreas& areas, double zone_area, const std::vector<int>& forest,
                    const std::vector<int>& green) {
    lc.available = true;
    lc.class_m2 = areas.class_m2;
    lc.valid_m2 = areas.valid_m2;
    lc.coverage_pct = pct(areas.valid_m2, zone_area);
    lc.partial = lc.coverage_pct < 99.9;
    for (const auto& [cls, a] : areas.class_m2) {
        if (std::find(forest.begin(), forest.end(), cls) != forest.end()) lc.forest_m2 += a;
        if (std::find(green.begin(), green.end(), cls) != green.end()) lc.green_m2 += a;
    }
    // As in the legal 森林覆盖率: the denominator is the zone's whole area, water included.
    lc.forest_pct = pct(lc.forest_m2, zone_area);
    lc.green_pct = pct(lc.green_m2, zone_area);
}

}  // namespace

void check_targets(ZoneFigures& z, const TargetSet& targets, bool group) {
    for (const auto& t : targets.targets) {
        if (is_change_target(t) || !target_applies(t, {z.id, z.name, z.group}, group)) continue;
        z.targets.push_back(target_result(t, indicator_value(z, t.indicator)));
    }
}

TargetResult target_result(const Target& t, std::optional<double> actual) {
    TargetResult r;
    r.target = &t;
    r.actual = actual;
    if (actual) {
        r.met = compare(*actual, t.comparison, t.value);
        r.gap = *actual - t.value;
    }
    return r;
}

namespace {

// Every figure is reported per zone id: two zones with one id would be merged or overwrite each other.
void require_unique_ids(const std::vector<ZoneFigures>& zones, const ZonesRequest& req) {
    std::map<std::string, const ZoneFigures*> seen;
    for (const auto& z : zones) {
        if (z.id.empty()) {
            throw Error(req.where,
                        z.name.empty() ? tr("a zone in {1} has no {2} value.", req.source, req.code_field)
                                       : tr("a zone in {1} ({2}) has no {3} value.", req.source, z.name, req.code_field),
                        tr("Give every zone an id (e.g. its 6-digit adcode), or choose another id field."));
        }
        auto [it, fresh] = seen.emplace(z.id, &z);
        if (!fresh) {
            throw Error(req.where,
                        tr("zone id '{1}' ({2}) is used by two zones in {3}: {4} and {5}.", z.id, req.code_field, req.source,
                           it->second->name.empty() ? std::string("?") : it->second->name, z.name.empty() ? std::string("?") : z.name),
                        tr("Zone ids must be unique: fix the data, or choose another id field with --zone-id-field."));
        }
    }
}

// A target must name what it measures: an unknown layer, zone or group would silently check nothing.
void require_targets_apply(const TargetSet& targets, const std::vector<ZoneFigures>& zones,
                           const std::vector<ZoneFigures>& groups, const load::LayerSet& layers) {
    for (const auto& t : targets.targets) {
        if (!t.indicator.starts_with("layer:")) continue;
        const std::string id = t.indicator.substr(6);
        if (!layers.find(id)) {
            std::vector<std::string> ids;
            for (const auto& l : layers.layers) ids.push_back(l.spec.id);
            throw Error(Where{targets.path, t.line}, tr("target '{1}' measures layer '{2}', which the catalog does not have.{3}",
                                                         t.id, id, text::did_you_mean(id, ids)),
                        ids.empty() ? tr("The catalog has no layers.") : tr("Its layers are: {1}.", text::join(ids)));
        }
    }
    auto keys = [](const std::vector<ZoneFigures>& zs) {
        std::vector<TargetZone> out;
        for (const auto& z : zs) out.push_back({z.id, z.name, z.group});
        return out;
    };
    require_targets_apply(targets, keys(zones), keys(groups));
}

}  // namespace

std::vector<ZoneFigures> load_zones(const ZonesRequest& req, const load::LayerSet& layers, const load::LayerCache* cache,
                                    Diagnostics& diagnostics) {
    load::LoadedSource zones = load::load_source_cached(req, layers.working_crs, layers.ellipsoid, diagnostics,
                                                        /*measure_features=*/true, cache);
    if (zones.features.empty()) {
        throw Error(req.where, tr("{1} holds no zones.",
                                  req.source), tr("Point [zones] (or --zones) at county boundaries."));
    }
    std::vector<ZoneFigures> out;
    for (auto& f : zones.features) {
        if (!geom::is_polygonal(f.geom.get())) {
            throw Error(req.where, tr("zone {1} in {2} is not a polygon.", f.code, req.source),
                        tr("Zones must be areas (counties, towns, planning units)."));
        }
        ZoneFigures z;
        z.id = f.code;
        z.name = f.name;
        z.group = f.zone;
        z.area_m2 = f.area_m2;
        z.geom = std::move(f.geom);
        out.push_back(std::move(z));
    }
    require_unique_ids(out, req);
    return out;
}

std::unique_ptr<io::RasterSource> open_landcover_raster(const catalog::Catalog& catalog, const std::string& source,
                                                        std::optional<double> nodata, const std::string& crs, const Where& w) {
    std::unique_ptr<io::RasterSource> raster = io::open_raster_source(source, crs, w);
    const io::RasterInfo& info = raster->info();
    if (nodata) {
        io::check_raster_value(info, *nodata, "nodata", w);
        raster->set_nodata(*nodata);
    } else if (info.nodata && *info.nodata < 0) {
        // Cells are read as non-negative class codes: a negative nodata (Int16 -1, -9999) would never match.
        throw Error(w, tr("{1} marks nodata with the negative value {2}, which cells read as class codes never have.",
                          source, text::thousands(*info.nodata, 0)),
                    tr("Convert it once (gdal_translate -ot UInt16 -a_nodata 65535 …), or set  nodata = …  under "
                       "[landcover] to the code the raster uses for no data."));
    }
    if (catalog.landcover) {
        for (int c : catalog.landcover->forest_classes) io::check_raster_value(info, c, tr("forest class"), w);
        for (int c : catalog.landcover->green_classes) io::check_raster_value(info, c, tr("green class"), w);
    }
    return raster;
}

Landcover open_landcover(const catalog::Catalog& catalog) {
    Landcover lc;
    if (!catalog.landcover) return lc;
    const catalog::LandcoverSpec& spec = *catalog.landcover;
    lc.source = open_landcover_raster(catalog, spec.source, spec.nodata, spec.crs, Where{catalog.path.string(), spec.line});
    lc.forest_classes = spec.forest_classes;
    lc.green_classes = spec.green_classes;
    return lc;
}

StatsResult compute_stats(StatsInput input, const StatsOptions& options, Diagnostics& diagnostics) {
    const load::LayerSet& layers = *input.layers;
    const index::LayerIndex& index = *input.index;
    std::unique_ptr<index::LayerOverlaps> own_overlaps;
    const index::LayerOverlaps* overlaps = input.overlaps;
    if (!overlaps) {
        own_overlaps = std::make_unique<index::LayerOverlaps>(layers);
        overlaps = own_overlaps.get();
    }
    StatsResult out;
    out.zones_source = input.zones_source;
    out.zones = std::move(input.zones);

    // Zoning shares, per zone, in parallel.
    std::vector<ZoneOverlay> overlays(out.zones.size());
    std::vector<std::string> failures(out.zones.size());
    tbb::parallel_for(std::size_t{0}, out.zones.size(), [&](std::size_t i) {
        try {
            ZoneOverlay& o = overlays[i];
            o = overlay_zone(out.zones[i].geom.get(), out.zones[i].area_m2, index, *overlaps, layers.ellipsoid);
            if (o.urban) {
                o.urban_m2 = geom::geodesic_area_m2(o.urban.get(), layers.ellipsoid);
                if (o.green_space) {
                    geom::GeomPtr g = geom::polygonal_part(
                        geom::checked(GEOSIntersection_r(geom::geos(), o.green_space.get(), o.urban.get()), "green space").get());
                    o.green_space_in_urban_m2 = g ? geom::geodesic_area_m2(g.get(), layers.ellipsoid) : 0;
                }
            }
        } catch (const geom::GeosError& e) {
            failures[i] = e.what();
        }
    });
    for (std::size_t i = 0; i < out.zones.size(); ++i) {
        if (failures[i].empty()) continue;
        Where w{out.zones_source};
        w.feature = out.zones[i].name.empty() ? tr("zone {1}", out.zones[i].id)
                                               : tr("zone {1} ({2})", out.zones[i].id, out.zones[i].name);
        throw Error(w, tr("its zoning shares could not be computed: {1}.", failures[i]),
                    tr("Repair the zone's boundary (or the zoning layers) in a GIS, e.g. with QGIS 'Fix "
                       "geometries', and run again."));
    }
    const bool has_urban = std::any_of(layers.layers.begin(), layers.layers.end(),
                                       [](const load::Layer& l) { return l.spec.role == catalog::Role::urban_boundary; });
    const bool has_green = std::any_of(layers.layers.begin(), layers.layers.end(),
                                       [](const load::Layer& l) { return l.spec.role == catalog::Role::green_space; });
    for (std::size_t i = 0; i < out.zones.size(); ++i) {
        ZoneFigures& z = out.zones[i];
        z.layers = std::move(overlays[i].shares);
        z.urban.available = has_urban;
        if (overlays[i].urban) {
            z.urban.area_m2 = overlays[i].urban_m2;
            if (has_green) {
                z.urban.has_green_space = true;
                if (overlays[i].green_space) z.urban.green_space_m2 = overlays[i].green_space_in_urban_m2;
                z.urban.green_space_pct = pct(z.urban.green_space_m2, z.urban.area_m2);
            }
        }
    }

    // Land cover: one streaming pass for every zone and every zone's urban area.
    if (input.landcover && input.landcover->source) {
        const io::RasterSource& raster = *input.landcover->source;
        out.raster = raster.info();
        out.forest_classes = input.landcover->forest_classes;
        out.green_classes = input.landcover->green_classes;
        std::vector<const GEOSGeometry*> polys;
        std::vector<std::size_t> urban_of;  // zone index for each urban polygon
        for (const auto& z : out.zones) polys.push_back(z.geom.get());
        for (std::size_t i = 0; i < out.zones.size(); ++i) {
            if (overlays[i].urban) {
                polys.push_back(overlays[i].urban.get());
                urban_of.push_back(i);
            }
        }
        ZonalOptions zo;
        zo.progress = options.progress;
        const auto areas = zonal_class_areas(raster, polys, layers.working_crs, zo);
        for (std::size_t i = 0; i < out.zones.size(); ++i) {
            ZoneFigures& z = out.zones[i];
            fill_landcover(z.landcover, areas[i], z.area_m2, out.forest_classes, out.green_classes);
            if (z.landcover.partial) {
                const std::string buf =
                    tr("the land-cover raster covers only {1} % of this zone; its forest and green shares are incomplete",
                       text::fixed(z.landcover.coverage_pct, 2));
                z.notes.push_back(buf);
                diagnostics.warn(Where{out.zones_source}, tr("zone {1} ({2}): {3}.", z.id, z.name, buf),
                                 tr("Use a raster that covers the whole zone before reporting 森林覆盖率."));
            }
        }
        for (std::size_t k = 0; k < urban_of.size(); ++k) {
            ZoneFigures& z = out.zones[urban_of[k]];
            LandcoverFigures u;
            fill_landcover(u, areas[out.zones.size() + k], z.urban.area_m2, out.forest_classes, out.green_classes);
            z.urban.raster = true;
            z.urban.green_m2 = u.green_m2;
            z.urban.green_pct = u.green_pct;
        }
    }

    // Groups (cities): sums over their zones.
    if (input.grouped) {
        std::map<std::string, std::size_t> pos;
        for (const auto& z : out.zones) {
            auto [it, inserted] = pos.try_emplace(z.group, out.groups.size());
            if (inserted) {
                ZoneFigures g;
                g.id = z.group;
                g.name = z.group;
                g.group = z.group;
                g.landcover.available = z.landcover.available;
                g.urban.available = z.urban.available;
                g.urban.raster = z.urban.raster;
                g.urban.has_green_space = z.urban.has_green_space;
                out.groups.push_back(std::move(g));
            }
            ZoneFigures& g = out.groups[it->second];
            g.members.push_back(z.id);
            g.area_m2 += z.area_m2;
            g.landcover.valid_m2 += z.landcover.valid_m2;
            g.landcover.forest_m2 += z.landcover.forest_m2;
            g.landcover.green_m2 += z.landcover.green_m2;
            for (const auto& [c, a] : z.landcover.class_m2) g.landcover.class_m2[c] += a;
            g.urban.area_m2 += z.urban.area_m2;
            g.urban.green_m2 += z.urban.green_m2;
            g.urban.green_space_m2 += z.urban.green_space_m2;
            for (const auto& s : z.layers) {
                auto gs = std::find_if(g.layers.begin(), g.layers.end(), [&](const LayerShare& x) { return x.layer == s.layer; });
                if (gs == g.layers.end()) {
                    g.layers.push_back({s.layer, {}, {}});
                    gs = g.layers.end() - 1;
                }
                gs->total.area_m2 += s.total.area_m2;
                for (const auto& [v, a] : s.by_zone) gs->by_zone[v].area_m2 += a.area_m2;
            }
        }
        for (auto& g : out.groups) {
            g.landcover.coverage_pct = pct(g.landcover.valid_m2, g.area_m2);
            g.landcover.partial = g.landcover.available && g.landcover.coverage_pct < 99.9;
            g.landcover.forest_pct = pct(g.landcover.forest_m2, g.area_m2);
            g.landcover.green_pct = pct(g.landcover.green_m2, g.area_m2);
            g.urban.green_pct = pct(g.urban.green_m2, g.urban.area_m2);
            g.urban.green_space_pct = pct(g.urban.green_space_m2, g.urban.area_m2);
            for (auto& s : g.layers) {
                s.total.pct = pct(s.total.area_m2, g.area_m2);
                for (auto& [v, a] : s.by_zone) a.pct = pct(a.area_m2, g.area_m2);
            }
            if (g.landcover.partial) g.notes.emplace_back(tr("the land-cover raster does not cover the whole group"));
        }
        // Each group's outline (for the GeoPackage), the unions in parallel.
        if (options.group_outlines) tbb::parallel_for(std::size_t{0}, out.groups.size(), [&](std::size_t k) {
            ZoneFigures& g = out.groups[k];
            std::vector<geom::GeomPtr> parts;
            for (const auto& z : out.zones)
                if (z.group == g.id) parts.push_back(geom::clone(z.geom.get()));
            g.geom = geom::union_all(std::move(parts));
        });
    }
    if (const TargetSet* targets = input.targets) {
        require_targets_apply(*targets, out.zones, out.groups, layers);
        out.targets_name = targets->name;
        for (auto& z : out.zones) check_targets(z, *targets, false);
        for (auto& g : out.groups) check_targets(g, *targets, true);
        std::vector<std::string> ids;
        for (const auto& t : targets->targets)
            if (is_change_target(t)) ids.push_back(t.id);
        if (!ids.empty()) {
            diagnostics.note({targets->path}, trn("{n} target is about a change between two years ({1}): `ecozone change --targets` checks it.",
                                                  "{n} targets are about a change between two years ({1}): `ecozone change --targets` checks them.",
                                                  ids.size(), text::join(ids)));
        }
    }
    return out;
}

}  // namespace ecozone::stats
