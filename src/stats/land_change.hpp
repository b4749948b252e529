#pragma once
// Land-cover change per zone (county) and group (city) between two years: the transition matrix, forest
// and green cover in each year with their gain, loss and net change, and — with a carbon table — the
// ecosystem carbon stock in each year and its change (a sink when it grows).

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "geom/geos_context.hpp"
#include "io/raster_source.hpp"
#include "stats/carbon.hpp"
#include "stats/change.hpp"
#include "stats/stats.hpp"

namespace ecozone::stats {

// Cover of a set of classes (forest, green) in both years.
struct CoverChange {
    double before_m2 = 0, after_m2 = 0;
    double before_pct = 0, after_pct = 0;  // of the zone's area
    double change_pp = 0;                  // percentage points, after − before
    double gain_m2 = 0;  // from another class (with data) into the set
    double loss_m2 = 0;  // from the set into another class (with data)
    double net_m2 = 0;   // gain − loss
};

struct CarbonChange {
    CarbonStock before, after;  // each year over the area it has data for
    CarbonStock change;         // over the area both years have data for: Σ area × (density after − density before)
};

struct ZoneChange {
    std::string id, name, group;
    double area_m2 = 0;
    TransitionMatrix matrix;             // (class before, class after) -> m²; k_no_class for no data
    double before_nodata_m2 = 0, after_nodata_m2 = 0;  // no data in that year (nodata cells, or outside its raster)
    double changed_m2 = 0, unchanged_m2 = 0;           // where both years have data
    CoverChange forest, green;
    std::optional<CarbonChange> carbon;
    std::vector<TargetResult> targets;  // the change targets that apply to it
    std::vector<std::string> notes;
    geom::GeomPtr geom;
    std::vector<std::string> members;  // groups: ids of their zones
};

struct YearRaster {
    int year = 0;  // 0 when given as a file without a year
    const io::RasterSource* source = nullptr;
};

struct ChangeInput {
    std::vector<ZoneFigures> zones;  // id, name, group, area and geometry (load_zones)
    std::string zones_source;
    bool grouped = false;
    std::string working_crs;
    YearRaster before, after;
    std::vector<int> forest_classes, green_classes;
    const CarbonTable* carbon = nullptr;
    const TargetSet* targets = nullptr;  // its change targets are checked (see is_change_target)
};

struct ChangeOptions {
    std::function<void(std::size_t done, std::size_t total)> progress;
    bool group_outlines = true;  // the union of each group's zones (a GeoPackage draws it)
};

struct ChangeResult {
    std::string zones_source;
    std::string targets_name;  // the targets file's name, when targets were checked
    io::RasterInfo before, after;
    int before_year = 0, after_year = 0;
    std::vector<int> forest_classes, green_classes;
    std::optional<CarbonTable> carbon;
    std::vector<ZoneChange> zones, groups;
};

// A change indicator's value for a zone (stats/indicators.hpp's change table); nullopt when it has none
// (a carbon indicator without a carbon table).
std::optional<double> change_indicator_value(const ZoneChange& zone, std::string_view name);

// Throws ecozone::Error when the rasters cannot be compared (another CRS), a class with area is missing
// from the carbon table, a target applies to no zone or group, or a carbon target has no carbon table.
ChangeResult compute_change(ChangeInput input, const ChangeOptions& options, Diagnostics& diagnostics);

}  // namespace ecozone::stats
