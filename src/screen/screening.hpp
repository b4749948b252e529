#pragma once
// The screening driver: sites × layers (overlay) → rules → verdicts with reasons.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "index/layer_index.hpp"
#include "load/access_lists.hpp"
#include "load/load_layers.hpp"
#include "load/sites.hpp"
#include "screen/overlay.hpp"
#include "screen/rules.hpp"
#include "stats/carbon.hpp"
#include "stats/stats.hpp"
#include "io/raster_source.hpp"

namespace ecozone::screen {


// The texts are shared with the rule (and the layer) they come from: core/shared_text.
struct Reason {
    SharedText rule;
    Verdict verdict = Verdict::clear;
    SharedText text;
    SharedText text_en;
    SharedText layer_id;       // empty for site-level rules
    std::string feature_code;
    SharedText source;         // the rule's source document
};

struct HitResult {
    std::size_t layer = 0;  // index in LayerSet::layers
    std::size_t feature = 0;
    bool overlaps = true;   // false: listed because a proximity rule fired
    double overlap_m2 = 0;
    double overlap_len_m = 0;
    double overlap_ratio = 0;
    double distance_m = 0;
    Verdict verdict = Verdict::clear;
    std::vector<SharedText> reasons;
    std::vector<SharedText> reasons_en;
    geom::GeomPtr piece;
};

struct NearestResult {
    std::size_t layer = 0;
    std::size_t feature = 0;
    double distance_m = 0;
};

struct UnitShare {
    std::size_t layer = 0;
    std::size_t feature = 0;
    double share = 0;  // of the site
    double overlap_m2 = 0;
    const std::vector<std::pair<std::string, std::string>>* requirements = nullptr;
};

// The land a site occupies, from the catalog's land-cover raster (sites with an area: parcels, and points
// or routes with a buffer): exact cell fractions, true cell areas, as in `ecozone stats`.
struct Occupancy {
    bool available = false;          // the site has an area and the catalog has land cover
    std::map<int, double> class_m2;  // land-cover class -> m²
    double nodata_m2 = 0;            // the part of the site the raster has no data for
    double forest_m2 = 0, green_m2 = 0;
    std::optional<double> carbon_t_c;  // with a carbon table
};

struct SiteResult {
    bool screened = true;        // false: the site's geometry could not be used (Site::problem)
    double coverage_share = 1;   // of the site (area, length, or 0/1 for a bare point) inside the data coverage
    Verdict verdict = Verdict::clear;
    std::vector<Reason> reasons;
    std::vector<HitResult> hits;
    std::vector<std::optional<NearestResult>> nearest;  // per layer
    std::vector<UnitShare> units;
    std::vector<double> layer_overlap_m2;  // per layer, overlaps counted once
    std::vector<double> layer_overlap_len_m;
    Occupancy landcover;
};

// Where the zoning data says anything. A site wholly or partly outside it cannot be called clear: the
// layers are silent there because there is no data, not because there is nothing. The coverage is, in
// this order: the layer named by `layer_id`; the catalog's first control-unit layer (环境管控单元 tile the
// whole jurisdiction by design); the zones (county boundaries) given in `zones`; else the joint extent of
// the layers (a box, the weakest answer, said so in the reasons).
struct CoverageOptions {
    std::string layer_id;
    const std::vector<load::Feature>* zones = nullptr;
    double tolerance = 0.001;  // a site counts as inside when at most this share of it (and 1 m² / 1 m) is outside
};

// What sites occupy: the land-cover raster, its forest and green classes, and a carbon table (or null).
struct OccupancyOptions {
    const io::RasterSource* raster = nullptr;  // null: not measured
    std::vector<int> forest_classes, green_classes;
    const stats::CarbonTable* carbon = nullptr;
};

// The catalog's land cover and carbon table, opened for screening (a command's run, or a server's edition).
struct SiteLandcover {
    stats::Landcover landcover;
    std::optional<stats::CarbonTable> carbon;
    OccupancyOptions options() const;  // raster null when the catalog has no [landcover]
};
SiteLandcover open_site_landcover(const catalog::Catalog& catalog);

struct ScreeningOptions {
    OverlayOptions overlay;
    CoverageOptions coverage;
    OccupancyOptions landcover;
    std::function<void(std::size_t done, std::size_t total)> progress;
};

struct ScreeningResult {
    double search_m = 0;
    std::string coverage;  // what the coverage was taken from, e.g. "layer 'units' (环境管控单元)"
    std::vector<SiteResult> sites;  // aligned with SiteSet::sites
    std::map<Verdict, std::size_t> counts;
    Verdict worst = Verdict::clear;
};

// Screens every site against the layers of `index` (built by the caller, who keeps it as long as it likes:
// a command line for one run, a server across requests; compact pieces, LayerIndex(layers) — not cut along
// meridians). Reads no file. Thread-safe for concurrent calls on one index.
ScreeningResult screen_sites(const index::LayerIndex& index, const load::SiteSet& sites, const RuleSet& rules,
                             const std::vector<load::AccessList>& access, const ScreeningOptions& options,
                             Diagnostics& diagnostics);

}  // namespace ecozone::screen
