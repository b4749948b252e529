#pragma once
// Screening outputs: screening.json (stable contract), screening.csv (UTF-8 with BOM), screening.xlsx,
// screening.gpkg (sites and overlap pieces) and report.html. Formats results; computes nothing.

#include <filesystem>
#include <functional>
#include <ostream>
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
    const render::Style* style = nullptr;              // styles of screening.gpkg and of report.html's maps
    const std::vector<load::Feature>* zones = nullptr;  // the catalog's zones, under report.html's maps
    // Called as the reports' pages are drawn (what: "report.html maps", "report.pdf"; done, total), for a
    // progress line on a terminal.
    std::function<void(const char* what, std::size_t, std::size_t)> map_progress;
};

// The maps of report.html: an overview of all sites, and one map per screened site, embedded in the
// page up to k_max_embedded_maps sites and written as files beside it (`files`, relative paths) above.
inline constexpr std::size_t k_max_embedded_maps = 200;
struct ReportMaps {
    std::string overview_png;
    std::vector<std::string> embedded_png;  // per site; "" = none
    std::vector<std::string> files;         // per site; "" = none
};

nlohmann::ordered_json screening_json(const ScreeningReport& r);
std::string screening_csv(const ScreeningReport& r);
// The same written to `out` as they are made, never held whole (screening_json(r).dump(2) and a newline).
void write_screening_json(const ScreeningReport& r, std::ostream& out);
void write_screening_csv(const ScreeningReport& r, std::ostream& out);
// report.pdf's bytes: the report as a print-ready A4 document with a title block; `date` as below.
std::string screening_pdf(const ScreeningReport& r, const std::string& date);
// `date` is the production date printed (YYYY-MM-DD).
std::string screening_html(const ScreeningReport& r, const ReportMaps& maps, const std::string& date);
// `label` is how messages name the file (its final name when `path` is a temporary one).
void write_screening_xlsx(const ScreeningReport& r, const std::filesystem::path& path, const std::string& label,
                          const std::string& date);
void write_screening_gpkg(const ScreeningReport& r, const std::filesystem::path& path, const std::string& label);

// Writes the requested formats ("json", "csv", "xlsx", "gpkg", "html", "pdf", "kml") into `dir`, all or none.
// Returns the files written.
std::vector<std::filesystem::path> write_screening(const ScreeningReport& r, const std::filesystem::path& dir,
                                                   const std::set<std::string>& formats);

}  // namespace ecozone::report
