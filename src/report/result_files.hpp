#pragma once
// Reading back what ecozone wrote (screening.json, stats.json), for maps. A file that was edited by hand
// or is not ours gets an ecozone::Error naming the file and the entry that is wrong, never a crash.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ecozone::report {

struct ScreenedSite {
    std::string id, name, verdict, verdict_label;
};

// The sites of a screening.json.
std::vector<ScreenedSite> read_screening_sites(const std::string& path);

struct IndicatorValues {
    std::map<std::string, double> values;     // zone id -> value
    std::map<std::string, bool> target_met;   // zone id -> met (its own target, else its group's)
    std::string target_label;                 // e.g. "森林覆盖率 >= 56.5%（2025）"
};

// One indicator of every zone of a stats.json ("forest_pct", "urban_green_pct", "layer:<id>").
IndicatorValues read_stats_indicator(const std::string& path, const std::string& indicator);

}  // namespace ecozone::report
