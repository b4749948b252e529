#pragma once
// Land-cover change outputs: change.json (stable contract), change.csv (one row per zone and group: cover in
// both years, gain, loss, net, carbon), change_matrix.csv (every transition of every zone, long form),
// change.xlsx (the same as sheets) and change.gpkg (zones and groups with their figures, styled as a
// diverging choropleth of the net forest change). Formats results; computes nothing.

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "core/diagnostics.hpp"
#include "stats/land_change.hpp"

namespace ecozone::report {

nlohmann::ordered_json change_json(const catalog::Catalog& catalog, const std::string& working_crs_label,
                                   const stats::ChangeResult& result, const Diagnostics& diagnostics);
std::string change_csv(const catalog::Catalog& catalog, const stats::ChangeResult& result);
std::string change_matrix_csv(const stats::ChangeResult& result);
std::vector<std::filesystem::path> write_change(const catalog::Catalog& catalog, const std::string& working_crs,
                                                const std::string& working_crs_label, const stats::ChangeResult& result,
                                                const Diagnostics& diagnostics, const std::filesystem::path& dir,
                                                const std::set<std::string>& formats);

}  // namespace ecozone::report
