#include "catalog/role.hpp"

namespace ecozone::catalog {

const std::vector<RoleInfo>& role_table() {
    static const std::vector<RoleInfo> table = {
        {Role::ecological_redline, "ecological_redline", "生态保护红线"},
        {Role::protected_area, "protected_area", "自然保护地"},
        {Role::permanent_farmland, "permanent_farmland", "永久基本农田"},
        {Role::urban_boundary, "urban_boundary", "城镇开发边界"},
        {Role::water_source, "water_source", "饮用水水源保护区"},
        {Role::control_unit, "control_unit", "环境管控单元"},
        {Role::industrial_park, "industrial_park", "产业园区"},
        {Role::green_space, "green_space", "绿地"},
        {Role::forest, "forest", "林地"},
        {Role::other, "other", "其他"},
    };
    return table;
}

std::optional<Role> role_from_name(std::string_view name) {
    for (const auto& info : role_table())
        if (info.name == name) return info.role;
    return std::nullopt;
}

std::string_view role_name(Role role) {
    for (const auto& info : role_table())
        if (info.role == role) return info.name;
    return "other";
}

std::string_view role_label(Role role) {
    for (const auto& info : role_table())
        if (info.role == role) return info.label;
    return "其他";
}

std::vector<std::string> role_names() {
    std::vector<std::string> names;
    for (const auto& info : role_table()) names.emplace_back(info.name);
    return names;
}

}  // namespace ecozone::catalog
