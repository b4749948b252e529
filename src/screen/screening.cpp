#include "screen/screening.hpp"

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>

#include <tbb/parallel_for.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "index/layer_index.hpp"
#include "io/site_text.hpp"

namespace ecozone::screen {

std::vector<AccessList> load_access_lists(const catalog::Catalog& catalog, Diagnostics& diagnostics) {
    std::vector<AccessList> out;
    for (const auto& spec : catalog.layers) {
        if (spec.access_list.empty()) continue;
        const io::CsvTable table =
            io::parse_csv(read_text_file(spec.access_list, "the access list", "Check access_list in the catalog."), spec.access_list);
        int code_col = 0;
        if (!spec.access_code_field.empty()) {
            auto it = std::find(table.header.begin(), table.header.end(), spec.access_code_field);
            if (it == table.header.end()) {
                Where w{catalog.path.string(), spec.line};
                w.layer = spec.label();
                throw Error(w, "the access list " + spec.access_list + " has no column '" + spec.access_code_field + "'." +
                                   text::did_you_mean(spec.access_code_field, table.header),
                            "Its columns are: " + text::join(table.header) + ".");
            }
            code_col = static_cast<int>(it - table.header.begin());
        }
        AccessList list;
        list.layer_id = spec.id;
        for (const auto& row : table.rows) {
            auto& reqs = list.by_code[row[static_cast<std::size_t>(code_col)]];
            for (std::size_t c = 0; c < row.size(); ++c) {
                if (static_cast<int>(c) == code_col || row[c].empty()) continue;
                const std::string& h = table.header[c];
                if (h.find("名称") != std::string::npos) continue;
                reqs.emplace_back(h, row[c]);
            }
        }
        if (table.was_gbk) {
            diagnostics.note(Where{spec.access_list}, "the access list is GBK text; it was read as such.");
        }
        out.push_back(std::move(list));
    }
    return out;
}

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

void fire(SiteResult& result, const Rule& r, const load::Layer* layer, const load::Feature* feature, HitResult* hit) {
    Reason reason{r.id, r.verdict, r.reason, r.reason_en, layer ? layer->spec.id : "", feature ? feature->code : ""};
    result.verdict = std::max(result.verdict, r.verdict);
    if (hit) {
        hit->verdict = std::max(hit->verdict, r.verdict);
        hit->reasons.push_back(r.reason);
        hit->reasons_en.push_back(r.reason_en);
    }
    result.reasons.push_back(std::move(reason));
}

SiteResult apply_rules(const load::Site& site, SiteOverlay& ov, const index::LayerIndex& index,
                       const load::LayerSet& layers, const RuleSet& rules, const std::vector<AccessList>& access) {
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
        if (!site_matches(r, site)) continue;
        switch (r.relation) {
            case Relation::overlaps:
                for (auto& h : result.hits) {
                    const load::Layer& layer = layers.layers[h.layer];
                    const load::Feature& f = layer.features[h.feature];
                    if (!layer_matches(r, layer) || !zone_matches(r, f.zone)) continue;
                    if (h.overlap_ratio < r.min_overlap_ratio || h.overlap_m2 < r.min_overlap_m2) continue;
                    fire(result, r, &layer, &f, &h);
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
                        fire(result, r, &layer, &layer.features[near.feature], &*it);
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
                if (any_layer && !inside) fire(result, r, nullptr, nullptr, nullptr);
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

}  // namespace

ScreeningResult screen_sites(const load::LayerSet& layers, const load::SiteSet& sites, const RuleSet& rules,
                             const std::vector<AccessList>& access, const ScreeningOptions& options,
                             Diagnostics& diagnostics) {
    ScreeningResult out;
    OverlayOptions ov_opt = options.overlay;
    if (rules.max_within_m() > ov_opt.search_m) {
        diagnostics.note({}, "distances are searched up to " + text::thousands(rules.max_within_m(), 0) +
                                 " m, the farthest distance a rule uses (more than --search-m).");
        ov_opt.search_m = rules.max_within_m();
    }
    out.search_m = ov_opt.search_m;
    const index::LayerIndex index(layers, options.max_piece_vertices, /*meridian_cuts_only=*/false, options.cache);
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
                             "rule '" + r.id + "' was not applied: the catalog has no layer it refers to.");
        }
    }

    out.sites.resize(sites.sites.size());
    std::atomic<std::size_t> done{0};
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, sites.sites.size(), 8), [&](const auto& range) {
        for (std::size_t i = range.begin(); i != range.end(); ++i) {
            SiteOverlay ov = overlay_site(sites.sites[i], index, layers.ellipsoid, ov_opt);
            out.sites[i] = apply_rules(sites.sites[i], ov, index, layers, rules, access);
            const std::size_t n = ++done;
            if (options.progress) options.progress(n, sites.sites.size());
        }
    });
    for (const auto& s : out.sites) {
        ++out.counts[s.verdict];
        out.worst = std::max(out.worst, s.verdict);
    }
    return out;
}

}  // namespace ecozone::screen
