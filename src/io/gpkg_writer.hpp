#pragma once
// Writes result layers to a GeoPackage (or any OGR format chosen by extension) for QGIS.

#include <string>
#include <variant>
#include <vector>

namespace ecozone::io {

struct OutField {
    enum class Type { text, real, integer };
    std::string name;
    Type type = Type::text;
};

using OutValue = std::variant<std::string, double, long long>;

struct OutFeature {
    std::vector<unsigned char> wkb;  // lon/lat in the working CRS's geographic CRS; empty = no geometry
    std::vector<OutValue> values;
};

// The geometry type a table declares; every geometry written to it is made that type (a Polygon
// becomes a MultiPolygon of one part), so GIS programs that take a table's type from its header
// (QGIS, ArcGIS) draw all of them.
enum class OutGeometry { none, multipoint, multilinestring, multipolygon, unknown };

struct OutLayer {
    std::string name;
    std::vector<OutField> fields;
    std::vector<OutFeature> features;
    OutGeometry geometry = OutGeometry::unknown;
};

// A style QGIS applies when it opens the layer (the GeoPackage layer_styles table).
struct OutStyle {
    std::string table;
    std::string name;
    std::string qml;
    std::string sld;
};

// Writes `layers` to a new GeoPackage at `path` (which must not exist), in `working_crs`. Messages name
// `label` (the final name, when `path` is a temporary one), or `path` when it is empty.
void write_gpkg(const std::string& path, const std::string& working_crs, const std::vector<OutLayer>& layers,
                const std::vector<OutStyle>& styles = {}, const std::string& label = {});

}  // namespace ecozone::io
