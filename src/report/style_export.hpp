#pragma once
// The map style in formats other GIS tools read: SLD (GeoServer, QGIS) and QML (QGIS), and the
// styles that ecozone's GeoPackages carry in their layer_styles table.

#include <string>

#include "render/style.hpp"

namespace ecozone::report {

// Every styled role (and zone value) as an SLD NamedLayer named after the role.
std::string zoning_sld(const render::Style& style);
// A QGIS categorized renderer on the `role` field (as in screening.gpkg's overlaps layer).
std::string zoning_qml(const render::Style& style);

// screening.gpkg: sites by verdict, overlaps by role.
std::string sites_qml(const render::Style& style);
std::string sites_sld(const render::Style& style);
std::string overlaps_sld(const render::Style& style);
// stats.gpkg: zones graduated by forest_pct.
std::string zones_qml(const render::Style& style, const std::string& field);
std::string zones_sld(const render::Style& style, const std::string& field);

}  // namespace ecozone::report
