#include "stats/land_change.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <tbb/parallel_for.h>

#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "stats/indicators.hpp"

namespace ecozone::stats {

namespace {

double pct(double part, double whole) { return whole > 0 ? 100.0 * part / whole : 0.0; }

bool in(const std::vector<int>& set, int c) { return std::find(set.begin(), set.end(), c) != set.end(); }

CoverChange cover_change(const TransitionMatrix& m, const std::vector<int>& classes, double zone_area) {
    CoverChange c;
    for (const auto& [key, a] : m) {
        const bool from = in(classes, key.first), to = in(classes, key.second);
        if (from) c.before_m2 += a;
        if (to) c.after_m2 += a;
        if (key.first == k_no_class || key.second == k_no_class) continue;
        if (to && !from) c.gain_m2 += a;
        if (from && !to) c.loss_m2 += a;
    }
    c.net_m2 = c.gain_m2 - c.loss_m2;
    c.before_pct = pct(c.before_m2, zone_area);
    c.after_pct = pct(c.after_m2, zone_area);
    c.change_pp = c.after_pct - c.before_pct;
    return c;
}

void derive(ZoneChange& z, const ChangeInput& in_, const std::string& label) {
    for (const auto& [key, a] : z.matrix) {
        if (key.first == k_no_class) z.before_nodata_m2 += a;
        if (key.second == k_no_class) z.after_nodata_m2 += a;
        if (key.first != k_no_class && key.second != k_no_class) (key.first == key.second ? z.unchanged_m2 : z.changed_m2) += a;
    }
    z.forest = cover_change(z.matrix, in_.forest_classes, z.area_m2);
    z.green = cover_change(z.matrix, in_.green_classes, z.area_m2);
    if (const CarbonTable* table = in_.carbon) {
        CarbonChange c;
        std::map<int, double> before, after;
        for (const auto& [key, a] : z.matrix) {
            if (key.first != k_no_class) before[key.first] += a;
            if (key.second != k_no_class) after[key.second] += a;
            if (key.first == k_no_class || key.second == k_no_class) continue;
            const CarbonClass* from = table->find(key.first);
            const CarbonClass* to = table->find(key.second);
            for (std::size_t p = 0; p < k_pools; ++p) c.change.t[p] += a / 1e4 * (to->t_per_ha[p] - from->t_per_ha[p]);
        }
        c.before = carbon_stock(*table, before, label);
        c.after = carbon_stock(*table, after, label);
        z.carbon = c;
    }
}

// A class with area that the carbon table lacks would leave its carbon out silently: all of them at once.
void require_carbon_classes(const CarbonTable& table, const std::vector<TransitionMatrix>& matrices, const YearRaster& before,
                            const YearRaster& after) {
    std::set<int> missing;
    for (const auto& m : matrices)
        for (const auto& [key, a] : m) {
            if (a <= 0) continue;
            for (int c : {key.first, key.second})
                if (c != k_no_class && !table.find(c)) missing.insert(c);
        }
    if (missing.empty()) return;
    std::vector<std::string> codes;
    for (int c : missing) codes.push_back(std::to_string(c));
    throw Error(Where{table.path},
                trn("land-cover class {1} occurs in the zones ({2}, {3}) but the carbon table has no row for it.",
                    "land-cover classes {1} occur in the zones ({2}, {3}) but the carbon table has no rows for them.",
                    missing.size(), text::join(codes), before.source->info().path, after.source->info().path),
                tr("Add a row for each (0 for the pools a class does not hold), so that no area is left out of the "
                   "carbon stock."));
}

}  // namespace

ChangeResult compute_change(ChangeInput input, const ChangeOptions& options, Diagnostics& diagnostics) {
    ChangeResult out;
    out.zones_source = input.zones_source;
    out.before = input.before.source->info();
    out.after = input.after.source->info();
    out.before_year = input.before.year;
    out.after_year = input.after.year;
    out.forest_classes = input.forest_classes;
    out.green_classes = input.green_classes;
    if (input.carbon) out.carbon = *input.carbon;
    // Targets are checked before the pass, which is the long part.
    if (input.targets) {
        std::vector<TargetZone> zones, groups;
        std::set<std::string> group_names;
        for (const auto& z : input.zones) {
            zones.push_back({z.id, z.name, z.group});
            if (input.grouped && group_names.insert(z.group).second) groups.push_back({z.group, z.group, ""});
        }
        require_targets_apply(*input.targets, zones, groups);
        for (const auto& t : input.targets->targets) {
            if (!input.carbon && t.indicator.starts_with("carbon_")) {
                throw Error(Where{input.targets->path, t.line},
                            tr("target '{1}' measures carbon ({2}), but no carbon table is given.", t.id, t.indicator),
                            tr("Name one under [landcover] (carbon = \"…\") or pass --carbon FILE."), ErrorKind::usage);
            }
        }
        out.targets_name = input.targets->name;
    }

    std::vector<const GEOSGeometry*> polys;
    for (const auto& z : input.zones) polys.push_back(z.geom.get());
    ZonalOptions zo;
    zo.progress = options.progress;
    std::vector<TransitionMatrix> matrices = zonal_transitions(*input.before.source, *input.after.source, polys,
                                                               input.working_crs, zo);
    if (input.carbon) require_carbon_classes(*input.carbon, matrices, input.before, input.after);

    const std::string before_name = out.before_year ? std::to_string(out.before_year) : out.before.path;
    const std::string after_name = out.after_year ? std::to_string(out.after_year) : out.after.path;
    for (std::size_t i = 0; i < input.zones.size(); ++i) {
        ZoneFigures& f = input.zones[i];
        ZoneChange z;
        z.id = f.id;
        z.name = f.name;
        z.group = f.group;
        z.area_m2 = f.area_m2;
        z.geom = std::move(f.geom);
        z.matrix = std::move(matrices[i]);
        derive(z, input, tr("zone {1}", z.id));
        for (const auto& [missing, year] : {std::pair{z.before_nodata_m2, before_name}, std::pair{z.after_nodata_m2, after_name}}) {
            if (missing <= 0.001 * z.area_m2) continue;
            const std::string text = tr("the {1} land cover has no data for {2} % of this zone; its figures for that year are incomplete",
                                        year, text::fixed(pct(missing, z.area_m2), 2));
            z.notes.push_back(text);
            diagnostics.warn(Where{out.zones_source}, tr("zone {1} ({2}): {3}.", z.id, z.name, text),
                             tr("Use rasters that cover the whole zone in both years before reporting the change."));
        }
        out.zones.push_back(std::move(z));
    }

    if (input.grouped) {
        std::map<std::string, std::size_t> pos;
        for (const auto& z : out.zones) {
            auto [it, inserted] = pos.try_emplace(z.group, out.groups.size());
            if (inserted) {
                ZoneChange g;
                g.id = g.name = g.group = z.group;
                out.groups.push_back(std::move(g));
            }
            ZoneChange& g = out.groups[it->second];
            g.area_m2 += z.area_m2;
            g.members.push_back(z.id);
            for (const auto& [key, a] : z.matrix) g.matrix[key] += a;
        }
        for (auto& g : out.groups) {
            derive(g, input, tr("group {1}", g.id));
            if (g.before_nodata_m2 > 0.001 * g.area_m2 || g.after_nodata_m2 > 0.001 * g.area_m2)
                g.notes.emplace_back(tr("the land cover of one year does not cover the whole group"));
        }
        if (options.group_outlines) tbb::parallel_for(std::size_t{0}, out.groups.size(), [&](std::size_t k) {
            ZoneChange& g = out.groups[k];
            std::vector<geom::GeomPtr> parts;
            for (const auto& z : out.zones)
                if (z.group == g.id) parts.push_back(geom::clone(z.geom.get()));
            g.geom = geom::union_all(std::move(parts));
        });
    }
    if (input.targets) {
        auto check = [&](ZoneChange& z, bool group) {
            for (const auto& t : input.targets->targets) {
                if (!is_change_target(t) || !target_applies(t, {z.id, z.name, z.group}, group)) continue;
                z.targets.push_back(target_result(t, change_indicator_value(z, t.indicator)));
            }
        };
        for (auto& z : out.zones) check(z, false);
        for (auto& g : out.groups) check(g, true);
        std::vector<std::string> ids;
        for (const auto& t : input.targets->targets)
            if (!is_change_target(t)) ids.push_back(t.id);
        if (!ids.empty()) {
            diagnostics.note({input.targets->path}, trn("{n} target is about one year's figures ({1}): `ecozone stats --targets` checks it.",
                                                        "{n} targets are about one year's figures ({1}): `ecozone stats --targets` checks them.",
                                                        ids.size(), text::join(ids)));
        }
    }
    return out;
}

std::optional<double> change_indicator_value(const ZoneChange& z, std::string_view name) {
    if (name == "forest_change_pp") return z.forest.change_pp;
    if (name == "green_change_pp") return z.green.change_pp;
    if (name == "forest_net_ha") return z.forest.net_m2 / 1e4;
    if (name == "carbon_change_t_co2e") return z.carbon ? std::optional(z.carbon->change.total() * k_co2_per_c) : std::nullopt;
    if (name == "carbon_stock_t_c") return z.carbon ? std::optional(z.carbon->after.total()) : std::nullopt;
    return std::nullopt;
}

}  // namespace ecozone::stats
