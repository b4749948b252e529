#include "load/load_layers.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <tbb/parallel_for.h>

#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/suggest.hpp"
#include "geom/overlap_area.hpp"
#include "geom/repair.hpp"
#include "geom/validity.hpp"
#include "index/layer_index.hpp"
#include "index/layer_overlaps.hpp"
#include "io/crs.hpp"
#include "io/vector_source.hpp"

namespace ecozone::load {

const Layer* LayerSet::find(std::string_view id) const {
    for (const auto& l : layers)
        if (l.spec.id == id) return &l;
    return nullptr;
}

Where where_of(const catalog::Catalog& catalog, const catalog::LayerSpec& spec) {
    Where w;
    w.file = catalog.path.string();
    w.line = spec.line;
    w.layer = spec.label();
    return w;
}

namespace {

int require_field(const io::VectorData& data, const std::string& field, const std::string& key,
                  const SourceRequest& req) {
    if (field.empty()) return -1;
    const int idx = data.field_index(field);
    if (idx < 0) {
        throw Error(req.where,
                    tr("{1} has no field '{2}' (named by {3}).{4}",
                       req.as_written, field, key, text::did_you_mean(field, data.fields)),
                    data.fields.empty() ? tr("This source has no attribute fields; remove {1}.", key)
                                        : tr("Its fields are: {1}.", text::join(data.fields)));
    }
    return idx;
}

std::string summarize_types(const std::set<std::string>& types) {
    if (types.empty()) return "none";
    if (types.size() == 1) return *types.begin();
    if (types == std::set<std::string>{"MultiPolygon", "Polygon"}) return "MultiPolygon";
    if (types == std::set<std::string>{"LineString", "MultiLineString"}) return "MultiLineString";
    if (types == std::set<std::string>{"MultiPoint", "Point"}) return "MultiPoint";
    return "mixed (" + text::join(std::vector<std::string>(types.begin(), types.end())) + ")";
}

// Area of a polygon as drawn, before repair: outer rings minus holes, whatever their validity.
double drawn_area(const GEOSGeometry* g, const geom::Ellipsoid& e) {
    return geom::geodesic_area_m2(g, e);
}

std::string fid_list(const std::vector<std::string>& items, std::size_t total) {
    std::string out = text::join(items, "; ");
    if (total > items.size()) out += tr("; and {1} more", total - items.size());
    return out;
}

// A layer that screens or measures nothing must say so loudly: a screening against an empty red line
// clears every site. Zoning roles are areas; points, lines or collections in them overlap nothing.
void warn_about_content(const catalog::LayerSpec& spec, const Layer& layer, const Where& where, Diagnostics& diagnostics) {
    if (layer.features.empty()) {
        const std::size_t total = layer.report.unfiltered;
        std::string why = !spec.filter.empty()
                              ? tr("the filter where = \"{1}\" matched none of its {2} features", spec.filter, total)
                          : layer.report.features > 0 ? tr("none of its {1} features has a usable geometry",
                                                           layer.report.features)
                                                      : tr("its source holds no features");
        diagnostics.warn(where, tr("this layer is EMPTY: {1}. Screening finds nothing in it, so every site passes it, and its "
                                   "statistics are 0.", why),
                         tr("Check the source, the layer name and the filter; remove the layer from the catalog if it "
                            "is not meant to be used."));
        return;
    }
    if (spec.role == catalog::Role::other) return;
    std::size_t not_areas = 0;
    std::vector<std::string> examples;
    for (const auto& f : layer.features) {
        if (geom::is_polygonal(f.geom.get())) continue;
        if (++not_areas <= 3) examples.push_back(tr("feature {1}: {2}", f.code, geom::type_name(f.geom.get())));
    }
    if (not_areas == 0) return;
    diagnostics.warn(where,
                     trn("{n} of its {1} features is not an area ({2}), although a {3} layer is made of polygons: it "
                         "overlaps no site's area and adds nothing to shares.",
                         "{n} of its {1} features are not areas ({2}), although a {3} layer is made of polygons: they "
                         "overlap no site's area and add nothing to shares.",
                         not_areas, layer.features.size(), text::join(examples, "; ") + (not_areas > 3 ? "; …" : ""),
                         catalog::role_label(spec.role)),
                     tr("Check that the right layer or file is named; convert lines or points to polygons in a GIS "
                        "if they mark areas."));
}

}  // namespace

LoadedSource load_source(const SourceRequest& req, const std::string& working_crs, const geom::Ellipsoid& ellipsoid,
                         Diagnostics& diagnostics, bool measure_features) {
    io::VectorReadRequest vr = req;
    vr.target_crs = working_crs;
    io::VectorData data = io::read_vector(vr, diagnostics);

    const int code_idx = require_field(data, req.code_field, "code_field", req);
    const int name_idx = require_field(data, req.name_field, "name_field", req);
    const int zone_idx = require_field(data, req.zone_field, "zone_field", req);

    LoadedSource out;
    out.fields = data.fields;
    LayerReport& rep = out.report;
    rep.driver = data.driver;
    rep.source_crs = data.source_crs;
    rep.crs_from_catalog = data.crs_from_catalog;
    rep.source_geographic = data.source_geographic;
    rep.encoding = data.encoding;
    rep.features = data.features.size();
    rep.unfiltered = data.unfiltered_count;

    std::set<std::string> types;
    std::vector<std::string> empty_ids, repaired_notes, collapsed_ids;
    double area_before = 0, area_after = 0;
    auto value = [](const io::VectorFeature& f, int idx) {
        return idx >= 0 ? f.values[static_cast<std::size_t>(idx)] : std::string{};
    };
    auto feature_label = [&](const io::VectorFeature& f) {
        std::string label = tr("feature {1}", f.fid);
        if (code_idx >= 0 && !value(f, code_idx).empty()) label += " (" + value(f, code_idx) + ")";
        return label;
    };

    // Geometry work (parse, validity, repair, measures) in parallel; reporting in file order after.
    struct Checked {
        geom::GeomPtr geom;
        bool empty = false;
        std::string read_error;
        geom::RepairOutcome fixed;
        double before = 0, area = 0, length = 0;
    };
    std::vector<Checked> checked(data.features.size());
    tbb::parallel_for(std::size_t{0}, data.features.size(), [&](std::size_t i) {
        const io::VectorFeature& vf = data.features[i];
        Checked& c = checked[i];
        if (!vf.problem.empty()) return;
        if (vf.wkb.empty()) {
            c.empty = true;
            return;
        }
        geom::GeomPtr g;
        try {
            g = geom::from_wkb(vf.wkb.data(), vf.wkb.size());
        } catch (const std::exception& e) {
            c.read_error = e.what();
            return;
        }
        if (GEOSisEmpty_r(geom::geos(), g.get())) {
            c.empty = true;
            return;
        }
        // The area as drawn, to report what a repair changed (only invalid shapes need it).
        const bool invalid = geom::is_valid(g.get()) != 1;
        c.before = invalid && geom::is_polygonal(g.get()) ? drawn_area(g.get(), ellipsoid) : 0;
        c.fixed = invalid ? geom::make_valid(std::move(g)) : geom::RepairOutcome{std::move(g), false, {}, false};
        if (c.fixed.geom) {
            geom::envelope(c.fixed.geom.get());  // computes and caches the envelope while single-owner
            if (measure_features || c.fixed.repaired) c.area = geom::geodesic_area_m2(c.fixed.geom.get(), ellipsoid);
            if (measure_features) c.length = geom::geodesic_length_m(c.fixed.geom.get(), ellipsoid);
        }
    });

    // Sites keep every feature: one whose geometry cannot be used stays, without geometry, saying why.
    auto keep_without_geometry = [&](io::VectorFeature& vf, std::string problem) {
        Feature f;
        f.fid = vf.fid;
        f.code = code_idx >= 0 ? value(vf, code_idx) : std::to_string(vf.fid);
        f.name = value(vf, name_idx);
        f.zone = value(vf, zone_idx);
        f.problem = std::move(problem);
        out.features.push_back(std::move(f));
        out.values.push_back(std::move(vf.values));
    };
    for (std::size_t i = 0; i < data.features.size(); ++i) {
        io::VectorFeature& vf = data.features[i];
        Checked& c = checked[i];
        if (!vf.problem.empty()) {
            keep_without_geometry(vf, vf.problem);
            continue;
        }
        if (req.keep_bad_features && !c.read_error.empty()) {
            keep_without_geometry(vf, tr("its geometry cannot be read: {1}", c.read_error));
            continue;
        }
        if (!c.read_error.empty()) {
            Where w = req.where;
            w.feature = feature_label(vf);
            throw Error(w, tr("its geometry cannot be read: {1}.", c.read_error),
                        tr("Fix or delete this feature in a GIS, or export the layer again."));
        }
        if (c.empty) {
            ++rep.empty;
            if (empty_ids.size() < 5) empty_ids.push_back(feature_label(vf));
            if (req.keep_bad_features) keep_without_geometry(vf, tr("it has no geometry"));
            continue;
        }
        geom::RepairOutcome& fixed = c.fixed;
        if (fixed.repaired) {
            ++rep.repaired;
            if (repaired_notes.size() < 3) repaired_notes.push_back(feature_label(vf) + ": " + fixed.reason);
        }
        if (fixed.collapsed) {
            ++rep.collapsed;
            if (collapsed_ids.size() < 5) collapsed_ids.push_back(feature_label(vf));
            if (req.keep_bad_features) keep_without_geometry(vf, tr("its shape collapses to nothing when repaired ({1})",
                                                                    fixed.reason));
            continue;
        }
        Feature f;
        f.fid = vf.fid;
        f.code = code_idx >= 0 ? value(vf, code_idx) : std::to_string(vf.fid);
        f.name = value(vf, name_idx);
        f.zone = value(vf, zone_idx);
        f.geom = std::move(fixed.geom);
        f.area_m2 = c.area;
        if (fixed.repaired) {
            area_before += c.before;
            area_after += f.area_m2;
        }
        rep.sum_area_m2 += f.area_m2;
        rep.length_m += c.length;
        rep.extent.expand(geom::envelope(f.geom.get()));
        types.insert(geom::type_name(f.geom.get()));
        out.features.push_back(std::move(f));
        out.values.push_back(std::move(vf.values));
    }
    rep.geometry_type = summarize_types(types);

    if (rep.repaired) {
        std::string change;
        if (area_before > 0) {
            char pct[32];
            std::snprintf(pct, sizeof pct, "%+.4f", 100.0 * (area_after - area_before) / area_before);
            change = tr("; their area changed by {1} %", std::string(pct));
        }
        diagnostics.warn(req.where,
                         trn("{n} invalid geometry repaired with GEOS MakeValid{1} ({2}).",
                             "{n} invalid geometries repaired with GEOS MakeValid{1} ({2}).", rep.repaired, change,
                             fid_list(repaired_notes, rep.repaired)),
                         tr("The repaired shapes are used; fix the source data to silence this."));
    }
    if (req.keep_bad_features) return out;  // the caller names each kept feature itself
    if (rep.collapsed) {
        diagnostics.warn(req.where,
                         trn("{n} geometry collapsed to nothing when repaired and is left out ({1}).",
                             "{n} geometries collapsed to nothing when repaired and are left out ({1}).", rep.collapsed,
                             fid_list(collapsed_ids, rep.collapsed)),
                         tr("These shapes have no area (e.g. all points on one line); fix or delete them."));
    }
    if (rep.empty) {
        diagnostics.warn(req.where,
                         trn("{n} feature has no geometry and is left out ({1}).",
                             "{n} features have no geometry and are left out ({1}).", rep.empty, fid_list(empty_ids, rep.empty)),
                         tr("Delete them or draw their shapes."));
    }
    return out;
}

namespace {

// Areas and lengths of features loaded without them (a cache entry made by a command that needed none).
void measure(LoadedSource& src, const geom::Ellipsoid& ellipsoid) {
    std::vector<double> lengths(src.features.size());
    tbb::parallel_for(std::size_t{0}, src.features.size(), [&](std::size_t i) {
        src.features[i].area_m2 = geom::geodesic_area_m2(src.features[i].geom.get(), ellipsoid);
        lengths[i] = geom::geodesic_length_m(src.features[i].geom.get(), ellipsoid);
    });
    src.report.sum_area_m2 = 0;
    src.report.length_m = 0;
    for (std::size_t i = 0; i < src.features.size(); ++i) {
        src.report.sum_area_m2 += src.features[i].area_m2;
        src.report.length_m += lengths[i];
    }
}

}  // namespace

LoadedSource load_source_cached(const SourceRequest& req, const std::string& working_crs, const geom::Ellipsoid& ellipsoid,
                                Diagnostics& diagnostics, bool measure_features, const LayerCache* cache, std::string* key_out) {
    const std::string key = cache ? cache->key(req, working_crs) : std::string{};
    if (key_out) *key_out = key;
    if (key.empty()) return load_source(req, working_crs, ellipsoid, diagnostics, measure_features);
    LoadedSource src;
    if (auto hit = cache->read_source(key, src)) {
        if (measure_features && !hit->measured) {
            measure(src, ellipsoid);
            hit->measured = true;
            cache->write_source(key, src, *hit);
        }
        // The messages pointed at the catalog entry as it was; point them at it as it is now.
        for (Diagnostic d : hit->diagnostics) {
            if (d.where.file == hit->where.file && d.where.line == hit->where.line && d.where.layer == hit->where.layer) {
                d.where.file = req.where.file;
                d.where.line = req.where.line;
                d.where.layer = req.where.layer;
            }
            diagnostics.add(std::move(d));
        }
        return src;
    }
    Diagnostics own;
    src = load_source(req, working_crs, ellipsoid, own, measure_features);
    LayerCache::Source info{measure_features, own.all(), req.where};
    cache->write_source(key, src, info);
    for (auto& d : info.diagnostics) diagnostics.add(std::move(d));
    return src;
}

namespace {

// Area of the union of valid polygons, overlaps counted once, without unioning them: each polygon cut
// along meridians into pieces (index::overlap_parts; meridians are geodesics, so a polygon's pieces add up to
// it), then Σ areas less what pieces of different polygons share (geom/overlap_area). What two pieces share
// is measured from their edges, not overlaid, and only overlaps that overlap each other are built and
// unioned, so a layer that tiles its area (neighbours that only touch, or overlap in slivers) costs no
// overlay at all.
// The layer cache keeps the union area under this name; a new name when the method changes, so that a
// cached area is always one this version would compute.
constexpr const char* k_union_area_entry = "union-area-by-edges";

// `areas`: the polygons' geodesic areas when already measured (else empty), so the pieces need not be.
double union_area(const std::vector<const GEOSGeometry*>& polys, const std::vector<double>& areas, const geom::Ellipsoid& e) {
    std::vector<std::size_t> feature(polys.size());
    for (std::size_t i = 0; i < polys.size(); ++i) feature[i] = i;
    std::vector<std::pair<std::size_t, geom::GeomPtr>> parts = index::overlap_parts(polys, feature);
    std::vector<double> part_area;
    if (!areas.empty()) {
        for (std::size_t k = 0; k < parts.size(); ++k)
            part_area.push_back(k == 0 || parts[k - 1].first != parts[k].first ? areas[parts[k].first] : 0.0);
    }
    const geom::OverlappingParts overlapping(std::move(parts), e, geom::OverlappingParts::Keep::areas, std::move(part_area));
    return overlapping.union_area([](std::size_t) { return true; });
}

}  // namespace

LayerSet working_frame(const catalog::Catalog& catalog) {
    LayerSet set;
    Where cat_where{catalog.path.string()};
    const io::CrsInfo working = io::describe_crs(catalog.crs, cat_where);
    if (!working.geographic) {
        throw Error(cat_where, tr("[catalog] crs = \"{1}\" is {2}, a projected CRS; the working CRS must be "
                                  "longitude/latitude.", catalog.crs, working.label),
                    tr("Set  crs = \"EPSG:4490\"  (CGCS2000) under [catalog]. Layers may still come in any CRS "
                       "(give each its own crs = \"...\"); areas and distances are measured on the ellipsoid "
                       "whatever the CRS."));
    }
    set.working_crs = catalog.crs;
    set.working_crs_label = working.label;
    set.ellipsoid = geom::Ellipsoid(working.semi_major_m, working.flattening);
    return set;
}

LayerSet load_layers(const catalog::Catalog& catalog, Diagnostics& diagnostics, const LoadOptions& options) {
    LayerSet set = working_frame(catalog);
    const std::size_t n = catalog.layers.size();
    std::vector<std::optional<Layer>> loaded(n);
    std::vector<std::optional<Error>> errors(n);
    std::vector<Diagnostics> messages(n);  // per layer, so that they come out in catalog order
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
        const catalog::LayerSpec& spec = catalog.layers[i];
        try {
            SourceRequest req;
            static_cast<catalog::SourceSpec&>(req) = spec;
            req.where = where_of(catalog, spec);
            Layer layer;
            LoadedSource src = load_source_cached(req, catalog.crs, set.ellipsoid, messages[i], options.measure_features,
                                                  options.cache, &layer.cache_key);
            layer.spec = spec;
            layer.report = std::move(src.report);
            layer.features = std::move(src.features);
            warn_about_content(spec, layer, req.where, messages[i]);
            if (options.compute_union_area) {
                const LayerCache* cache = layer.cache_key.empty() ? nullptr : options.cache;
                if (auto area = cache ? cache->read_number(layer.cache_key, k_union_area_entry) : std::nullopt) {
                    layer.report.area_m2 = *area;
                } else {
                    std::vector<const GEOSGeometry*> polys;
                    std::vector<double> areas;  // measured on loading (the cache keeps them too)
                    for (const auto& f : layer.features) {
                        if (!geom::is_polygonal(f.geom.get())) continue;
                        polys.push_back(f.geom.get());
                        areas.push_back(f.area_m2);
                    }
                    if (!options.measure_features) areas.clear();
                    if (!polys.empty()) layer.report.area_m2 = union_area(polys, areas, set.ellipsoid);
                    if (cache) cache->write_number(layer.cache_key, k_union_area_entry, layer.report.area_m2);
                }
            }
            loaded[i] = std::move(layer);
        } catch (const Error& e) {
            errors[i] = e;
        } catch (const std::exception& e) {
            errors[i] = Error(where_of(catalog, spec), tr("loading failed: {1}.", e.what()),
                              tr("This looks like damaged geometry; repair the layer in a GIS and try again."));
        }
    });
    for (std::size_t i = 0; i < n; ++i) {
        for (auto& d : messages[i].all()) diagnostics.add(std::move(d));
        if (loaded[i]) set.layers.push_back(std::move(*loaded[i]));
        if (errors[i]) set.failures.push_back({catalog.layers[i], *errors[i]});
    }
    return set;
}

LoadedSource load_catalog_zones(const catalog::Catalog& catalog, const LayerSet& layers, Diagnostics& diagnostics,
                                const LayerCache* cache) {
    if (!catalog.zones) return {};
    SourceRequest r;
    static_cast<catalog::SourceSpec&>(r) = *catalog.zones;
    r.where = Where{catalog.path.string(), catalog.zones->line};
    return load_source_cached(r, layers.working_crs, layers.ellipsoid, diagnostics, true, cache);
}

LayerSet load_layers_or_throw(const catalog::Catalog& catalog, Diagnostics& diagnostics, const LoadOptions& options,
                              const std::function<void(const LayerFailure&)>& report, const std::string& what_stops) {
    LayerSet set = load_layers(catalog, diagnostics, options);
    if (set.failures.empty()) return set;
    for (const auto& f : set.failures) report(f);
    throw Error({}, tr("{1} layer(s) could not be loaded; {2}.", std::to_string(set.failures.size()), what_stops),
                tr("Fix the layers above; `ecozone layers --catalog {1}` checks them.", catalog.path.string()));
}

void require_all_loaded(const LayerSet& set) {
    if (set.failures.empty()) return;
    const Error& first = set.failures.front().error;
    if (set.failures.size() == 1) throw first;
    throw Error(first.where(),
                tr("{1} (and {2} more layer(s) failed; run `ecozone layers` to see all)",
                   first.message(), std::to_string(set.failures.size() - 1)),
                first.hint());
}

}  // namespace ecozone::load
