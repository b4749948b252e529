#pragma once
// What a zoning layer means. One name <-> enum table; parser, help text and hints read from it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ecozone::catalog {

enum class Role {
    ecological_redline,
    protected_area,
    permanent_farmland,
    urban_boundary,
    water_source,
    control_unit,
    industrial_park,
    green_space,
    forest,
    other,
};

struct RoleInfo {
    Role role;
    std::string_view name;   // as written in catalogs and rules
    std::string_view label;  // Chinese name planners use
};

const std::vector<RoleInfo>& role_table();
std::optional<Role> role_from_name(std::string_view name);
std::string_view role_name(Role role);
std::string_view role_label(Role role);
std::vector<std::string> role_names();

}  // namespace ecozone::catalog
