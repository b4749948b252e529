#pragma once
// Site × layers: which features a site overlaps (touching is not overlapping), by how much on the
// ellipsoid, and how far the nearest feature of each layer (and of each zone value) is.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "geom/geodesic.hpp"
#include "index/layer_index.hpp"
#include "load/sites.hpp"

namespace ecozone::screen {

struct OverlayOptions {
    double search_m = 5000;  // distances are looked for up to this far
    bool keep_pieces = true; // keep overlap geometries for the GeoPackage
    // Per layer (index order): also find the nearest feature of every zone value (what proximity rules
    // need); otherwise only the layer's nearest feature, which prunes far more candidates.
    std::vector<bool> nearest_per_zone;
};

struct Overlap {
    std::size_t layer = 0;    // index in the LayerIndex
    std::size_t feature = 0;  // index in the layer
    double overlap_m2 = 0;
    double overlap_len_m = 0;
    double overlap_ratio = 0;  // of the site's area (parcels, footprints), length (routes); 1 for bare points inside
    geom::GeomPtr piece;
};

struct Nearest {
    double distance_m = 0;
    std::size_t feature = 0;
};

struct SiteOverlay {
    std::vector<Overlap> overlaps;
    std::vector<std::optional<Nearest>> nearest;                 // per layer, within search_m
    std::vector<std::map<std::string, Nearest>> nearest_by_zone;  // per layer and zone value
    std::vector<double> layer_overlap_m2;   // per layer, overlaps inside a layer counted once
    std::vector<double> layer_overlap_len_m;
};

// `footprint` is what is screened of the site (load::footprint_of).
SiteOverlay overlay_site(const load::Site& site, const GEOSGeometry* footprint, const index::LayerIndex& index,
                         const geom::Ellipsoid& ellipsoid, const OverlayOptions& options);

}  // namespace ecozone::screen
