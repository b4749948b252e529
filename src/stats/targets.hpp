#pragma once
// Policy targets (森林覆盖率 ≥ 56.5 %, 建成区绿地率 ≥ 38 % …) and whether a zone or group meets them.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ecozone::stats {

struct Target {
    std::string id;
    std::string indicator;   // a name of stats/indicators.hpp's table a target may name, or layer:<id>
    std::string label;       // e.g. 森林覆盖率
    std::string comparison;  // >= > <= < =
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

bool compare(double actual, const std::string& comparison, double value);

}  // namespace ecozone::stats
