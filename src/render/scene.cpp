#include "render/scene.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "core/i18n.hpp"
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
        throw Error({}, tr("no zone is called or coded '{1}'.{2}", zone, text::did_you_mean(zone, names)),
                    zones.empty() ? tr("The catalog has no [zones] section.") : tr("Use a county name or code, or a city name."),
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
        throw Error({}, tr("--bbox '{1}' is not W,S,E,N in degrees.", text), tr("Example: --bbox 104.3,29.9,105.0,30.4"),
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

MapInput site_map_input(const MapInput& base, const load::Site& site, const screen::SiteResult& res) {
    MapInput in = base;
    Highlight h;
    h.site = site.footprint();
    for (const auto& hit : res.hits)
        if (hit.piece && hit.verdict != screen::Verdict::clear) h.overlaps.push_back({hit.piece.get(), hit.verdict});
    h.verdict = res.verdict;
    in.highlight = h;
    in.view = site_view(geom::envelope(site.footprint()));
    in.title = site.id + " " + site.name + "：" + std::string(screen::verdict_label(res.verdict));
    return in;
}

std::optional<MapInput> sites_overview_input(const MapInput& base, const load::SiteSet& sites,
                                             const screen::ScreeningResult& result) {
    MapInput in = base;
    geom::Envelope all;
    for (std::size_t i = 0; i < sites.sites.size(); ++i) {
        const auto& site = sites.sites[i];
        if (!site.footprint()) continue;
        in.site_marks.push_back({site.footprint(), result.sites[i].verdict, site.id});
        all.expand(geom::envelope(site.footprint()));
    }
    if (in.site_marks.empty()) return std::nullopt;
    const double dx = std::max(0.02, (all.max_x - all.min_x) * 0.08), dy = std::max(0.02, (all.max_y - all.min_y) * 0.08);
    in.view = geom::Envelope{all.min_x - dx, all.min_y - dy, all.max_x + dx, all.max_y + dy, false};
    in.draw_layers = false;
    in.title = "项目位置及筛查结论总图";
    return in;
}

}  // namespace ecozone::render
