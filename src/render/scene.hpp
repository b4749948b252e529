#pragma once
// What a map shows, put together from loaded data and results: its zones, its view, a choropleth,
// a highlighted site. No drawing and no files: report/map_scene reads our own results back, and
// render_map draws what these return.

#include <optional>
#include <string>
#include <vector>

#include "load/load_layers.hpp"
#include "render/map.hpp"

namespace ecozone::render {

// The zones of a map, viewing `features` (their geometries must outlive the map).
std::vector<MapZone> map_zones(const std::vector<load::Feature>& features);

// The box of the zones called or coded `zone` (a county, or a city when it is their group).
// Throws a usage Error naming the nearest zone name when there is none.
geom::Envelope zone_view(const std::vector<MapZone>& zones, const std::string& zone);

// "W,S,E,N" in degrees; throws a usage Error with an example when it is not that.
geom::Envelope parse_bbox(const std::string& text);

// A choropleth of `indicator` (values in per cent) with its label.
Choropleth make_choropleth(const std::string& indicator, std::map<std::string, double> values);

// The titles maps get when the user gives none: "<place>森林覆盖率分布图", "<place>生态环境分区管控图",
// or the catalog's name.
std::string choropleth_title(const std::string& place, const Choropleth& c);
std::string zoning_title(const std::string& place, const catalog::Catalog& cat);

// The map of one screened site on `base`: its footprint, the overlaps that carry a verdict, and a view
// around it. The site must have a footprint.
MapInput site_map_input(const MapInput& base, const load::Site& site, const screen::SiteResult& result);

// An overview of every screened site on `base`, each in its verdict's colour with its id, the layers
// left out (each site's own map shows them); nullopt when no site was screened.
std::optional<MapInput> sites_overview_input(const MapInput& base, const load::SiteSet& sites,
                                             const screen::ScreeningResult& result);

}  // namespace ecozone::render
