#pragma once
// Per-zone (county) and per-group (city) figures: land cover (forest and green shares, exact and on
// the ellipsoid), urban green space, zoning-layer shares, and policy targets.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "core/diagnostics.hpp"
#include "geom/geos_context.hpp"
#include "index/layer_index.hpp"
#include "index/layer_overlaps.hpp"
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

// The zones to read: code_field is their id, zone_field their group (city), `where` the context for messages.
using ZonesRequest = load::SourceRequest;

struct StatsOptions {
    std::function<void(std::size_t done, std::size_t total)> progress;  // land-cover strips done
    // Make each group's outline (the union of its zones), which a GeoPackage draws; the tables do not need it.
    bool group_outlines = true;
};

// The catalog's land-cover raster and which classes count as forest and green.
struct Landcover {
    std::unique_ptr<io::RasterSource> source;  // null: no land cover
    std::vector<int> forest_classes, green_classes;
};

// What the statistics are computed from. The caller loads and indexes (the command line; later a server
// that keeps them between requests); compute_stats reads no file.
struct StatsInput {
    std::vector<ZoneFigures> zones;   // id, name, group, area and geometry filled (load_zones)
    std::string zones_source;         // for messages and outputs
    bool grouped = false;             // sum zones into groups (cities) by their `group`
    const load::LayerSet* layers = nullptr;
    const index::LayerIndex* index = nullptr;  // of `layers`, cut along meridians: LayerIndex(layers, 256, true)
    const index::LayerOverlaps* overlaps = nullptr;  // of `layers` (null: found here, without the layer cache)
    const Landcover* landcover = nullptr;      // null or without source: no land-cover figures
    const TargetSet* targets = nullptr;
};

struct StatsResult {
    std::string zones_source;
    std::optional<io::RasterInfo> raster;
    std::vector<int> forest_classes, green_classes;
    std::vector<ZoneFigures> zones;
    std::vector<ZoneFigures> groups;
    std::string targets_name;
};

// The zones of `request` (the catalog's [zones] or --zones), through the layer cache: polygons only, every id
// present and unique. Throws ecozone::Error naming the source.
std::vector<ZoneFigures> load_zones(const ZonesRequest& request, const load::LayerSet& layers,
                                    const load::LayerCache* cache, Diagnostics& diagnostics);

// Opens the catalog's [landcover] (source null when there is none) and checks its class codes and nodata
// against the raster's type.
Landcover open_landcover(const catalog::Catalog& catalog);
// One land-cover raster (the current one, an edition, or a file given on the command line) with the same
// checks: `nodata` overrides the raster's own; the catalog's forest and green classes must fit its type.
std::unique_ptr<io::RasterSource> open_landcover_raster(const catalog::Catalog& catalog, const std::string& source,
                                                        std::optional<double> nodata, const std::string& crs, const Where& where);

StatsResult compute_stats(StatsInput input, const StatsOptions& options, Diagnostics& diagnostics);

// Fills zone.targets for the targets that apply to it; `group` tells which scope to use.
void check_targets(ZoneFigures& zone, const TargetSet& targets, bool group);
// A target held against a value (nullopt: no data, neither met nor failed).
TargetResult target_result(const Target& target, std::optional<double> actual);

}  // namespace ecozone::stats
