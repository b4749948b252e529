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

}  // namespace ecozone::stats
