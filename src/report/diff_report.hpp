#pragma once
// The outputs of `ecozone diff`: what changed between two zoning editions, as diff.json (the contract),
// diff.csv (area gained and lost per layer and zone), diff_features.csv (every changed feature),
// diff_sites.csv (sites whose verdict or reasons change), diff.xlsx, and diff.gpkg (the gained and lost
// pieces, styled for QGIS).

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "core/diagnostics.hpp"
#include "diff/edition_diff.hpp"
#include "load/sites.hpp"
#include "screen/screening.hpp"

namespace ecozone::report {

// With --sites: the sites, both screenings and what changed between them.
struct SitesDiff {
    const load::SiteSet* sites = nullptr;
    const screen::ScreeningResult* before = nullptr;
    const screen::ScreeningResult* after = nullptr;
    std::vector<diff::SiteChange> changes;
};

struct DiffReport {
    const catalog::Catalog* before = nullptr;
    const catalog::Catalog* after = nullptr;
    std::string working_crs, working_crs_label;
    std::string zones_source;  // "" when there are no zones
    const diff::DiffResult* result = nullptr;
    const SitesDiff* sites = nullptr;  // null without --sites
    const Diagnostics* diagnostics = nullptr;
};

nlohmann::ordered_json diff_json(const DiffReport& r);

// Writes the formats asked for ("json", "csv", "xlsx", "gpkg") into `dir` under temporary names, moved
// into place only when all are written. Returns the paths written.
std::vector<std::filesystem::path> write_diff(const DiffReport& r, const std::filesystem::path& dir,
                                              const std::set<std::string>& formats);

}  // namespace ecozone::report
