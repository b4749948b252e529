#pragma once
// The geometry of a map sheet (internal to render/, no Cairo): which projection it is drawn in,
// where the map frame, title, legend and notes sit on the page, and how long the scale bar is.
//
// Planning sheets are drawn in a Gauss-Kruger 3° zone around the view's centre on the layers'
// ellipsoid. The view is grown to the frame's proportions, so one millimetre on the page is the same
// ground distance across and down.

#include <memory>
#include <string>

#include "geom/geodesic.hpp"
#include "geom/geos_context.hpp"
#include "io/crs.hpp"
#include "render/map.hpp"
#include "render/page.hpp"

namespace ecozone::render {

// Page layout (mm).
struct SheetLayout {
    double margin = 8, title_h = 14, notes_h = 13, legend_w = 62;
};

// Projected metres -> page millimetres.
struct Frame {
    double fx = 0, fy = 0, fw = 0, fh = 0;          // map frame on the page (mm)
    double minx = 0, miny = 0, maxx = 0, maxy = 0;  // projected view (m)
    double s = 1;                                   // mm per projected metre
    double px(double x) const { return fx + (x - minx) * s; }
    double py(double y) const { return fy + (maxy - y) * s; }
};

struct Sheet {
    SheetLayout layout;
    Frame frame;
    std::unique_ptr<io::Projector> proj;  // working CRS -> the sheet's Gauss-Kruger zone
    geom::Envelope view_ll;               // lon/lat box holding the whole frame, for culling
    int central_meridian = 105;
    std::string crs_note;                 // 坐标系：… for the notes band

    // `g` (lon/lat) on the page in mm, clipped to the frame with a margin and simplified to
    // `simplify_mm`; nullptr when nothing of it is on the frame.
    geom::GeomPtr page_geom(const GEOSGeometry* g, double simplify_mm) const;
};

// Chooses the projection and lays out the page for `input`'s view (or, when it has none, its zones
// or its layers). Throws an input Error when there is nothing to map.
Sheet plan_sheet(const MapInput& input, const PageSpec& page);

// The scale at the frame's centre and a bar of a round length (about a quarter of the frame, at most
// 40 mm) measured along the true east-west direction there.
struct ScaleMeasure {
    double scale_denominator = 0;
    ScaleBar bar;
    double north_angle = 0;  // true north, clockwise from the page's up (radians)
};
ScaleMeasure measure_scale(const Sheet& sheet, const geom::Ellipsoid& e);

// The scale denominator rounded up to two significant figures: 681,100 -> 690,000.
double round_scale(double denominator);

// The largest of 1, 2, 2.5 and 5 × 10ⁿ not above `raw`.
double nice_length(double raw);
// "500 m", "2.5 km", "12.5 km", "25 km"
std::string length_label(double m);

}  // namespace ecozone::render
