#pragma once
// Drawing on a Cairo context whose units are page millimetres (internal to render/): paths from
// GEOS geometries already on the page, styled fills and hatches, text through Pango, and labels
// kept apart from each other and from what is reserved. Cairo and Pango handles are owned by RAII.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "geom/geos_context.hpp"
#include "render/style.hpp"

namespace ecozone::render {

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextPtr = std::unique_ptr<cairo_t, ContextDeleter>;

// A box on the page (mm).
struct Rect {
    double x0, y0, x1, y1;
    bool overlaps(const Rect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

inline const Color k_dark{0.1, 0.1, 0.1, 1, false};

void set_color(cairo_t* cr, const Color& c, double opacity = 1.0);
// Adds `g` (page mm) to the current path; points become small circles.
void add_path(cairo_t* cr, const GEOSGeometry* g);
// Hatches the current path (kept) with `hatch` lines in `color`.
void hatch_current_path(cairo_t* cr, Hatch hatch, const Color& color);
// Fills, hatches and strokes `page_geom` as `st` says; lines and points are stroked in the fill
// colour when the style has no stroke.
void draw_styled(cairo_t* cr, const GEOSGeometry* page_geom, const LayerStyle& st);
// A legend swatch: an 8 × 4.5 mm box at (x, y) drawn as `ls` draws areas.
void draw_swatch(cairo_t* cr, double x, double y, const LayerStyle& ls);

// A Pango layout for `cr` set up as all ecozone text is: 72 dpi in a space scaled from millimetres to
// points, unhinted metrics so that glyph advances are not rounded at small sizes. The caller unrefs it.
PangoLayout* make_text_layout(cairo_t* cr);

// Text in points: layouts are made at 72 dpi in a space scaled from millimetres to points, so glyph
// advances are not rounded at tiny font sizes.
class TextWriter {
public:
    TextWriter(cairo_t* cr, const std::string& font);
    ~TextWriter();
    TextWriter(const TextWriter&) = delete;
    TextWriter& operator=(const TextWriter&) = delete;

    // Size of `text` at `size_pt` in mm.
    std::pair<double, double> measure(const std::string& text, double size_pt, bool bold = false);
    // Draws text with its top-left at (x, y) mm; `halo` draws an outline first.
    void draw(const std::string& text, double x, double y, double size_pt, const Color& color, bool bold = false,
              const Color* halo = nullptr);

    // Draws text wrapped to `width` mm; returns the height it took (mm).
    double draw_wrapped(const std::string& text, double x, double y, double width, double size_pt, const Color& color);

private:
    void set(const std::string& text, double size_pt, bool bold);
    cairo_t* m_cr;
    std::string m_font;
    PangoLayout* m_layout;
};

// Places labels inside `bounds` so that none overlaps another label, a reserved box or a shape to
// avoid (the highlighted site and its overlaps): each label is tried centred on its anchor, then
// above, below, right and left of it, then further out, and left out when all are taken.
class LabelPlacer {
public:
    LabelPlacer(const Rect& bounds, const Color& halo) : m_bounds(bounds), m_halo(halo) {}
    void reserve(const Rect& r) { m_taken.push_back(r); }
    // `shape` is on the page (mm); labels keep `margin_mm` away from it.
    void avoid(const GEOSGeometry* shape, double margin_mm);
    // Draws the label and returns its box, `extra_right` mm wider for a mark drawn after it; nullopt
    // when it found no free place (it is then not drawn).
    std::optional<Rect> place(TextWriter& tw, const std::string& text, double x, double y, double size, const Color& color,
                              bool bold = false, double extra_right = 0);
    const std::vector<std::pair<std::string, Rect>>& placed() const { return m_placed; }

private:
    bool is_free(const Rect& r) const;
    Rect m_bounds;
    Color m_halo;
    std::vector<Rect> m_taken;
    std::vector<geom::GeomPtr> m_avoid;
    std::vector<geom::PreparedPtr> m_avoid_prepared;
    std::vector<std::pair<std::string, Rect>> m_placed;
};

}  // namespace ecozone::render
