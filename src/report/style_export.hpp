#pragma once
// The map style in formats other GIS tools read: SLD (GeoServer, QGIS) and QML (QGIS), and the
// styles that ecozone's GeoPackages carry in their layer_styles table.

#include <string>

#include "catalog/catalog.hpp"
#include "render/style.hpp"

namespace ecozone::report {

// How a table's features are drawn: areas filled, lines stroked, points as markers.
enum class Symbol { fill, line, marker };

// Every styled role (and zone value) as an SLD NamedLayer named after the role.
std::string zoning_sld(const render::Style& style);
// A QGIS categorized renderer on the `role` field (as in screening.gpkg's overlaps tables).
std::string zoning_qml(const render::Style& style, Symbol symbol = Symbol::fill);

// screening.gpkg: sites by verdict, overlaps by role; `table` names the SLD's layer.
std::string sites_qml(const render::Style& style, Symbol symbol);
std::string sites_sld(const render::Style& style, const std::string& table, Symbol symbol);
std::string overlaps_sld(const render::Style& style, const std::string& table, Symbol symbol);
// One catalog layer's own data styled with ecozone's colours for its role: a rule per styled zone value
// on the layer's zone_field (the feature's value contains the style's zone text, as ecozone matches it;
// the rules exclude each other) and the role's default style for the rest — for a bureau's own
// 生态保护红线 Shapefile in QGIS (QML) or GeoServer (SLD). A layer without zone_field gets one symbol.
// Throws a usage Error when the style has nothing for the layer's role.
std::string layer_qml(const render::Style& style, const catalog::LayerSpec& layer);
std::string layer_sld(const render::Style& style, const catalog::LayerSpec& layer);

// diff.gpkg: the pieces a layer gained (green) and lost (red) between two editions, categorized on `field`
// ("gained" / "lost").
std::string diff_pieces_qml(const std::string& field);

// stats.gpkg: zones graduated by forest_pct.
std::string zones_qml(const render::Style& style, const std::string& field);
std::string zones_sld(const render::Style& style, const std::string& field);

}  // namespace ecozone::report
