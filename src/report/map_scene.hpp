#pragma once
// The scene of `ecozone map`, put together from the catalog's zones and our own results read back:
// a zoning map of a view, a choropleth of one indicator of a stats.json or change.json, the map of one site
// of a screening.json (its shape and overlaps from the screening.gpkg beside it), or the areas a zoning
// edition gained and lost by a diff.json (its pieces from the diff.gpkg beside it).

#include <string>

#include "catalog/catalog.hpp"
#include "core/diagnostics.hpp"
#include "load/layer_cache.hpp"
#include "load/load_layers.hpp"
#include "render/map.hpp"
#include "render/style.hpp"

namespace ecozone::report {

struct MapRequest {
    std::string zone;  // view one zone: a county's name or code, or a city (the zones' group)
    std::string bbox;  // or a box, "W,S,E,N" in degrees
    std::string stats, indicator = "forest_pct";  // a choropleth of `indicator` from this stats.json
    std::string change, change_indicator = "forest_change_pp";  // a diverging choropleth from this change.json
    bool change_cells = false;  // or, with --zone or --bbox, the cells that changed (forest gained, lost, other)
    std::string screening, site;                  // the map of site `site` of this screening.json
    std::string diff, diff_layer;                 // the pieces gained and lost in this diff.json (one layer's, or all)
    std::string title;                            // empty: a title from what the map shows
};

// What a map draws. It owns the geometries `input` points at, so it is moved, never copied.
struct MapScene {
    load::LoadedSource zones, site, overlaps, changes;
    std::vector<geom::GeomPtr> cells;  // changed land-cover cells (polygons) drawn as patches
    render::MapInput input;
};

// Throws a usage Error for a request that names something that is not there (a zone, an indicator,
// a site), an input Error for a result file that is not ours or is missing its screening.gpkg.
MapScene build_map_scene(const MapRequest& request, const catalog::Catalog& catalog, const load::LayerSet& layers,
                         const render::Style& style, Diagnostics& diagnostics, const load::LayerCache* cache);

}  // namespace ecozone::report
