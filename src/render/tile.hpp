#pragma once
// Map tiles (XYZ, Web Mercator, 256 × 256 pixels, PNG with a transparent background) drawn with the map
// style, so that a web page or a GIS ("XYZ Tiles" in QGIS) shows the zoning as ecozone's maps do.
// Strokes and hatches keep their millimetre widths at the OGC standard pixel of 0.28 mm.

#include <string>
#include <vector>

#include "load/load_layers.hpp"
#include "render/style.hpp"

namespace ecozone::render {

struct TileSource {
    const load::LayerSet* layers = nullptr;
    const std::vector<std::vector<geom::Envelope>>* envelopes = nullptr;  // per layer, per feature
    const std::vector<geom::GeomPtr>* zone_lines = nullptr;              // county boundaries as lines; may be null
    const std::vector<geom::Envelope>* zone_envelopes = nullptr;
    const Style* style = nullptr;
};

inline constexpr int k_tile_size = 256;
inline constexpr int k_max_tile_zoom = 20;

// The tile's bounds in longitude/latitude (west, south, east, north).
geom::Envelope tile_bounds(int z, int x, int y);
// True when z is 0..k_max_tile_zoom and x, y lie within the 2^z × 2^z grid.
bool valid_tile(int z, int x, int y);

// The tile's PNG bytes. Thread-safe for concurrent calls on one source.
std::string render_tile(const TileSource& source, int z, int x, int y);

}  // namespace ecozone::render
