#pragma once
// The indicators ecozone reports per zone, in one table: the name targets and --indicator use, the
// Chinese label maps and reports print, where the value sits in stats.json, whether a policy target may
// name it, and how it is read from a zone's figures. Adding an indicator is one row in indicators.cpp
// (and the figure it reads). "layer:<id>", the share of a zoning layer, is the one indicator with a
// parameter, and is handled beside the table.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stats/stats.hpp"

namespace ecozone::stats {

struct Indicator {
    std::string_view name;        // "forest_pct"
    std::string_view label;       // "森林覆盖率"
    std::string_view json_group;  // stats.json: zones[].<json_group>.<json_key>
    std::string_view json_key;
    bool targetable = true;       // false: a data-quality figure, not a policy target
    std::optional<double> (*value)(const ZoneFigures&) = nullptr;
};

const std::vector<Indicator>& indicator_table();

// The row `name` names; null for "layer:<id>" and unknown names.
const Indicator* find_indicator(std::string_view name);
// "layer:<id>" -> "<id>"; nullopt for other names.
std::optional<std::string> layer_of_indicator(std::string_view name);
// Whether `name` is an indicator at all (targets: one a target may name).
bool is_indicator(std::string_view name, bool for_targets);
// Names for messages and help, "layer:<id>" last.
std::vector<std::string> indicator_names(bool for_targets);
// "森林覆盖率", or "<id> 面积占比" for a layer share.
std::string indicator_label(std::string_view name);
// The zone's value; nullopt when it has none (no land cover, no urban area, no such layer).
std::optional<double> indicator_value(const ZoneFigures& zone, std::string_view name);

// What changed between two years, as `ecozone change` measures it (its values: stats/land_change.hpp).
// Targets may name these too ("the ecosystem stays a carbon sink", "no net loss of forest"); `stats`
// leaves them to `change`, and `change` the one-year indicators to `stats`.
struct ChangeIndicator {
    std::string_view name;   // "carbon_change_t_co2e"
    std::string_view label;  // "生态系统碳储量变化"
    std::string_view unit;   // "t CO₂e"
    double min, max;         // what a target's value may be
};
const std::vector<ChangeIndicator>& change_indicator_table();
const ChangeIndicator* find_change_indicator(std::string_view name);

}  // namespace ecozone::stats
