#pragma once
// The furniture around and on a map (internal to render/): scale bar, north arrow and legend.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "render/canvas.hpp"
#include "render/sheet.hpp"

namespace ecozone::render {

// Draws the scale bar at the frame's lower left and the north arrow at its upper right, and reserves
// their boxes in `labels`.
void draw_scale_and_north(cairo_t* cr, TextWriter& tw, const Sheet& sheet, const ScaleMeasure& scale,
                          LabelPlacer& labels);

// Draws the legend panel right of the frame: the choropleth classes and target marks, the site and
// its overlaps (when `overlaps_drawn`), the verdicts of an overview's sites, the layer styles in `used` (top of the drawing order first)
// and the county boundary. Returns the entries drawn.
// Entries that would run below `bottom` (mm) are left out.
std::vector<std::string> draw_legend(cairo_t* cr, TextWriter& tw, const Sheet& sheet, const MapInput& in,
                                     const std::vector<const LayerStyle*>& used, bool overlaps_drawn,
                                     const std::set<screen::Verdict>& verdicts, double bottom);

// Where the location inset goes (the foot of the legend panel), sized to the zones' shape; nullopt
// when the sheet shows most of its zones anyway (or there are none), so no inset is needed.
std::optional<Rect> location_inset_box(const Sheet& sheet, const MapInput& in);
// The inset: every zone, small and grey, the sheet's view as a red box, titled 位置示意图.
void draw_location_inset(cairo_t* cr, TextWriter& tw, const Sheet& sheet, const MapInput& in, const Rect& box);

// The target marks drawn next to a county's label and in the legend: a filled dot (met) or a
// cross (not met) centred on (x, y), on a white disc so that they show on dark fills.
void draw_target_mark(cairo_t* cr, double x, double y, bool met, double dot_radius = 1.5);

}  // namespace ecozone::render
