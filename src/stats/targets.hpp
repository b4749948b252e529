#pragma once
// Policy targets (森林覆盖率 ≥ 56.5 %, 建成区绿地率 ≥ 38 % …) and whether a zone or group meets them.

#include <filesystem>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

namespace ecozone::stats {

// How a zone's value is held against a target's.
enum class Comparison { at_least, more_than, at_most, less_than, equal };
std::string_view comparison_symbol(Comparison c);  // ">=", ">", "<=", "<", "="
std::optional<Comparison> comparison_from_symbol(std::string_view symbol);
std::vector<std::string> comparison_symbols();

struct Target {
    std::string id;
    std::string indicator;   // a name of stats/indicators.hpp's table a target may name, or layer:<id>
    std::string label;       // e.g. 森林覆盖率
    Comparison comparison = Comparison::at_least;
    double value = 0;
    std::string scope = "zone";  // zone | group
    std::vector<std::string> applies_to;  // zone/group ids or names; empty = all
    int year = 0;
    std::string source;
    std::string note;
    int line = 0;
};

struct TargetSet {
    std::string path;
    std::string name;
    std::vector<Target> targets;
};

TargetSet load_targets(const std::filesystem::path& path);
TargetSet parse_targets(std::string_view text, const std::filesystem::path& path);

bool compare(double actual, Comparison comparison, double value);

// True for a target on a change between two years (stats/indicators.hpp's change table), which `ecozone
// change` checks; the others are checked by `ecozone stats`.
bool is_change_target(const Target& t);

// How a target finds the zones it is for: by id, by name, or (for county targets) by the county's city.
struct TargetZone {
    std::string id, name, group;
};
bool target_applies(const Target& t, const TargetZone& zone, bool group);
// A target must name what it measures: an applies_to that is no zone or group would silently check
// nothing. Throws ecozone::Error naming the targets file's line.
void require_targets_apply(const TargetSet& targets, const std::vector<TargetZone>& zones, const std::vector<TargetZone>& groups);

}  // namespace ecozone::stats
