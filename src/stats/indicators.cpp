#include "stats/indicators.hpp"

namespace ecozone::stats {

namespace {

std::optional<double> landcover(const ZoneFigures& z, double LandcoverFigures::*field) {
    return z.landcover.available ? std::optional(z.landcover.*field) : std::nullopt;
}

}  // namespace

const std::vector<Indicator>& indicator_table() {
    static const std::vector<Indicator> table = {
        {"forest_pct", "森林覆盖率", "landcover", "forest_pct", true,
         [](const ZoneFigures& z) { return landcover(z, &LandcoverFigures::forest_pct); }},
        {"green_pct", "绿色覆盖比例", "landcover", "green_pct", true,
         [](const ZoneFigures& z) { return landcover(z, &LandcoverFigures::green_pct); }},
        {"coverage_pct", "土地覆盖数据覆盖率", "landcover", "coverage_pct", false,
         [](const ZoneFigures& z) { return landcover(z, &LandcoverFigures::coverage_pct); }},
        {"urban_green_pct", "城镇绿化覆盖率", "urban", "green_pct", true,
         [](const ZoneFigures& z) {
             return z.urban.raster && z.urban.area_m2 > 0 ? std::optional(z.urban.green_pct) : std::nullopt;
         }},
        {"urban_green_space_pct", "城镇绿地率", "urban", "green_space_pct", true,
         [](const ZoneFigures& z) {
             return z.urban.has_green_space && z.urban.area_m2 > 0 ? std::optional(z.urban.green_space_pct) : std::nullopt;
         }},
    };
    return table;
}

const Indicator* find_indicator(std::string_view name) {
    for (const auto& i : indicator_table())
        if (i.name == name) return &i;
    return nullptr;
}

std::optional<std::string> layer_of_indicator(std::string_view name) {
    if (!name.starts_with("layer:") || name.size() == 6) return std::nullopt;
    return std::string(name.substr(6));
}

bool is_indicator(std::string_view name, bool for_targets) {
    if (layer_of_indicator(name)) return true;
    if (for_targets && find_change_indicator(name)) return true;
    const Indicator* i = find_indicator(name);
    return i && (i->targetable || !for_targets);
}

std::vector<std::string> indicator_names(bool for_targets) {
    std::vector<std::string> out;
    for (const auto& i : indicator_table())
        if (i.targetable || !for_targets) out.emplace_back(i.name);
    out.emplace_back("layer:<id>");
    if (for_targets)
        for (const auto& i : change_indicator_table()) out.emplace_back(i.name);
    return out;
}

std::string indicator_label(std::string_view name) {
    if (auto layer = layer_of_indicator(name)) return *layer + " 面积占比";
    if (const ChangeIndicator* c = find_change_indicator(name)) return std::string(c->label);
    const Indicator* i = find_indicator(name);
    return i ? std::string(i->label) : std::string(name);
}

std::optional<double> indicator_value(const ZoneFigures& z, std::string_view name) {
    if (auto layer = layer_of_indicator(name)) {
        for (const auto& s : z.layers)
            if (s.layer == *layer) return s.total.pct;
        return std::nullopt;
    }
    const Indicator* i = find_indicator(name);
    return i ? i->value(z) : std::nullopt;
}

const std::vector<ChangeIndicator>& change_indicator_table() {
    static const std::vector<ChangeIndicator> table = {
        {"forest_change_pp", "森林覆盖率变化", "百分点", -100, 100},
        {"green_change_pp", "绿色空间占比变化", "百分点", -100, 100},
        {"forest_net_ha", "森林面积净变化", "公顷", -1e9, 1e9},
        {"carbon_change_t_co2e", "生态系统碳储量变化", "t CO₂e", -1e12, 1e12},
        {"carbon_stock_t_c", "生态系统碳储量（后期）", "t C", 0, 1e12},
    };
    return table;
}

const ChangeIndicator* find_change_indicator(std::string_view name) {
    for (const auto& i : change_indicator_table())
        if (i.name == name) return &i;
    return nullptr;
}

}  // namespace ecozone::stats
