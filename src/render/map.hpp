#pragma once
// Planning maps (PNG, SVG, PDF through one Cairo code path): zoning maps, choropleths of county
// statistics, and screening maps of one site. Text with Pango (Noto Sans CJK). Pure drawing: callers
// give geometries in the working CRS (longitude/latitude) and this module projects them to a
// Gauss-Kruger 3° zone around the map's centre, as planning sheets are drawn.
//
// Inside render/: page.* (formats, sizes), sheet.* (projection, layout, scale; no Cairo), canvas.*
// (Cairo and Pango drawing, label placement), furniture.* (scale bar, north arrow, legend),
// map.cpp (the map itself) and surface.cpp (PNG, PDF and SVG output).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "geom/geos_context.hpp"
#include "load/load_layers.hpp"
#include "load/sites.hpp"
#include "screen/screening.hpp"
#include "render/page.hpp"
#include "render/style.hpp"

namespace ecozone::render {

struct MapZone {
    std::string id, name, group;
    const GEOSGeometry* geom = nullptr;  // lon/lat
};

// A target checked for a zone or a group (a city).
struct TargetMark {
    std::string label;   // 森林覆盖率 ≥ 56.5%（2025年）
    bool met = false;
    std::string source;  // the policy document
};

// A group's (city's) value and its own targets, listed in the legend: a city's target is checked on
// the city as a whole, never stamped on its counties.
struct GroupMarks {
    std::string name;
    std::optional<double> value;
    std::vector<TargetMark> targets;
};

struct Choropleth {
    std::string indicator;  // e.g. forest_pct
    std::string label;      // e.g. 森林覆盖率 (%)
    std::map<std::string, double> values;  // zone id -> value
    std::map<std::string, std::vector<TargetMark>> zone_targets;  // zone id -> the zone's own targets
    std::vector<GroupMarks> groups;
    // Classes of its own (a diverging change map); empty: the style's classes and palette.
    std::vector<double> classes;
    std::vector<Color> palette;
    std::string unit = "%";  // after each zone's value in its label

    // A zone's mark: met when it meets all its own targets; nullopt when it has none.
    std::optional<bool> zone_met(const std::string& zone_id) const;
};

// A piece of the site inside a zoning feature, with the verdict that piece carries.
struct OverlapPiece {
    const GEOSGeometry* geom = nullptr;  // lon/lat
    screen::Verdict verdict = screen::Verdict::clear;
};

struct Highlight {
    const GEOSGeometry* site = nullptr;  // lon/lat
    std::vector<OverlapPiece> overlaps;  // only pieces whose verdict is not clear are drawn
    screen::Verdict verdict = screen::Verdict::clear;
    std::string label;
};

// One site of an overview map: its footprint in its verdict's colour, labelled with its id.
struct SiteMark {
    const GEOSGeometry* geom = nullptr;  // lon/lat
    screen::Verdict verdict = screen::Verdict::clear;
    std::string label;
};

// An area drawn over the zoning in a style of its own (the pieces a layer gained or lost between two
// editions); the legend lists each distinct style.legend once.
struct Patch {
    const GEOSGeometry* geom = nullptr;  // lon/lat
    LayerStyle style;
};

struct MapInput {
    const catalog::Catalog* catalog = nullptr;
    const load::LayerSet* layers = nullptr;
    const Style* style = nullptr;
    std::vector<MapZone> zones;
    geom::Envelope view;  // lon/lat; empty = everything
    std::string title;
    std::optional<Choropleth> choropleth;
    std::optional<Highlight> highlight;
    std::vector<SiteMark> site_marks;  // an overview of many sites (report.html's first map)
    std::vector<Patch> patches;        // over the layers, under the site
    bool draw_layers = true;
    std::vector<std::string> only_layers;  // draw only these layers (ids); empty = every layer
    std::string date;  // 制图日期 (YYYY-MM-DD) for the title block; empty = none printed
};

// The view of a map of one site: the site with a margin of 60 % of its size each way, and at least
// about a kilometre.
geom::Envelope site_view(const geom::Envelope& site);

// The map of one site, for report.html: the site, its overlaps that carry a verdict and the layers
// around it, on `base` (catalog, layers, style, zones). A site that was not screened gets "".
std::string site_map_png(const MapInput& base, const load::Site& site, const screen::SiteResult& result,
                         const PageSpec& page);

// The overview of every screened site on `base`, each in its verdict's colour with its id; "" when no
// site was screened.
std::string sites_overview_png(const MapInput& base, const load::SiteSet& sites, const screen::ScreeningResult& result,
                               const PageSpec& page);

struct ScaleBar {
    double length_m = 0;   // what the bar claims
    double length_mm = 0;  // how long it is drawn on the page
    double lon = 0, lat = 0;  // where it was measured (the map's centre)
    // The bar laid over the map's centre, its ends back in lon/lat: their geodesic distance is what
    // the bar claims.
    double end_lon[2] = {0, 0}, end_lat[2] = {0, 0};
};

// A label drawn on the map, with its box on the page (mm).
struct PlacedLabel {
    std::string text;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

struct MapInfo {
    double scale_denominator = 0;  // 1:N at the centre
    ScaleBar scale_bar;
    std::string crs_note;
    std::vector<std::string> legend;  // legend entries drawn
    int central_meridian = 105;
    std::vector<PlacedLabel> labels;  // feature and zone labels
    std::string highlight_wkt;        // the site, its marker and its overlaps on the page (mm), which no label covers
    bool site_marker = false;         // the site was too small to see at this scale and got a marker
    bool inset = false;               // a location inset shows the sheet within all the zones
};

// "1:690,000": a map's scale to two significant figures (maps are drawn at such a scale).
std::string scale_label(double denominator);

// Renders to `path` (PNG, SVG or PDF). Deterministic for the same input.
// Draws the map into `path`; messages name `label` (the final name, when `path` is a temporary one).
MapInfo render_map(const MapInput& input, const PageSpec& page, Format format, const std::string& path,
                   const std::string& label = {});
// The map file's bytes.
std::string render_map_bytes(const MapInput& input, const PageSpec& page, Format format, MapInfo* info = nullptr);
// Renders a PNG in memory (for report.html).
std::string render_png_bytes(const MapInput& input, const PageSpec& page, MapInfo* info = nullptr);

}  // namespace ecozone::render
