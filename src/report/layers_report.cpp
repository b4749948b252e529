#include "report/layers_report.hpp"

#include <sstream>

#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/units.hpp"
#include "core/version.hpp"

namespace ecozone::report {

using json = nlohmann::ordered_json;

json catalog_json(const catalog::Catalog& catalog) {
    return {{"name", catalog.name},
            {"version", catalog.version},
            {"date", catalog.date},
            {"crs", catalog.crs},
            {"path", catalog.path.string()}};
}

json diagnostics_json(const Diagnostics& diagnostics) {
    json out = json::array();
    for (const auto& d : diagnostics.all()) {
        out.push_back({{"severity", d.severity == Severity::warning ? "warning" : "note"},
                       {"message", d.text()},
                       {"hint", d.hint}});
    }
    return out;
}

json layers_json(const catalog::Catalog& catalog, const load::LayerSet& set, const Diagnostics& diagnostics) {
    json layers = json::array();
    for (const auto& spec : catalog.layers) {
        const load::Layer* layer = set.find(spec.id);
        if (!layer) continue;
        const load::LayerReport& r = layer->report;
        json extent = r.extent.empty ? json(nullptr)
                                     : json::array({r.extent.min_x, r.extent.min_y, r.extent.max_x, r.extent.max_y});
        layers.push_back({{"id", spec.id},
                          {"role", catalog::role_name(spec.role)},
                          {"title", spec.title},
                          {"source", spec.as_written},
                          {"driver", r.driver},
                          {"features", r.features},
                          {"geometry_type", r.geometry_type},
                          {"source_crs", r.source_crs},
                          {"crs_from_catalog", r.crs_from_catalog},
                          {"extent", extent},
                          {"repaired", r.repaired},
                          {"empty", r.empty},
                          {"collapsed", r.collapsed},
                          {"area_m2", r.area_m2},
                          {"area_ha", units::ha(r.area_m2)},
                          {"area_km2", units::km2(r.area_m2)},
                          {"sum_area_m2", r.sum_area_m2},
                          {"length_m", r.length_m}});
    }
    json errors = json::array();
    for (const auto& f : set.failures) {
        errors.push_back({{"id", f.spec.id}, {"message", f.error.what()}, {"hint", f.error.hint()}});
    }
    return {{"tool", {{"name", "ecozone"}, {"version", ecozone::version}}},
            {"catalog", catalog_json(catalog)},
            {"working_crs", set.working_crs_label},
            {"layers", layers},
            {"errors", errors},
            {"warnings", diagnostics_json(diagnostics)}};
}

std::string layers_text(const catalog::Catalog& catalog, const load::LayerSet& set) {
    std::ostringstream out;
    out << catalog.name;
    if (!catalog.version.empty()) out << " — " << catalog.version;
    if (!catalog.date.empty()) out << " " << tr("(data date {1})", catalog.date);
    out << "\n" << tr("working CRS: {1}; areas are geodesic on the ellipsoid", set.working_crs_label) << "\n\n";

    std::size_t id_w = 2, title_w = 5;
    for (const auto& spec : catalog.layers) {
        id_w = std::max(id_w, text::display_width(spec.id));
        title_w = std::max(title_w, text::display_width(spec.title));
    }
    for (const auto& spec : catalog.layers) {
        const load::Layer* layer = set.find(spec.id);
        out << text::pad_right(spec.id, id_w) << "  " << text::pad_right(spec.title, title_w) << "  ["
            << catalog::role_name(spec.role) << "]";
        if (!layer) {
            out << "  " << tr("NOT LOADED (see the error above)") << "\n\n";
            continue;
        }
        const load::LayerReport& r = layer->report;
        const std::string features = text::thousands(static_cast<double>(r.features), 0);
        out << "\n    "
            << (r.crs_from_catalog ? tr("{1} features, {2}, source CRS {3} (from the catalog)",
                                        features, r.geometry_type, r.source_crs)
                                   : tr("{1} features, {2}, source CRS {3}", features, r.geometry_type, r.source_crs))
            << "\n";
        if (!r.extent.empty) {
            out << "    "
                << tr("extent {1}, {2} – {3}, {4} (W, S – E, N)",
                      text::fixed(r.extent.min_x, 4), text::fixed(r.extent.min_y, 4),
                      text::fixed(r.extent.max_x, 4), text::fixed(r.extent.max_y, 4))
                << "\n";
        }
        out << "    " << tr("repaired {1}, empty {2}", r.repaired, r.empty);
        if (r.collapsed) out << tr(", collapsed {1}", r.collapsed);
        out << "\n";
        if (r.area_m2 > 0) {
            out << "    "
                << tr("area {1} km² = {2} ha = {3} 亩", text::thousands(units::km2(r.area_m2), 4),
                      text::thousands(units::ha(r.area_m2), 4), text::thousands(units::mu(r.area_m2), 2));
            if (r.sum_area_m2 > r.area_m2 * (1 + 1e-9)) {
                out << " " << tr("(overlaps counted once; sum of features {1} ha)",
                                 text::thousands(units::ha(r.sum_area_m2), 4));
            }
            out << "\n";
        }
        if (r.length_m > 0) out << "    " << tr("length {1} km", text::thousands(r.length_m / 1000.0, 3)) << "\n";
        out << "\n";
    }
    out << (set.failures.empty() ? tr("{1} of {2} layers loaded.", set.layers.size(), catalog.layers.size())
                                 : tr("{1} of {2} layers loaded, {3} failed.", set.layers.size(), catalog.layers.size(),
                                      set.failures.size()));
    out << "\n";
    return out.str();
}

}  // namespace ecozone::report
