#pragma once
// Catalog -> LayerSet: every zoning layer read, transformed to the working CRS, repaired and measured.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "core/diagnostics.hpp"
#include "core/error.hpp"
#include "geom/geodesic.hpp"
#include "geom/geos_context.hpp"
#include "io/vector_source.hpp"
#include "load/layer_cache.hpp"

namespace ecozone::load {

struct Feature {
    std::int64_t fid = 0;
    std::string code;  // from code_field, else the FID
    std::string name;  // from name_field
    std::string zone;  // from zone_field
    geom::GeomPtr geom;  // valid, in the working geographic CRS (lon/lat)
    double area_m2 = 0;  // geodesic
    std::string problem;  // keep_bad_features: why `geom` is null (no geometry, collapsed, impossible coordinates)
};

struct LayerReport {
    std::string driver;
    std::string source_crs;
    bool crs_from_catalog = false;
    bool source_geographic = false;
    std::string geometry_type;  // as found in the features: "Polygon", "MultiPolygon", "LineString", mixed …
    std::string encoding;
    std::size_t features = 0;   // features read (including empty ones)
    std::size_t repaired = 0;   // invalid geometries repaired
    std::size_t empty = 0;      // null or empty geometries (kept out of the analysis and reported)
    std::size_t collapsed = 0;  // geometries that repair reduced to nothing
    std::size_t unfiltered = 0; // features in the source before the catalog's `where` filter
    geom::Envelope extent;      // lon/lat in the working CRS
    double area_m2 = 0;         // union of the layer's polygons: overlaps counted once
    double sum_area_m2 = 0;     // plain sum of feature areas (differs from area_m2 where features overlap)
    double length_m = 0;        // lineal layers
};

struct Layer {
    catalog::LayerSpec spec;
    std::vector<Feature> features;
    LayerReport report;
    std::string cache_key;  // its entry in the layer cache; empty when not cached
};

struct LayerFailure {
    catalog::LayerSpec spec;
    Error error;
};

struct LayerSet {
    std::string working_crs;  // the catalog's CRS definition
    std::string working_crs_label;
    geom::Ellipsoid ellipsoid;
    std::vector<Layer> layers;
    std::vector<LayerFailure> failures;

    const Layer* find(std::string_view id) const;
};

struct LoadOptions {
    bool compute_union_area = true;  // `layers` reports it; screening does not need it
    bool measure_features = true;    // geodesic area and length of every feature (for the load report)
    const LayerCache* cache = nullptr;  // reuse (and keep) layers as loaded in earlier runs
};

// Loads every layer of the catalog (in parallel). Layers that cannot be loaded are listed in
// `failures` with their error; repairs and empty geometries are reported to `diagnostics`.
LayerSet load_layers(const catalog::Catalog& catalog, Diagnostics& diagnostics, const LoadOptions& options = {});

// The catalog's working CRS and ellipsoid, with no layer loaded: for work that reads only zones and rasters.
// Throws ecozone::Error when the working CRS is not geographic.
LayerSet working_frame(const catalog::Catalog& catalog);

// Throws the first failure (with the others counted in the message) when any layer failed.
void require_all_loaded(const LayerSet& set);

// Where a message about this layer points: catalog file and line, layer id and title.
Where where_of(const catalog::Catalog& catalog, const catalog::LayerSpec& spec);

// Reads, repairs and measures one vector source (used for layers, zones and sites alike): what to read
// and the context for messages (`where`; `crs_hint_key` says how the user supplies a CRS, "crs" or
// "--crs"; sites keep features whose geometry cannot be used, keep_bad_features). target_crs is set
// from the working CRS.
// (SourceRequest = io::VectorReadRequest, declared in layer_cache.hpp.)
struct LoadedSource {
    std::vector<Feature> features;
    std::vector<std::string> fields;
    std::vector<std::vector<std::string>> values;  // attributes per feature (aligned with `features`)
    LayerReport report;
};
LoadedSource load_source(const SourceRequest& request, const std::string& working_crs,
                         const geom::Ellipsoid& ellipsoid, Diagnostics& diagnostics, bool measure_features = true);

// load_source through the layer cache (when `cache` is not null): an intact entry for exactly this
// source and request is used, and its load messages said again; otherwise the source is loaded and
// kept. `key` gets the entry's key ("" when the source is not cached).
LoadedSource load_source_cached(const SourceRequest& request, const std::string& working_crs,
                                const geom::Ellipsoid& ellipsoid, Diagnostics& diagnostics, bool measure_features,
                                const LayerCache* cache, std::string* key = nullptr);

// The catalog's [zones] (county boundaries) for maps and statistics; empty when the catalog has none.
LoadedSource load_catalog_zones(const catalog::Catalog& catalog, const LayerSet& layers, Diagnostics& diagnostics,
                                const LayerCache* cache = nullptr);

// Loads every layer; when any fails, prints nothing but throws one error listing how many, after
// `report` has been given each failure (the CLI prints them).
LayerSet load_layers_or_throw(const catalog::Catalog& catalog, Diagnostics& diagnostics, const LoadOptions& options,
                              const std::function<void(const LayerFailure&)>& report, const std::string& what_stops);

}  // namespace ecozone::load
