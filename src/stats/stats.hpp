#pragma once
// Per-zone (county) and per-group (city) figures: land cover (forest and green shares, exact and on
// the ellipsoid), urban green space, zoning-layer shares, and policy targets.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "core/diagnostics.hpp"
#include "geom/geos_context.hpp"
#include "io/raster_source.hpp"
#include "load/load_layers.hpp"
#include "stats/targets.hpp"

namespace ecozone::stats {

struct ZoneShare {
    double area_m2 = 0;
    double pct = 0;
};

struct LayerShare {
    std::string layer;
    ZoneShare total;
    std::map<std::string, ZoneShare> by_zone;  // per zone value (核心保护区 …) when the layer has zone_field
};

struct LandcoverFigures {
    bool available = false;
    double valid_m2 = 0;
    double coverage_pct = 0;  // valid area ÷ zone area
    bool partial = false;     // the raster covers less than 99.9 % of the zone
    std::map<int, double> class_m2;
    double forest_m2 = 0, forest_pct = 0;
    double green_m2 = 0, green_pct = 0;
};

struct UrbanFigures {
    bool available = false;        // the catalog has an urban_boundary layer
    double area_m2 = 0;            // urban area inside the zone
    bool raster = false;
    double green_m2 = 0, green_pct = 0;  // 绿化覆盖率: green land-cover classes ÷ urban area
    bool has_green_space = false;
    double green_space_m2 = 0, green_space_pct = 0;  // 绿地率: green-space polygons ÷ urban area
};

struct TargetResult {
    const Target* target = nullptr;
    std::optional<double> actual;
    bool met = false;
    double gap = 0;  // percentage points: actual − target
};

struct ZoneFigures {
    std::string id, name, group;
    double area_m2 = 0;
    LandcoverFigures landcover;
    UrbanFigures urban;
    std::vector<LayerShare> layers;
    std::vector<TargetResult> targets;
    std::vector<std::string> notes;
    geom::GeomPtr geom;
    std::vector<std::string> members;  // groups: ids of their zones
};

struct ZonesRequest {
    std::string source, layer, id_field, name_field, group_field, crs, encoding;
    Where where;
};

struct StatsOptions {
    const load::LayerCache* cache = nullptr;  // zones and layer pieces as made in earlier runs
    std::function<void(std::size_t done, std::size_t total)> progress;
};

struct StatsResult {
    std::string zones_source;
    std::optional<io::RasterInfo> raster;
    std::vector<int> forest_classes, green_classes;
    std::vector<ZoneFigures> zones;
    std::vector<ZoneFigures> groups;
    std::string targets_name;
};

StatsResult compute_stats(const catalog::Catalog& catalog, const load::LayerSet& layers, const ZonesRequest& zones,
                          const TargetSet* targets, const StatsOptions& options, Diagnostics& diagnostics);

// Fills zone.targets for the targets that apply to it; `group` tells which scope to use.
void check_targets(ZoneFigures& zone, const TargetSet& targets, bool group);

}  // namespace ecozone::stats
