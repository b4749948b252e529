#include "render/canvas.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "render/page.hpp"

namespace ecozone::render {

void set_color(cairo_t* cr, const Color& c, double opacity) {
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a * opacity);
}

namespace {

void add_ring(cairo_t* cr, const GEOSGeometry* ring) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geom::geos(), ring);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(geom::geos(), seq, &n);
    for (unsigned i = 0; i < n; ++i) {
        double x = 0, y = 0;
        GEOSCoordSeq_getXY_r(geom::geos(), seq, i, &x, &y);
        if (i == 0) cairo_move_to(cr, x, y);
        else cairo_line_to(cr, x, y);
    }
}

}  // namespace

void add_path(cairo_t* cr, const GEOSGeometry* g) {
    switch (GEOSGeomTypeId_r(geom::geos(), g)) {
        case GEOS_POLYGON: {
            add_ring(cr, GEOSGetExteriorRing_r(geom::geos(), g));
            cairo_close_path(cr);
            const int holes = GEOSGetNumInteriorRings_r(geom::geos(), g);
            for (int i = 0; i < holes; ++i) {
                add_ring(cr, GEOSGetInteriorRingN_r(geom::geos(), g, i));
                cairo_close_path(cr);
            }
            break;
        }
        case GEOS_LINESTRING:
        case GEOS_LINEARRING:
            add_ring(cr, g);
            break;
        case GEOS_POINT: {
            double x = 0, y = 0;
            GEOSGeomGetX_r(geom::geos(), g, &x);
            GEOSGeomGetY_r(geom::geos(), g, &y);
            cairo_new_sub_path(cr);
            cairo_arc(cr, x, y, 0.8, 0, 2 * std::numbers::pi);
            break;
        }
        default: {
            const int n = GEOSGetNumGeometries_r(geom::geos(), g);
            for (int i = 0; i < n; ++i) add_path(cr, GEOSGetGeometryN_r(geom::geos(), g, i));
        }
    }
}

void hatch_current_path(cairo_t* cr, Hatch hatch, const Color& color) {
    if (hatch == Hatch::none) return;
    cairo_save(cr);
    cairo_clip_preserve(cr);
    double x0, y0, x1, y1;
    cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
    set_color(cr, color);
    cairo_set_line_width(cr, 0.12);
    cairo_set_dash(cr, nullptr, 0, 0);
    const double step = 1.6;
    auto lines = [&](double dx, double dy) {
        // Lines in direction (dx, dy) spaced `step` apart, covering the box.
        const double len = (x1 - x0) + (y1 - y0);
        const double nx = -dy, ny = dx;
        const double c0 = std::min({x0 * nx + y0 * ny, x1 * nx + y0 * ny, x0 * nx + y1 * ny, x1 * nx + y1 * ny});
        const double c1 = std::max({x0 * nx + y0 * ny, x1 * nx + y0 * ny, x0 * nx + y1 * ny, x1 * nx + y1 * ny});
        for (double c = std::floor(c0 / step) * step; c <= c1; c += step) {
            const double px = nx * c + (x0 + x1) / 2 * dx * dx, py = ny * c + (y0 + y1) / 2 * dy * dy;
            cairo_move_to(cr, px - dx * len, py - dy * len);
            cairo_line_to(cr, px + dx * len, py + dy * len);
        }
        cairo_stroke(cr);
    };
    const double r = std::sqrt(0.5);
    switch (hatch) {
        case Hatch::diagonal: lines(r, -r); break;
        case Hatch::cross: lines(r, -r); lines(r, r); break;
        case Hatch::horizontal: lines(1, 0); break;
        case Hatch::vertical: lines(0, 1); break;
        case Hatch::none: break;
    }
    cairo_restore(cr);
}

void draw_styled(cairo_t* cr, const GEOSGeometry* page_geom, const LayerStyle& st) {
    cairo_new_path(cr);
    add_path(cr, page_geom);
    const bool area = geom::is_polygonal(page_geom);
    if (area && !st.fill.none) {
        set_color(cr, st.fill, st.opacity);
        cairo_fill_preserve(cr);
    }
    if (area) hatch_current_path(cr, st.hatch, st.hatch_color);
    if (!st.stroke.none || !area) {
        set_color(cr, st.stroke.none ? st.fill : st.stroke, std::min(1.0, st.opacity + 0.3));
        cairo_set_line_width(cr, area ? st.stroke_width : std::max(st.stroke_width, 0.4));
        std::vector<double> dash = st.dash;
        cairo_set_dash(cr, dash.empty() ? nullptr : dash.data(), static_cast<int>(dash.size()), 0);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
    }
    cairo_new_path(cr);
}

void draw_swatch(cairo_t* cr, double x, double y, const LayerStyle& ls) {
    cairo_new_path(cr);
    cairo_rectangle(cr, x, y, 8, 4.5);
    if (!ls.fill.none) {
        set_color(cr, ls.fill, ls.opacity);
        cairo_fill_preserve(cr);
    }
    hatch_current_path(cr, ls.hatch, ls.hatch_color);
    if (!ls.stroke.none) {
        set_color(cr, ls.stroke);
        cairo_set_line_width(cr, std::max(0.2, ls.stroke_width));
        std::vector<double> dash = ls.dash;
        cairo_set_dash(cr, dash.empty() ? nullptr : dash.data(), static_cast<int>(dash.size()), 0);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
    }
    cairo_new_path(cr);
}

PangoLayout* make_text_layout(cairo_t* cr) {
    PangoLayout* layout = pango_cairo_create_layout(cr);
    PangoContext* ctx = pango_layout_get_context(layout);
    pango_cairo_context_set_resolution(ctx, 72);
    cairo_font_options_t* fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    return layout;
}

TextWriter::TextWriter(cairo_t* cr, const std::string& font) : m_cr(cr), m_font(font), m_layout(make_text_layout(cr)) {}

TextWriter::~TextWriter() { g_object_unref(m_layout); }

std::pair<double, double> TextWriter::measure(const std::string& text, double size_pt, bool bold) {
    cairo_save(m_cr);
    cairo_scale(m_cr, pt_mm, pt_mm);
    pango_cairo_update_layout(m_cr, m_layout);
    set(text, size_pt, bold);
    int w = 0, h = 0;
    pango_layout_get_size(m_layout, &w, &h);
    cairo_restore(m_cr);
    return {w / double(PANGO_SCALE) * pt_mm, h / double(PANGO_SCALE) * pt_mm};
}

void TextWriter::draw(const std::string& text, double x, double y, double size_pt, const Color& color, bool bold,
                      const Color* halo) {
    cairo_save(m_cr);
    cairo_translate(m_cr, x, y);
    cairo_scale(m_cr, pt_mm, pt_mm);
    pango_cairo_update_layout(m_cr, m_layout);
    set(text, size_pt, bold);
    if (halo && !halo->none) {
        cairo_move_to(m_cr, 0, 0);
        pango_cairo_layout_path(m_cr, m_layout);
        set_color(m_cr, *halo);
        cairo_set_line_width(m_cr, size_pt * 0.25);
        cairo_set_line_join(m_cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(m_cr);
    }
    cairo_move_to(m_cr, 0, 0);
    set_color(m_cr, color);
    pango_cairo_show_layout(m_cr, m_layout);
    cairo_new_path(m_cr);
    cairo_restore(m_cr);
}

double TextWriter::draw_wrapped(const std::string& text, double x, double y, double width, double size_pt,
                                const Color& color) {
    cairo_save(m_cr);
    cairo_translate(m_cr, x, y);
    cairo_scale(m_cr, pt_mm, pt_mm);
    pango_cairo_update_layout(m_cr, m_layout);
    set(text, size_pt, false);
    pango_layout_set_width(m_layout, static_cast<int>(width / pt_mm * PANGO_SCALE));
    pango_layout_set_wrap(m_layout, PANGO_WRAP_WORD_CHAR);
    int w = 0, h = 0;
    pango_layout_get_size(m_layout, &w, &h);
    cairo_move_to(m_cr, 0, 0);
    set_color(m_cr, color);
    pango_cairo_show_layout(m_cr, m_layout);
    cairo_new_path(m_cr);
    pango_layout_set_width(m_layout, -1);
    cairo_restore(m_cr);
    return h / double(PANGO_SCALE) * pt_mm;
}

void TextWriter::set(const std::string& text, double size_pt, bool bold) {
    PangoFontDescription* d = pango_font_description_from_string(m_font.c_str());
    pango_font_description_set_size(d, static_cast<int>(size_pt * PANGO_SCALE));
    if (bold) pango_font_description_set_weight(d, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(m_layout, d);
    pango_font_description_free(d);
    pango_layout_set_text(m_layout, text.c_str(), -1);
}

void LabelPlacer::avoid(const GEOSGeometry* shape, double margin_mm) {
    if (!shape || GEOSisEmpty_r(geom::geos(), shape)) return;
    geom::GeomPtr grown(GEOSBuffer_r(geom::geos(), shape, margin_mm, 4));
    if (!grown) return;
    m_avoid_prepared.emplace_back(GEOSPrepare_r(geom::geos(), grown.get()));
    m_avoid.push_back(std::move(grown));
}

bool LabelPlacer::is_free(const Rect& r) const {
    if (r.x0 < m_bounds.x0 || r.y0 < m_bounds.y0 || r.x1 > m_bounds.x1 || r.y1 > m_bounds.y1) return false;
    for (const auto& t : m_taken)
        if (r.overlaps(t)) return false;
    if (m_avoid_prepared.empty()) return true;
    const geom::GeomPtr box(GEOSGeom_createRectangle_r(geom::geos(), r.x0, r.y0, r.x1, r.y1));
    for (const auto& p : m_avoid_prepared)
        if (p && GEOSPreparedIntersects_r(geom::geos(), p.get(), box.get()) == 1) return false;
    return true;
}

std::optional<Rect> LabelPlacer::place(TextWriter& tw, const std::string& text, double x, double y, double size,
                                       const Color& color, bool bold, double extra_right) {
    if (text.empty()) return std::nullopt;
    const auto [tw_mm, h] = tw.measure(text, size, bold);
    const double w = tw_mm + extra_right;
    // Centred, then the four sides, then the four sides again a label's size further out.
    const double offsets[9][2] = {{0, 0},           {0, -h * 0.9},    {0, h * 0.9},    {w * 0.6, 0},    {-w * 0.6, 0},
                                  {0, -h * 1.9},    {0, h * 1.9},     {w * 1.1, 0},    {-w * 1.1, 0}};
    for (const auto& o : offsets) {
        const Rect r{x - w / 2 + o[0], y - h / 2 + o[1], x + w / 2 + o[0], y + h / 2 + o[1]};
        if (!is_free(r)) continue;
        m_taken.push_back(r);
        m_placed.emplace_back(text, r);
        tw.draw(text, r.x0, r.y0, size, color, bold, &m_halo);
        return r;
    }
    return std::nullopt;
}

}  // namespace ecozone::render
