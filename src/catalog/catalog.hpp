#pragma once
// The layer catalog: which zoning layers a bureau has, where they are and what they mean.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "catalog/role.hpp"
#include "catalog/source.hpp"

namespace ecozone::catalog {

// A [[layers]] entry: its source and what it means.
struct LayerSpec : SourceSpec {
    std::string id;
    Role role = Role::other;
    std::string title;
    std::string access_list;       // control units: CSV of the access list (准入清单), resolved path
    std::string access_code_field;  // column in the access list that holds the unit code
    int line = 0;          // catalog line of the [[layers]] entry

    // "'redline' (生态保护红线)", how messages name the layer.
    std::string label() const;
};

// One year of land cover: a raster of the same class codes as the others.
struct LandcoverEdition {
    int year = 0;                  // 0: not said (the current source without year = …)
    std::string source;
    std::optional<double> nodata;  // overrides the raster's own nodata value
    std::string crs;
    int line = 0;
};

struct LandcoverSpec {
    std::string source;  // the current land cover (stats, screen); the latest edition when not given
    int year = 0;        // its year, when given
    std::vector<int> forest_classes;
    std::vector<int> green_classes;
    std::optional<double> nodata;  // overrides the raster's own nodata value
    std::string crs;
    std::vector<LandcoverEdition> editions;  // other years (`ecozone change`), as written
    std::string carbon;  // resolved path of the carbon table; empty = none
    int line = 0;

    // Every year with its raster, oldest first: the editions and the current source when it has a year.
    std::vector<LandcoverEdition> years() const;
};

// [zones]: code_field is its id_field, zone_field its group_field.
struct ZonesSpec : SourceSpec {
    int line = 0;
};

struct Catalog {
    std::filesystem::path path;  // the catalog file
    std::string name;
    std::string crs = "EPSG:4490";
    std::string version;
    std::string date;
    std::string rules;  // resolved path of the rule set; empty = the shipped default
    std::string map_note;  // 审图号 or other note printed on maps
    std::string producer;  // 编制单位: who made the maps and reports
    std::string base_map;  // `ecozone serve`: URL template of a base map under the page's zoning (e.g. 天地图 with its key)
    std::vector<LayerSpec> layers;
    std::optional<LandcoverSpec> landcover;
    std::optional<ZonesSpec> zones;

    const LayerSpec* find_layer(std::string_view id) const;
};

// Reads and checks a catalog file. Throws ecozone::Error naming the catalog line.
Catalog load_catalog(const std::filesystem::path& path);

// Parses catalog text; relative sources resolve against `path`'s folder. Used by tests.
Catalog parse_catalog(std::string_view text, const std::filesystem::path& path);

// True for sources that are not plain files: PG:, /vsi…, URLs.
bool is_connection_string(std::string_view source);

}  // namespace ecozone::catalog
