#include "render/scene.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "core/suggest.hpp"
#include "stats/indicators.hpp"

namespace ecozone::render {

std::vector<MapZone> map_zones(const std::vector<load::Feature>& features) {
    std::vector<MapZone> zones;
    zones.reserve(features.size());
    for (const auto& f : features) zones.push_back({f.code, f.name, f.zone, f.geom.get()});
    return zones;
}

geom::Envelope zone_view(const std::vector<MapZone>& zones, const std::string& zone) {
    geom::Envelope view;
    for (const auto& z : zones) {
        if (z.id == zone || z.name == zone || z.group == zone) view.expand(geom::envelope(z.geom));
    }
    if (view.empty) {
        std::vector<std::string> names;  // counties, then their cities
        for (const auto& z : zones) names.push_back(z.name);
        for (const auto& z : zones)
            if (!z.group.empty() && std::find(names.begin(), names.end(), z.group) == names.end()) names.push_back(z.group);
        throw Error({}, "no zone is called or coded '" + zone + "'." + text::did_you_mean(zone, names),
                    zones.empty() ? "The catalog has no [zones] section." : "Use a county name or code, or a city name.",
                    ErrorKind::usage);
    }
    return view;
}

geom::Envelope parse_bbox(const std::string& text) {
    double w, s, e, n;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%lf,%lf,%lf,%lf%c", &w, &s, &e, &n, &tail) != 4 || !std::isfinite(w) ||
        !std::isfinite(s) || !std::isfinite(e) || !std::isfinite(n) || w >= e || s >= n || w < -180 || e > 180 ||
        s < -90 || n > 90) {
        throw Error({}, "--bbox '" + text + "' is not W,S,E,N in degrees.", "Example: --bbox 104.3,29.9,105.0,30.4",
                    ErrorKind::usage);
    }
    return geom::Envelope{w, s, e, n, false};
}

Choropleth make_choropleth(const std::string& indicator, std::map<std::string, double> values) {
    Choropleth c;
    c.indicator = indicator;
    c.label = stats::indicator_label(indicator) + "（%）";
    c.values = std::move(values);
    return c;
}

std::string choropleth_title(const std::string& place, const Choropleth& c) {
    return place + c.label.substr(0, c.label.find("（")) + "分布图";
}

std::string zoning_title(const std::string& place, const catalog::Catalog& cat) {
    return place.empty() ? cat.name : place + "生态环境分区管控图";
}

}  // namespace ecozone::render
