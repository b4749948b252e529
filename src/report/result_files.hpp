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

// One target checked for a zone or a group, as stats.json says.
struct TargetCheck {
    std::string label;   // "森林覆盖率 ≥ 56.5%（2025）"
    bool met = false;
    std::string source;  // the policy document it comes from
};

struct GroupValue {
    std::string id, name;
    std::optional<double> value;
    std::vector<TargetCheck> targets;  // of this indicator
};

struct IndicatorValues {
    std::map<std::string, double> values;                         // zone id -> value
    std::map<std::string, std::vector<TargetCheck>> zone_targets;  // zone id -> the zone's own targets
    std::vector<GroupValue> groups;                               // groups (cities) with targets of the indicator
};

// One indicator of every zone of a stats.json ("forest_pct", "urban_green_pct", "layer:<id>").
IndicatorValues read_stats_indicator(const std::string& path, const std::string& indicator);

// One change figure of every zone of a change.json: "forest_change_pp" or "green_change_pp" (percentage
// points between the two years).
std::map<std::string, double> read_change_indicator(const std::string& path, const std::string& indicator);

// The two land-cover years of a change.json, as it names them (a year, or 0 for a raster given as a
// file), and its forest classes.
struct ChangeYears {
    int before_year = 0, after_year = 0;
    std::string before_path, after_path;
    std::vector<int> forest_classes;
};
ChangeYears read_change_years(const std::string& path);

// The layers of a diff.json: id and title of each, and whether it gained or lost any area.
struct DiffLayer {
    std::string id, title;
    bool changed = false;
};
std::vector<DiffLayer> read_diff_layers(const std::string& path);

}  // namespace ecozone::report
