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

}  // namespace ecozone::stats
