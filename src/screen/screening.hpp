#pragma once
// The screening driver: sites × layers (overlay) → rules → verdicts with reasons.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "load/load_layers.hpp"
#include "load/sites.hpp"
#include "screen/overlay.hpp"
#include "screen/rules.hpp"

namespace ecozone::screen {

// 准入清单 of the control units: unit code → (dimension, requirement) pairs, in file order.
struct AccessList {
    std::string layer_id;
    std::map<std::string, std::vector<std::pair<std::string, std::string>>> by_code;
};
// Reads the access lists the catalog links to control-unit layers.
std::vector<AccessList> load_access_lists(const catalog::Catalog& catalog, Diagnostics& diagnostics);

struct Reason {
    std::string rule;
    Verdict verdict = Verdict::clear;
    std::string text;
    std::string text_en;
    std::string layer_id;      // empty for site-level rules
    std::string feature_code;
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
    std::vector<std::string> reasons;
    std::vector<std::string> reasons_en;
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

struct SiteResult {
    Verdict verdict = Verdict::clear;
    std::vector<Reason> reasons;
    std::vector<HitResult> hits;
    std::vector<std::optional<NearestResult>> nearest;  // per layer
    std::vector<UnitShare> units;
    std::vector<double> layer_overlap_m2;  // per layer, overlaps counted once
    std::vector<double> layer_overlap_len_m;
};

struct ScreeningOptions {
    OverlayOptions overlay;
    int max_piece_vertices = 256;  // large features are indexed in pieces of at most this many vertices
    const load::LayerCache* cache = nullptr;  // keeps the pieces between runs
    std::function<void(std::size_t done, std::size_t total)> progress;
};

struct ScreeningResult {
    double search_m = 0;
    std::vector<SiteResult> sites;  // aligned with SiteSet::sites
    std::map<Verdict, std::size_t> counts;
    Verdict worst = Verdict::clear;
};

ScreeningResult screen_sites(const load::LayerSet& layers, const load::SiteSet& sites, const RuleSet& rules,
                             const std::vector<AccessList>& access, const ScreeningOptions& options,
                             Diagnostics& diagnostics);

}  // namespace ecozone::screen
