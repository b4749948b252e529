#pragma once
// What changed between two editions of a bureau's zoning (动态更新): per layer, the features added, removed
// and changed — matched by the layer's code_field, geometry compared exactly — and the area gained and lost
// per zone (county) and group (city), by exact overlay with each layer's own overlaps counted once; and,
// for a set of sites screened under both editions, the sites whose verdict or reasons change.

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "geom/geodesic.hpp"
#include "geom/geos_context.hpp"
#include "load/load_layers.hpp"
#include "load/sites.hpp"
#include "screen/screening.hpp"
#include "stats/stats.hpp"

namespace ecozone::diff {

enum class Change { added, removed, geometry, attributes };
std::string_view change_name(Change c);   // "added", "removed", "geometry", "attributes"
std::string_view change_label(Change c);  // 新增, 删除, 范围调整, 属性变更

// One code (or, for a layer without code_field, one shape) that differs between the editions.
struct FeatureChange {
    Change change = Change::added;
    std::string code;  // the code, or for a layer matched by geometry the FID in the edition it is in
    std::string old_name, new_name, old_zone, new_zone;
    std::size_t old_parts = 0, new_parts = 0;  // features with this code in each edition
    double old_m2 = 0, new_m2 = 0;             // geodesic, its parts' union
    double gained_m2 = 0, lost_m2 = 0;         // against its own other version (new − old, old − new)
};

struct ZoneDelta {
    std::string id, name, group;
    double gained_m2 = 0, lost_m2 = 0;
    double net_m2() const { return gained_m2 - lost_m2; }
};

// A piece of area the layer gained or lost, inside one zone ("" outside every zone).
struct Piece {
    bool gained = true;
    std::string zone_id, zone_name;
    double area_m2 = 0;
    geom::GeomPtr geom;  // lon/lat; kept only with DiffOptions::keep_pieces
};

struct LayerDiff {
    std::string id, title;
    catalog::Role role = catalog::Role::other;
    bool in_old = true, in_new = true;  // a layer in one edition only: all its features added or removed
    std::string matched_by;             // the code field; "" when matched by geometry (no code_field)
    bool areal = true;                  // areas are measured for polygonal layers only
    std::size_t old_features = 0, new_features = 0;
    std::size_t unchanged = 0;  // codes (or shapes) the same in both
    std::map<Change, std::size_t> counts;
    double gained_m2 = 0, lost_m2 = 0;  // the layer's union: area it covers now and did not, and the reverse
    std::vector<FeatureChange> features;  // ordered by code
    std::vector<ZoneDelta> zones, groups;  // every zone; groups when the zones are grouped
    ZoneDelta outside;                     // outside every zone (and the whole area when there are no zones)
    std::vector<Piece> pieces;
    std::vector<std::string> notes;

    double net_m2() const { return gained_m2 - lost_m2; }
    bool changed() const { return gained_m2 > 0 || lost_m2 > 0 || !features.empty(); }
};

struct DiffInput {
    const load::LayerSet* before = nullptr;  // the earlier edition
    const load::LayerSet* after = nullptr;   // the later one, in the same working CRS
    const std::vector<stats::ZoneFigures>* zones = nullptr;  // may be null: totals only
    bool grouped = false;                                   // sum zones into groups by their `group`
};

struct DiffOptions {
    bool keep_pieces = true;  // the gained and lost pieces' geometries (a GeoPackage, a map)
    std::function<void(std::size_t done, std::size_t total)> progress;  // layers done
};

struct DiffResult {
    std::vector<LayerDiff> layers;  // the earlier edition's order, then layers only in the later one
};

// Throws ecozone::Error when the two sets are not in the same working CRS.
DiffResult diff_editions(const DiffInput& input, const DiffOptions& options, Diagnostics& diagnostics);

// A site whose verdict or reasons differ between two screenings of the same sites.
struct SiteChange {
    std::size_t site = 0;  // index in the SiteSet
    screen::Verdict old_verdict = screen::Verdict::clear, new_verdict = screen::Verdict::clear;
    bool old_screened = true, new_screened = true;
    std::vector<const screen::Reason*> old_reasons, new_reasons;  // point into the two results
    // "stricter", "looser" (the verdict moved) or "reasons" (same verdict, other reasons).
    std::string_view kind() const;
};

// Every site whose verdict or set of reasons (rule, layer, feature) differs; in site order.
std::vector<SiteChange> compare_screenings(const screen::ScreeningResult& before, const screen::ScreeningResult& after);

}  // namespace ecozone::diff
