#include "screen/screening.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <limits>
#include <optional>
#include <span>
#include <sstream>

#include <tbb/parallel_for.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/suggest.hpp"
#include "index/layer_index.hpp"
#include "io/site_text.hpp"
#include "stats/zonal.hpp"

namespace ecozone::screen {

namespace {

bool contains_any(const std::string& value, const std::vector<std::string>& needles) {
    for (const auto& n : needles)
        if (value.find(n) != std::string::npos) return true;
    return false;
}

bool in_list(const std::string& value, const std::vector<std::string>& list) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

bool layer_matches(const Rule& r, const load::Layer& layer) {
    if (!r.roles.empty() && std::find(r.roles.begin(), r.roles.end(), layer.spec.role) == r.roles.end()) return false;
    if (!r.layers.empty() && !in_list(layer.spec.id, r.layers)) return false;
    return true;
}

bool zone_matches(const Rule& r, const std::string& zone) {
    if (!r.zones.empty() && !contains_any(zone, r.zones)) return false;
    if (!r.zones_not.empty() && contains_any(zone, r.zones_not)) return false;
    return true;
}

bool site_matches(const Rule& r, const load::Site& site) {
    if (!r.categories.empty() && !in_list(site.category, r.categories)) return false;
    if (!r.categories_not.empty() && in_list(site.category, r.categories_not)) return false;
    if (!r.geometries.empty() && !in_list(std::string(load::site_kind_name(site.kind)), r.geometries)) return false;
    return true;
}

// The layers' ids, shared by the reasons that name them (index: position in LayerSet::layers).
std::vector<SharedText> layer_ids(const load::LayerSet& layers) {
    std::vector<SharedText> ids;
    for (const auto& l : layers.layers) ids.emplace_back(l.spec.id);
    return ids;
}

// `layer_id`: of the layer the rule fired on (empty for site-level rules).
void fire(SiteResult& result, const Rule& r, const SharedText& layer_id, const load::Feature* feature, HitResult* hit) {
    Reason reason{r.id, r.verdict, r.reason, r.reason_en, layer_id, feature ? feature->code : "", r.source};
    result.verdict = std::max(result.verdict, r.verdict);
    if (hit) {
        hit->verdict = std::max(hit->verdict, r.verdict);
        hit->reasons.push_back(r.reason);
        hit->reasons_en.push_back(r.reason_en);
    }
    result.reasons.push_back(std::move(reason));
}

SiteResult apply_rules(const load::Site& site, SiteOverlay& ov, const index::LayerIndex& index,
                       const load::LayerSet& layers, const std::vector<SharedText>& ids, const RuleSet& rules,
                       const std::vector<load::AccessList>& access) {
    SiteResult result;
    result.layer_overlap_m2 = ov.layer_overlap_m2;
    result.layer_overlap_len_m = ov.layer_overlap_len_m;
    auto layer_pos = [&](const load::Layer* l) { return static_cast<std::size_t>(l - layers.layers.data()); };

    for (auto& o : ov.overlaps) {
        HitResult h;
        h.layer = layer_pos(index[o.layer].layer);
        h.feature = o.feature;
        h.overlap_m2 = o.overlap_m2;
        h.overlap_len_m = o.overlap_len_m;
        h.overlap_ratio = o.overlap_ratio;
        h.piece = std::move(o.piece);
        result.hits.push_back(std::move(h));
    }
    for (const auto& r : rules.rules) {
        if (r.is_landcover() || !site_matches(r, site)) continue;  // land-cover rules: after the land-cover pass
        switch (r.relation) {
            case Relation::overlaps:
                for (auto& h : result.hits) {
                    const load::Layer& layer = layers.layers[h.layer];
                    const load::Feature& f = layer.features[h.feature];
                    if (!layer_matches(r, layer) || !zone_matches(r, f.zone)) continue;
                    if (h.overlap_ratio < r.min_overlap_ratio || h.overlap_m2 < r.min_overlap_m2) continue;
                    fire(result, r, ids[h.layer], &f, &h);
                }
                break;
            case Relation::within:
                for (std::size_t l = 0; l < index.size(); ++l) {
                    const load::Layer& layer = *index[l].layer;
                    if (!layer_matches(r, layer)) continue;
                    for (const auto& zone_near : ov.nearest_by_zone[l]) {
                        const std::string& zone = zone_near.first;  // named, not bound: the lambdas below use them
                        const Nearest& near = zone_near.second;
                        if (!zone_matches(r, zone) || near.distance_m > r.distance_m) continue;
                        const std::size_t lp = layer_pos(&layer);
                        const bool overlapped = std::any_of(result.hits.begin(), result.hits.end(), [&](const HitResult& h) {
                            return h.layer == lp && h.overlaps && layers.layers[lp].features[h.feature].zone == zone;
                        });
                        if (overlapped) continue;
                        auto it = std::find_if(result.hits.begin(), result.hits.end(), [&](const HitResult& h) {
                            return h.layer == lp && h.feature == near.feature;
                        });
                        if (it == result.hits.end()) {
                            HitResult h;
                            h.layer = lp;
                            h.feature = near.feature;
                            h.overlaps = false;
                            h.distance_m = near.distance_m;
                            result.hits.push_back(std::move(h));
                            it = result.hits.end() - 1;
                        }
                        fire(result, r, ids[lp], &layer.features[near.feature], &*it);
                    }
                }
                break;
            case Relation::outside: {
                bool any_layer = false, inside = false;
                for (const auto& layer : layers.layers) {
                    if (!layer_matches(r, layer)) continue;
                    any_layer = true;
                    for (const auto& h : result.hits) {
                        if (h.overlaps && &layers.layers[h.layer] == &layer &&
                            zone_matches(r, layer.features[h.feature].zone)) {
                            inside = true;
                        }
                    }
                }
                if (any_layer && !inside) fire(result, r, {}, nullptr, nullptr);
                break;
            }
        }
    }
    // Nearest feature of every layer, and the control units the site falls in.
    result.nearest.resize(layers.layers.size());
    for (std::size_t l = 0; l < index.size(); ++l) {
        if (ov.nearest[l]) {
            const std::size_t lp = layer_pos(index[l].layer);
            result.nearest[lp] = NearestResult{lp, ov.nearest[l]->feature, ov.nearest[l]->distance_m};
        }
    }
    for (const auto& h : result.hits) {
        const load::Layer& layer = layers.layers[h.layer];
        if (layer.spec.role != catalog::Role::control_unit || !h.overlaps) continue;
        UnitShare u{h.layer, h.feature, h.overlap_ratio, h.overlap_m2, nullptr};
        for (const auto& a : access) {
            if (a.layer_id != layer.spec.id) continue;
            auto it = a.by_code.find(layer.features[h.feature].code);
            if (it != a.by_code.end()) u.requirements = &it->second;
        }
        result.units.push_back(u);
    }
    std::sort(result.units.begin(), result.units.end(), [](const UnitShare& a, const UnitShare& b) { return a.share > b.share; });
    // Most severe first; then by layer order.
    std::stable_sort(result.hits.begin(), result.hits.end(), [](const HitResult& a, const HitResult& b) {
        if (a.verdict != b.verdict) return a.verdict > b.verdict;
        return a.layer < b.layer;
    });
    std::stable_sort(result.reasons.begin(), result.reasons.end(),
                     [](const Reason& a, const Reason& b) { return a.verdict > b.verdict; });
    return result;
}


// What the coverage is made of, ready to measure sites against (see CoverageOptions).
struct CoverageIndex {
    std::string label, label_zh;
    std::optional<std::size_t> main_layer;  // position in the screening index
    load::LayerSet zones;                   // the zones as one layer, when they are the coverage
    std::unique_ptr<index::LayerIndex> zones_index;
    geom::Envelope extent;                  // the last resort: the layers' joint extent
};

CoverageIndex coverage_of(const load::LayerSet& layers, const index::LayerIndex& index, const CoverageOptions& opt) {
    CoverageIndex c;
    auto in_index = [&](const load::Layer* l) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < index.size(); ++i)
            if (index[i].layer == l) return i;
        return std::nullopt;
    };
    auto use_layer = [&](const load::Layer& l) {
        c.main_layer = in_index(&l);
        c.label = "layer " + l.spec.label();
        c.label_zh = l.spec.title.empty() ? l.spec.id : l.spec.title;
    };
    if (!opt.layer_id.empty()) {
        const load::Layer* l = layers.find(opt.layer_id);
        if (!l) {
            std::vector<std::string> ids;
            for (const auto& x : layers.layers) ids.push_back(x.spec.id);
            throw Error({}, tr("the coverage layer '{1}' is not a layer of the catalog.{2}",
                               opt.layer_id, text::did_you_mean(opt.layer_id, ids)),
                        tr("Name one of: {1}.", text::join(ids)), ErrorKind::input);
        }
        use_layer(*l);
        return c;
    }
    for (const auto& l : layers.layers) {
        if (l.spec.role == catalog::Role::control_unit && !l.features.empty()) {
            use_layer(l);
            return c;
        }
    }
    if (opt.zones && !opt.zones->empty()) {
        load::Layer z;
        z.spec.id = "zones";
        z.spec.title = "行政区划";
        for (const auto& f : *opt.zones) {
            if (!f.geom) continue;
            load::Feature g;
            g.fid = f.fid;
            g.code = f.code;
            g.name = f.name;
            g.geom = geom::clone(f.geom.get());
            z.features.push_back(std::move(g));
        }
        c.zones.working_crs = layers.working_crs;
        c.zones.ellipsoid = layers.ellipsoid;
        c.zones.layers.push_back(std::move(z));
        c.zones_index = std::make_unique<index::LayerIndex>(c.zones);
        c.main_layer = 0;
        c.label = "the catalog's zones (county boundaries)";
        c.label_zh = "行政区划";
        return c;
    }
    for (const auto& l : layers.layers)
        if (!l.features.empty()) c.extent.expand(l.report.extent);
    c.label = "the joint extent of the layers (a box: add a control-unit layer or [zones] for an exact coverage)";
    c.label_zh = "各图层范围";
    return c;
}

// The share of the site inside the coverage: of its area (parcels, footprints), of its length (routes), or
// 0/1 for a bare point.
double coverage_share(const load::Site& site, const GEOSGeometry* fp, const SiteOverlay& ov, const CoverageIndex& c,
                      const geom::Ellipsoid& e) {
    const bool polygonal = geom::is_polygonal(fp), lineal = geom::is_lineal(fp);
    auto share_from = [&](const SiteOverlay& o, std::size_t l) {
        if (polygonal) return site.area_m2 > 0 ? o.layer_overlap_m2[l] / site.area_m2 : 0.0;
        if (lineal) return site.length_m > 0 ? o.layer_overlap_len_m[l] / site.length_m : 0.0;
        for (const auto& x : o.overlaps)
            if (x.layer == l) return 1.0;
        return 0.0;
    };
    if (c.zones_index) {
        OverlayOptions o;
        o.search_m = 0;
        return std::min(1.0, share_from(overlay_site(site, fp, *c.zones_index, e, o), 0));
    }
    if (c.main_layer) return std::min(1.0, share_from(ov, *c.main_layer));
    // A coverage layer with no features (so not indexed), or no layer with features at all: nothing is covered.
    const geom::Envelope& x = c.extent;
    if (x.empty) return 0.0;
    const geom::Envelope env = geom::envelope(fp);
    if (env.min_x > x.max_x || x.min_x > env.max_x || env.min_y > x.max_y || x.min_y > env.max_y) return 0.0;
    if (env.min_x >= x.min_x && env.max_x <= x.max_x && env.min_y >= x.min_y && env.max_y <= x.max_y) return 1.0;
    geom::GeomPtr box = geom::checked(GEOSGeom_createRectangle_r(geom::geos(), x.min_x, x.min_y, x.max_x, x.max_y), "box");
    geom::GeomPtr inside = geom::checked(GEOSIntersection_r(geom::geos(), fp, box.get()), "coverage");
    if (polygonal) return site.area_m2 > 0 ? std::min(1.0, geom::geodesic_area_m2(inside.get(), e) / site.area_m2) : 0.0;
    if (lineal) return site.length_m > 0 ? std::min(1.0, geom::geodesic_length_m(inside.get(), e) / site.length_m) : 0.0;
    return GEOSisEmpty_r(geom::geos(), inside.get()) ? 0.0 : 1.0;
}

void sort_reasons(SiteResult& r) {
    std::stable_sort(r.reasons.begin(), r.reasons.end(), [](const Reason& a, const Reason& b) { return a.verdict > b.verdict; });
}

// A site wholly or partly outside the coverage is never clear.
bool apply_coverage(SiteResult& r, const load::Site& site, const GEOSGeometry* fp, const CoverageIndex& c, double tolerance) {
    const double outside = 1.0 - r.coverage_share;
    if (geom::is_polygonal(fp) || geom::is_lineal(fp)) {
        // Inside when at most `tolerance` of it, and at most 1 m² (parcels) or 1 m (routes), is outside.
        const double amount = outside * (geom::is_polygonal(fp) ? site.area_m2 : site.length_m);
        if (outside <= tolerance || amount <= 1.0) return false;
    } else if (r.coverage_share > 0) {
        return false;  // a bare point is inside or not
    }
    Reason reason;
    reason.rule = "outside-coverage";
    reason.verdict = Verdict::review;
    reason.source = "ecozone 数据覆盖检查（无数据不作“符合”结论）";
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.1f", 100.0 * outside);
    if (r.coverage_share <= 0) {
        reason.text = "项目位于分区数据覆盖范围（" + c.label_zh + "）之外：无数据处无法判定是否符合，须人工核查。";
        reason.text_en = "The site lies outside the zoning data's coverage (" + c.label +
                         "): where there is no data nothing can be judged; check it by hand.";
    } else {
        reason.text = "项目有 " + std::string(pct) + "% 位于分区数据覆盖范围（" + c.label_zh + "）之外，该部分无法判定，须人工核查。";
        reason.text_en = std::string(pct) + " % of the site lies outside the zoning data's coverage (" + c.label +
                         "); that part cannot be judged; check it by hand.";
    }
    r.verdict = std::max(r.verdict, Verdict::review);
    r.reasons.push_back(std::move(reason));
    sort_reasons(r);
    return true;
}

SiteResult not_screened(const std::string& problem, const load::LayerSet& layers) {
    SiteResult r;
    r.screened = false;
    r.coverage_share = 0;
    r.verdict = Verdict::review;
    r.nearest.resize(layers.layers.size());
    r.layer_overlap_m2.assign(layers.layers.size(), 0);
    r.layer_overlap_len_m.assign(layers.layers.size(), 0);
    r.reasons.push_back({"not-screened", Verdict::review,
                         "地块几何无法使用，未筛查：须核对坐标或图形后重新筛查（" + problem + "）。",
                         "Not screened: " + problem + ". Check the site's coordinates or shape and screen it again.", "", ""});
    return r;
}

}  // namespace

namespace {

// The position of (x, y) along a Hilbert curve filling a 2^16 × 2^16 grid: points close on the curve are close
// on the grid.
std::uint64_t hilbert_key(std::uint32_t x, std::uint32_t y) {
    constexpr std::uint32_t n = 1u << 16;
    std::uint64_t d = 0;
    for (std::uint32_t s = n / 2; s > 0; s /= 2) {
        const std::uint32_t rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;
        d += std::uint64_t{s} * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::swap(x, y);
        }
    }
    return d;
}

// The order in which to screen the sites: along a Hilbert curve through the centres of their boxes, so that
// sites screened one after the other lie near each other (sites without a shape last, in file order). Only
// the work follows it; results stay in the sites' own order.
std::vector<std::size_t> spatial_order(const load::SiteSet& sites) {
    const std::size_t n = sites.sites.size();
    std::vector<std::pair<double, double>> centre(n, {std::nan(""), std::nan("")});
    geom::Envelope all;
    for (std::size_t i = 0; i < n; ++i) {
        const load::Site& s = sites.sites[i];
        if (!s.problem.empty() || !s.geom) continue;
        const geom::Envelope e = geom::envelope(s.geom.get());
        if (e.empty) continue;
        centre[i] = {(e.min_x + e.max_x) / 2, (e.min_y + e.max_y) / 2};
        all.expand({centre[i].first, centre[i].second, centre[i].first, centre[i].second, false});
    }
    std::vector<std::uint64_t> key(n, std::numeric_limits<std::uint64_t>::max());
    const double w = all.empty ? 0 : all.max_x - all.min_x, h = all.empty ? 0 : all.max_y - all.min_y;
    const double scale = 65535.0 / std::max({w, h, 1e-12});
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(centre[i].first)) continue;
        const auto gx = static_cast<std::uint32_t>(std::clamp((centre[i].first - all.min_x) * scale, 0.0, 65535.0));
        const auto gy = static_cast<std::uint32_t>(std::clamp((centre[i].second - all.min_y) * scale, 0.0, 65535.0));
        key[i] = hilbert_key(gx, gy);
    }
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
    return order;
}

// Sites are screened in batches, so that memory stays flat however many sites there are: a batch's
// footprints, coverage grids and class tallies are let go before the next.
constexpr std::size_t k_site_batch = 1024;

// The land the sites `batch` occupy, on their `footprints` as screened (footprints[k] is site batch[k]'s),
// from the land-cover raster; then the land-cover rules.
void measure_occupancy_batch(ScreeningResult& out, const load::SiteSet& sites, const load::LayerSet& layers,
                             const RuleSet& rules, const OccupancyOptions& opt, std::span<const std::size_t> batch,
                             const std::vector<load::FootprintRef>& footprints) {
    std::vector<const GEOSGeometry*> polys;
    std::vector<std::size_t> site_of;
    for (std::size_t k = 0; k < footprints.size(); ++k) {
        const std::size_t i = batch[k];
        const GEOSGeometry* fp = footprints[k].get();
        if (!sites.sites[i].problem.empty() || !out.sites[i].screened) continue;
        if (!fp || !geom::is_polygonal(fp) || GEOSisEmpty_r(geom::geos(), fp)) continue;
        polys.push_back(fp);
        site_of.push_back(i);
    }
    if (polys.empty()) return;
    const auto areas = stats::zonal_class_areas(*opt.raster, polys, layers.working_crs, {});
    auto in = [](const std::vector<int>& set, int c) { return std::find(set.begin(), set.end(), c) != set.end(); };
    for (std::size_t k = 0; k < polys.size(); ++k) {
        SiteResult& res = out.sites[site_of[k]];
        const load::Site& site = sites.sites[site_of[k]];
        Occupancy& o = res.landcover;
        o.available = true;
        o.class_m2 = areas[k].class_m2;
        o.nodata_m2 = areas[k].nodata_m2;
        // A part of the site beyond the raster is no data too.
        const double measured = areas[k].valid_m2 + areas[k].nodata_m2;
        if (site.area_m2 > measured) o.nodata_m2 += site.area_m2 - measured;
        for (const auto& [c, a] : o.class_m2) {
            if (in(opt.forest_classes, c)) o.forest_m2 += a;
            if (in(opt.green_classes, c)) o.green_m2 += a;
        }
        if (opt.carbon) o.carbon_t_c = stats::carbon_stock(*opt.carbon, o.class_m2, tr("site {1}", site.id)).total();
        bool fired = false;
        for (const auto& r : rules.rules) {
            if (!r.is_landcover() || !site_matches(r, site)) continue;
            const std::vector<int>& classes = r.landcover == "forest" ? opt.forest_classes
                                              : r.landcover == "green" ? opt.green_classes
                                                                       : r.landcover_classes;
            double a = 0;
            for (const auto& [c, m2] : o.class_m2)
                if (in(classes, c)) a += m2;
            if (a > 0 && a >= r.min_m2) {
                fire(res, r, {}, nullptr, nullptr);
                fired = true;
            } else if (o.nodata_m2 > std::max(1.0, 0.001 * site.area_m2)) {
                // No data under part of the site: the rule cannot say the land is not there.
                Reason reason;
                reason.rule = r.id;
                reason.verdict = Verdict::review;
                const std::string pct = text::fixed(100.0 * o.nodata_m2 / site.area_m2, 1);
                reason.source = "ecozone 数据覆盖检查（无数据不作“符合”结论）";
                reason.text = "土地覆盖数据缺少该项目 " + pct + "% 的面积，无法确认是否触发规则“" + r.id + "”（" + r.reason + "），须人工核查。";
                reason.text_en = "The land cover has no data for " + pct + " % of the site; rule " + r.id +
                                 " could not be checked there; check it by hand.";
                res.verdict = std::max(res.verdict, Verdict::review);
                res.reasons.push_back(std::move(reason));
                fired = true;
            }
        }
        if (fired) sort_reasons(res);
    }
}

}  // namespace

ScreeningResult screen_sites(const index::LayerIndex& index, const load::SiteSet& sites, const RuleSet& rules,
                             const std::vector<load::AccessList>& access, const ScreeningOptions& options,
                             Diagnostics& diagnostics) {
    const load::LayerSet& layers = index.layers();
    ScreeningResult out;
    OverlayOptions ov_opt = options.overlay;
    if (rules.max_within_m() > ov_opt.search_m) {
        diagnostics.note({}, tr("distances are searched up to {1} m, the farthest distance a rule uses (more than "
                                "--search-m).", text::thousands(rules.max_within_m(), 0)));
        ov_opt.search_m = rules.max_within_m();
    }
    out.search_m = ov_opt.search_m;
    // Proximity rules look at the nearest feature of each zone value; other layers need only the nearest.
    ov_opt.nearest_per_zone.assign(index.size(), false);
    for (std::size_t l = 0; l < index.size(); ++l) {
        for (const auto& r : rules.rules) {
            if (r.relation == Relation::within && layer_matches(r, *index[l].layer)) ov_opt.nearest_per_zone[l] = true;
        }
    }
    for (const auto& r : rules.rules) {
        if (r.relation != Relation::outside) continue;
        const bool any = std::any_of(layers.layers.begin(), layers.layers.end(),
                                     [&](const load::Layer& l) { return layer_matches(r, l); });
        if (!any) {
            diagnostics.note(Where{rules.path, r.line},
                             tr("rule '{1}' was not applied: the catalog has no layer it refers to.", r.id));
        }
    }

    const CoverageIndex coverage = coverage_of(layers, index, options.coverage);
    out.coverage = coverage.label;

    const std::vector<SharedText> ids = layer_ids(layers);
    out.sites.resize(sites.sites.size());
    std::vector<char> outside(sites.sites.size(), 0);
    std::vector<std::string> geos_failures(sites.sites.size());
    std::atomic<std::size_t> done{0};
    // In batches: the land under a batch's sites is measured on the footprints made to screen them (a point's
    // circle is made once for both), and they are let go before the next batch, so that memory stays flat.
    // A batch is sites near each other (see spatial_order): the raster tiles under them are decoded once for
    // the batch rather than once for every batch with a site somewhere in the tile.
    const std::vector<std::size_t> order = spatial_order(sites);
    std::vector<load::FootprintRef> footprints;
    for (std::size_t first = 0; first < order.size(); first += k_site_batch) {
        const std::span<const std::size_t> batch(order.data() + first, std::min(k_site_batch, order.size() - first));
        footprints.clear();
        footprints.resize(batch.size());
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, batch.size(), 8), [&](const auto& range) {
            for (std::size_t k = range.begin(); k != range.end(); ++k) {
                const std::size_t i = batch[k];
                const load::Site& site = sites.sites[i];
                if (!site.problem.empty()) {
                    out.sites[i] = not_screened(site.problem, layers);
                } else {
                    try {
                        load::FootprintRef& fp = footprints[k];
                        fp = load::footprint_of(site, layers.ellipsoid);
                        SiteOverlay ov = overlay_site(site, fp.get(), index, layers.ellipsoid, ov_opt);
                        const double share = coverage_share(site, fp.get(), ov, coverage, layers.ellipsoid);
                        out.sites[i] = apply_rules(site, ov, index, layers, ids, rules, access);
                        out.sites[i].coverage_share = share;
                        outside[i] = apply_coverage(out.sites[i], site, fp.get(), coverage, options.coverage.tolerance);
                    } catch (const geom::GeosError& e) {
                        // One shape GEOS cannot handle does not end the batch: the site stays, not screened, saying why.
                        geos_failures[i] = e.what();
                        out.sites[i] = not_screened(geos_failures[i], layers);
                    }
                }
                const std::size_t n = ++done;
                if (options.progress) options.progress(n, sites.sites.size());
            }
        });
        if (options.landcover.raster) measure_occupancy_batch(out, sites, layers, rules, options.landcover, batch, footprints);
    }
    for (std::size_t i = 0; i < sites.sites.size(); ++i) {
        if (geos_failures[i].empty()) continue;
        Where w{sites.source};
        w.feature = tr("site {1}, {2}", sites.sites[i].id, sites.sites[i].origin);
        diagnostics.warn(w, tr("not screened: {1}; it is listed with verdict review.", geos_failures[i]),
                         tr("Simplify or redraw the site's shape (or the layer feature named), then screen it again."));
    }
    std::vector<std::string> outside_ids;
    std::size_t n_outside = 0;
    for (std::size_t i = 0; i < sites.sites.size(); ++i) {
        if (!outside[i]) continue;
        if (++n_outside <= 8) {
            outside_ids.push_back(tr("{1} ({2} % inside)",
                                     sites.sites[i].id, text::thousands(100.0 * out.sites[i].coverage_share, 1)));
        }
    }
    if (n_outside) {
        diagnostics.warn({},
                         trn("{n} site lies wholly or partly outside the zoning data's coverage, {1}: {2}; its verdict "
                             "is review, not clear.",
                             "{n} sites lie wholly or partly outside the zoning data's coverage, {1}: {2}; their verdict "
                             "is review, not clear.",
                             n_outside, messages_in_chinese() ? coverage.label_zh : coverage.label, text::join(outside_ids) + (n_outside > 8 ? " …" : "")),
                         tr("Screen them against data that covers them, or check them by hand."));
    }
    if (!options.landcover.raster) {
        for (const auto& r : rules.rules) {
            if (r.is_landcover()) {
                diagnostics.note(Where{rules.path, r.line},
                                 tr("rule '{1}' was not applied: the catalog has no [landcover] to tell what land a site occupies.", r.id));
            }
        }
    }
    for (const auto& s : out.sites) {
        ++out.counts[s.verdict];
        out.worst = std::max(out.worst, s.verdict);
    }
    return out;
}

OccupancyOptions SiteLandcover::options() const {
    OccupancyOptions o;
    o.raster = landcover.source.get();
    o.forest_classes = landcover.forest_classes;
    o.green_classes = landcover.green_classes;
    o.carbon = carbon ? &*carbon : nullptr;
    return o;
}

SiteLandcover open_site_landcover(const catalog::Catalog& catalog) {
    SiteLandcover s;
    s.landcover = stats::open_landcover(catalog);
    if (s.landcover.source && !catalog.landcover->carbon.empty()) s.carbon = stats::load_carbon_table(catalog.landcover->carbon);
    return s;
}

}  // namespace ecozone::screen
