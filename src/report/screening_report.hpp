#pragma once
// Screening outputs: screening.json (stable contract), screening.csv (UTF-8 with BOM),
// screening.gpkg (sites and overlap pieces) and report.html. Formats results; computes nothing.

#include <filesystem>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "core/diagnostics.hpp"
#include "load/load_layers.hpp"
#include "load/sites.hpp"
#include "render/style.hpp"
#include "screen/screening.hpp"

namespace ecozone::report {

struct ScreeningReport {
    const catalog::Catalog& catalog;
    const load::LayerSet& layers;
    const load::SiteSet& sites;
    const screen::RuleSet& rules;
    const screen::ScreeningResult& result;
    const Diagnostics& diagnostics;
    const render::Style* style = nullptr;      // styles carried by screening.gpkg
    std::vector<std::string> site_maps_png;  // per site, for report.html (empty = none)
};

// The maps of report.html, one PNG per screened site on the catalog's `zones`; none (with a note in
// `diagnostics`) above 200 sites.
std::vector<std::string> site_maps(const catalog::Catalog& cat, const load::LayerSet& layers, const render::Style& style,
                                   const std::vector<load::Feature>& zones, const load::SiteSet& sites,
                                   const screen::ScreeningResult& result, Diagnostics& diagnostics);

nlohmann::ordered_json screening_json(const ScreeningReport& r);
std::string screening_csv(const ScreeningReport& r);
std::string screening_html(const ScreeningReport& r);
// `label` is how messages name the file (its final name when `path` is a temporary one).
void write_screening_gpkg(const ScreeningReport& r, const std::filesystem::path& path, const std::string& label);

// Writes the requested formats ("json", "csv", "gpkg", "html") into `dir`, each atomically.
// Returns the files written.
std::vector<std::filesystem::path> write_screening(const ScreeningReport& r, const std::filesystem::path& dir,
                                                   const std::set<std::string>& formats);

}  // namespace ecozone::report
