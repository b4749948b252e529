#pragma once
// Statistics outputs: stats.json (stable contract), stats.csv (UTF-8 with BOM), stats.xlsx (one row per
// target checked, and the figures of zones and groups), stats.gpkg (zones and groups with their figures,
// for a choropleth in QGIS). Formats results; computes nothing.

#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "core/diagnostics.hpp"
#include "render/style.hpp"
#include "stats/stats.hpp"

namespace ecozone::report {

// The targets checked for one zone or group, as stats.json and change.json list them, and as one CSV cell
// ("森林覆盖率 >= 56.50: 58.12 达标; …").
nlohmann::ordered_json targets_json(const std::vector<stats::TargetResult>& results);
std::string targets_text(const std::vector<stats::TargetResult>& results);

nlohmann::ordered_json stats_json(const catalog::Catalog& catalog, const load::LayerSet& layers,
                                  const stats::StatsResult& result, const Diagnostics& diagnostics);
std::string stats_csv(const catalog::Catalog& catalog, const load::LayerSet& layers, const stats::StatsResult& result);
// `label` names the file in messages; `date` (YYYY-MM-DD) is the workbook's date.
void write_stats_xlsx(const catalog::Catalog& catalog, const load::LayerSet& layers, const stats::StatsResult& result,
                      const std::filesystem::path& path, const std::string& label, const std::string& date);
std::vector<std::filesystem::path> write_stats(const catalog::Catalog& catalog, const load::LayerSet& layers,
                                               const stats::StatsResult& result, const Diagnostics& diagnostics,
                                               const std::filesystem::path& dir, const std::set<std::string>& formats,
                                               const render::Style* style = nullptr);

}  // namespace ecozone::report
