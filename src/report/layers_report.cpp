#include "report/layers_report.hpp"

#include <sstream>

#include "core/format.hpp"
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
    if (!catalog.date.empty()) out << " (data date " << catalog.date << ")";
    out << "\nworking CRS: " << set.working_crs_label << "; areas are geodesic on the ellipsoid\n\n";

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
            out << "  NOT LOADED (see the error above)\n\n";
            continue;
        }
        const load::LayerReport& r = layer->report;
        out << "\n    " << text::thousands(static_cast<double>(r.features), 0) << " features, " << r.geometry_type
            << ", source CRS " << r.source_crs << (r.crs_from_catalog ? " (from the catalog)" : "") << "\n";
        if (!r.extent.empty) {
            char buf[128];
            std::snprintf(buf, sizeof buf, "    extent %.4f, %.4f – %.4f, %.4f (W, S – E, N)\n", r.extent.min_x,
                          r.extent.min_y, r.extent.max_x, r.extent.max_y);
            out << buf;
        }
        out << "    repaired " << r.repaired << ", empty " << r.empty;
        if (r.collapsed) out << ", collapsed " << r.collapsed;
        out << "\n";
        if (r.area_m2 > 0) {
            out << "    area " << text::thousands(units::km2(r.area_m2), 4) << " km² = "
                << text::thousands(units::ha(r.area_m2), 4) << " ha = " << text::thousands(units::mu(r.area_m2), 2)
                << " 亩";
            if (r.sum_area_m2 > r.area_m2 * (1 + 1e-9)) {
                out << " (overlaps counted once; sum of features " << text::thousands(units::ha(r.sum_area_m2), 4)
                    << " ha)";
            }
            out << "\n";
        }
        if (r.length_m > 0) out << "    length " << text::thousands(r.length_m / 1000.0, 3) << " km\n";
        out << "\n";
    }
    out << set.layers.size() << " of " << catalog.layers.size() << " layers loaded";
    if (!set.failures.empty()) out << ", " << set.failures.size() << " failed";
    out << ".\n";
    return out.str();
}

}  // namespace ecozone::report
