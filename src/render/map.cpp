#include "render/map.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/escape.hpp"
#include "core/format.hpp"
#include "core/version.hpp"
#include "geom/geodesic.hpp"
#include "io/crs.hpp"

namespace ecozone::render {

std::optional<Format> format_from_path(const std::string& path) {
    std::string ext = path.substr(path.find_last_of('.') == std::string::npos ? path.size() : path.find_last_of('.'));
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext == ".png") return Format::png;
    if (ext == ".svg") return Format::svg;
    if (ext == ".pdf") return Format::pdf;
    return std::nullopt;
}

std::optional<PageSpec> parse_page_size(const std::string& t) {
    PageSpec p;
    if (t == "A4" || t == "a4") return p;
    if (t == "A4-portrait") return PageSpec{210, 297, 200};
    if (t == "A3" || t == "a3") return PageSpec{420, 297, 200};
    if (t == "A3-portrait") return PageSpec{297, 420, 200};
    double w = 0, h = 0;
    char tail[8] = "";
    if (std::sscanf(t.c_str(), "%lfx%lf%7s", &w, &h, tail) >= 2 && w >= 50 && h >= 50 && w <= 2000 && h <= 2000 &&
        (std::string(tail).empty() || std::string(tail) == "mm")) {
        return PageSpec{w, h, 200};
    }
    return std::nullopt;
}

void check_png_size(const PageSpec& page) {
    const double w = page.width_mm / 25.4 * page.dpi, h = page.height_mm / 25.4 * page.dpi;
    if (!std::isfinite(w) || !std::isfinite(h) || w < 1 || h < 1 || w > 32767 || h > 32767 || w * h > k_max_png_pixels) {
        char b[200];
        std::snprintf(b, sizeof b, "a %.0f × %.0f mm page at %.0f dpi would be %.0f × %.0f pixels", page.width_mm,
                      page.height_mm, page.dpi, w, h);
        throw Error({}, std::string(b) + "; a PNG map can have at most 32,767 pixels a side and 250 million in all.",
                    "Lower --dpi, or write a .pdf or .svg (they have no pixel limit).", ErrorKind::usage);
    }
}

namespace {

constexpr double pt_mm = 25.4 / 72.0;

struct Rect {
    double x0, y0, x1, y1;
    bool overlaps(const Rect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

// Page geometry: projected metres -> page millimetres.
struct Frame {
    double fx = 0, fy = 0, fw = 0, fh = 0;  // map frame on the page (mm)
    double minx = 0, miny = 0, maxx = 0, maxy = 0;  // projected view (m)
    double s = 1;  // mm per projected metre
    double px(double x) const { return fx + (x - minx) * s; }
    double py(double y) const { return fy + (maxy - y) * s; }
};

struct ProjectCtx {
    const io::Projector* proj;
    const Frame* frame;
};

int to_page(double* x, double* y, void* data) {
    const auto* c = static_cast<const ProjectCtx*>(data);
    if (!c->proj->forward(*x, *y)) return 0;
    *x = c->frame->px(*x);
    *y = c->frame->py(*y);
    return 1;
}

void set_color(cairo_t* cr, const Color& c, double opacity = 1.0) {
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a * opacity);
}

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

// Text in points: layouts are made at 72 dpi in a space scaled from millimetres to points, so glyph
// advances are not rounded at tiny font sizes.
class TextWriter {
public:
    TextWriter(cairo_t* cr, const std::string& font) : m_cr(cr), m_font(font) {
        m_layout = pango_cairo_create_layout(cr);
        PangoContext* ctx = pango_layout_get_context(m_layout);
        pango_cairo_context_set_resolution(ctx, 72);
        cairo_font_options_t* fo = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
        cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
        pango_cairo_context_set_font_options(ctx, fo);
        cairo_font_options_destroy(fo);
    }
    ~TextWriter() { g_object_unref(m_layout); }

    // Size of `text` at `size_pt` in mm.
    std::pair<double, double> measure(const std::string& text, double size_pt, bool bold = false) {
        cairo_save(m_cr);
        cairo_scale(m_cr, pt_mm, pt_mm);
        pango_cairo_update_layout(m_cr, m_layout);
        set(text, size_pt, bold);
        int w = 0, h = 0;
        pango_layout_get_size(m_layout, &w, &h);
        cairo_restore(m_cr);
        return {w / double(PANGO_SCALE) * pt_mm, h / double(PANGO_SCALE) * pt_mm};
    }
    // Draws text with its top-left at (x, y) mm; `halo` draws an outline first.
    void draw(const std::string& text, double x, double y, double size_pt, const Color& color, bool bold = false,
              const Color* halo = nullptr) {
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

private:
    void set(const std::string& text, double size_pt, bool bold) {
        PangoFontDescription* d = pango_font_description_from_string(m_font.c_str());
        pango_font_description_set_size(d, static_cast<int>(size_pt * PANGO_SCALE));
        if (bold) pango_font_description_set_weight(d, PANGO_WEIGHT_BOLD);
        pango_layout_set_font_description(m_layout, d);
        pango_font_description_free(d);
        pango_layout_set_text(m_layout, text.c_str(), -1);
    }
    cairo_t* m_cr;
    std::string m_font;
    PangoLayout* m_layout;
};

double nice_length(double raw) {
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {5.0, 2.5, 2.0, 1.0})
        if (m * p <= raw) return m * p;
    return p;
}

std::string length_label(double m) {
    if (m >= 1000) return text::thousands(m / 1000, m >= 10000 || std::fmod(m, 1000) == 0 ? 0 : 1) + " km";
    return text::thousands(m, 0) + " m";
}

class MapRenderer {
public:
    MapRenderer(const MapInput& in, const PageSpec& page) : m_in(in), m_page(page) {}

    MapInfo draw(cairo_t* cr);

private:
    const MapInput& m_in;
    const PageSpec& m_page;
    std::unique_ptr<io::Projector> m_proj;
    Frame m_frame;
    geom::Envelope m_view_ll;
    std::vector<Rect> m_taken;  // label boxes placed so far
    MapInfo m_info;

    geom::GeomPtr page_geom(const GEOSGeometry* g, double simplify_mm) const;
    void draw_layers(cairo_t* cr, TextWriter& tw, std::vector<const LayerStyle*>& used);
    void place_label(TextWriter& tw, const std::string& text, double x, double y, double size, const Color& color,
                     bool bold = false);
    void draw_legend(cairo_t* cr, TextWriter& tw, const std::vector<const LayerStyle*>& used);
    void draw_scale_and_north(cairo_t* cr, TextWriter& tw);
};

geom::GeomPtr MapRenderer::page_geom(const GEOSGeometry* g, double simplify_mm) const {
    ProjectCtx ctx{m_proj.get(), &m_frame};
    geom::GeomPtr p(GEOSGeom_transformXY_r(geom::geos(), g, to_page, &ctx));
    if (!p) return nullptr;
    // Skip what is outside the frame (with a margin for strokes), then drop detail finer than the output.
    const double m = 2.0;
    geom::GeomPtr clipped(GEOSClipByRect_r(geom::geos(), p.get(), m_frame.fx - m, m_frame.fy - m,
                                           m_frame.fx + m_frame.fw + m, m_frame.fy + m_frame.fh + m));
    if (!clipped || GEOSisEmpty_r(geom::geos(), clipped.get())) return nullptr;
    if (simplify_mm > 0 && !geom::is_puntal(clipped.get())) {
        geom::GeomPtr s(GEOSTopologyPreserveSimplify_r(geom::geos(), clipped.get(), simplify_mm));
        if (s && !GEOSisEmpty_r(geom::geos(), s.get())) return s;
    }
    return clipped;
}

void MapRenderer::place_label(TextWriter& tw, const std::string& text, double x, double y, double size,
                              const Color& color, bool bold) {
    if (text.empty()) return;
    const auto [w, h] = tw.measure(text, size, bold);
    // Try centred, then above, below, right and left of the anchor.
    const double offsets[5][2] = {{0, 0}, {0, -h * 0.9}, {0, h * 0.9}, {w * 0.6, 0}, {-w * 0.6, 0}};
    for (const auto& o : offsets) {
        const Rect r{x - w / 2 + o[0], y - h / 2 + o[1], x + w / 2 + o[0], y + h / 2 + o[1]};
        if (r.x0 < m_frame.fx || r.y0 < m_frame.fy || r.x1 > m_frame.fx + m_frame.fw || r.y1 > m_frame.fy + m_frame.fh) continue;
        bool free = true;
        for (const auto& t : m_taken) free = free && !r.overlaps(t);
        if (!free) continue;
        m_taken.push_back(r);
        tw.draw(text, r.x0, r.y0, size, color, bold, &m_in.style->label_halo);
        return;
    }
}

void MapRenderer::draw_layers(cairo_t* cr, TextWriter& tw, std::vector<const LayerStyle*>& used) {
    const Style& st = *m_in.style;
    struct Item {
        int order;
        std::size_t layer, feature;
        const LayerStyle* style;
    };
    std::vector<Item> items;
    for (std::size_t l = 0; l < m_in.layers->layers.size(); ++l) {
        const load::Layer& layer = m_in.layers->layers[l];
        for (std::size_t f = 0; f < layer.features.size(); ++f) {
            const load::Feature& feature = layer.features[f];
            const LayerStyle* ls = st.for_feature(layer.spec.role, feature.zone);
            if (!ls) continue;
            const geom::Envelope e = geom::envelope(feature.geom.get());
            if (e.empty || e.max_x < m_view_ll.min_x || e.min_x > m_view_ll.max_x || e.max_y < m_view_ll.min_y ||
                e.min_y > m_view_ll.max_y) {
                continue;
            }
            items.push_back({ls->order, l, f, ls});
        }
    }
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.order < b.order; });
    const double simplify = 25.4 / m_page.dpi * 0.5;  // half an output pixel
    std::vector<std::tuple<std::string, double, double, double>> labels;
    for (const auto& it : items) {
        const load::Feature& feature = m_in.layers->layers[it.layer].features[it.feature];
        geom::GeomPtr g = page_geom(feature.geom.get(), simplify);
        if (!g) continue;
        draw_styled(cr, g.get(), *it.style);
        if (std::find(used.begin(), used.end(), it.style) == used.end()) used.push_back(it.style);
        if (!it.style->label_field.empty() && geom::is_polygonal(g.get())) {
            double area = 0;
            GEOSArea_r(geom::geos(), g.get(), &area);
            const std::string& text = it.style->label_field == "name"   ? feature.name
                                      : it.style->label_field == "code" ? feature.code
                                                                        : feature.zone;
            if (area > 60 && !text.empty()) {
                geom::GeomPtr pt(GEOSPointOnSurface_r(geom::geos(), g.get()));
                double x = 0, y = 0;
                if (pt && GEOSGeomGetX_r(geom::geos(), pt.get(), &x) && GEOSGeomGetY_r(geom::geos(), pt.get(), &y)) {
                    labels.emplace_back(text, x, y, it.style->label_size);
                }
            }
        }
    }
    // Labels once, after all shapes, largest first would need areas; keep draw order (deterministic).
    std::vector<std::string> seen;
    for (const auto& [text, x, y, size] : labels) {
        if (std::find(seen.begin(), seen.end(), text) != seen.end()) continue;  // one label per name
        seen.push_back(text);
        place_label(tw, text, x, y, size, Color{0.1, 0.1, 0.1, 1, false});
    }
}

void MapRenderer::draw_scale_and_north(cairo_t* cr, TextWriter& tw) {
    const geom::Ellipsoid e(m_in.layers->ellipsoid);
    const double lon0 = (m_view_ll.min_x + m_view_ll.max_x) / 2, lat0 = (m_view_ll.min_y + m_view_ll.max_y) / 2;
    // True length at the centre: a geodesic of 1 km eastwards, projected onto the page.
    double lon1 = 0, lat1 = 0;
    e.direct(lon0, lat0, 90, 1000, lon1, lat1);
    double ax = lon0, ay = lat0, bx = lon1, by = lat1;
    m_proj->forward(ax, ay);
    m_proj->forward(bx, by);
    const double mm_per_m = std::hypot(bx - ax, by - ay) * m_frame.s / 1000.0;
    m_info.scale_denominator = 1.0 / (mm_per_m / 1000.0);
    const double target_mm = std::min(40.0, m_frame.fw * 0.25);
    const double length_m = nice_length(target_mm / mm_per_m);
    const double length_mm = length_m * mm_per_m;
    m_info.scale_bar = {length_m, length_mm, lon0, lat0, {0, 0}, {0, 0}};
    {
        // The bar's two ends, centred on the map's centre along the true east-west direction, back to lon/lat.
        const double ux = (bx - ax) / std::hypot(bx - ax, by - ay), uy = (by - ay) / std::hypot(bx - ax, by - ay);
        const double half_m = length_mm / 2 / m_frame.s;
        for (int k = 0; k < 2; ++k) {
            double ex = ax + (k == 0 ? -half_m : half_m) * ux, ey = ay + (k == 0 ? -half_m : half_m) * uy;
            m_proj->inverse(ex, ey);
            m_info.scale_bar.end_lon[k] = ex;
            m_info.scale_bar.end_lat[k] = ey;
        }
    }

    const double x = m_frame.fx + 6, y = m_frame.fy + m_frame.fh - 9;
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_rectangle(cr, x - 3, y - 6.5, length_mm + 14, 12);
    cairo_fill(cr);
    const int segments = 4;
    for (int i = 0; i < segments; ++i) {
        cairo_rectangle(cr, x + length_mm * i / segments, y, length_mm / segments, 1.4);
        if (i % 2 == 0) cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        else cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_set_line_width(cr, 0.15);
        cairo_stroke(cr);
    }
    const Color dark{0.1, 0.1, 0.1, 1, false};
    auto [w0, h0] = tw.measure("0", 6);
    tw.draw("0", x - w0 / 2, y - h0 - 0.3, 6, dark);
    const std::string half = length_label(length_m / 2), full = length_label(length_m);
    auto [w1, h1] = tw.measure(half, 6);
    tw.draw(half, x + length_mm / 2 - w1 / 2, y - h1 - 0.3, 6, dark);
    auto [w2, h2] = tw.measure(full, 6);
    tw.draw(full, x + length_mm - w2 / 2, y - h2 - 0.3, 6, dark);
    const std::string ratio = "1:" + text::thousands(std::round(m_info.scale_denominator / 100) * 100, 0);
    tw.draw(ratio, x, y + 2.0, 6, dark);

    // North arrow pointing to true north (grid north differs by the meridian convergence).
    double nlon = 0, nlat = 0;
    e.direct(lon0, lat0, 0, 1000, nlon, nlat);
    double nx = nlon, ny = nlat;
    m_proj->forward(nx, ny);
    const double ang = std::atan2(nx - ax, ny - ay);  // clockwise from grid north
    const double cx = m_frame.fx + m_frame.fw - 10, cy = m_frame.fy + 13;
    cairo_save(cr);
    cairo_translate(cr, cx, cy);
    cairo_rotate(cr, ang);
    cairo_move_to(cr, 0, -7);
    cairo_line_to(cr, 3, 4);
    cairo_line_to(cr, 0, 2);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_fill(cr);
    cairo_move_to(cr, 0, -7);
    cairo_line_to(cr, -3, 4);
    cairo_line_to(cr, 0, 2);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 0.25);
    cairo_stroke(cr);
    cairo_restore(cr);
    auto [wn, hn] = tw.measure("北", 8, true);
    tw.draw("北", cx - wn / 2, cy - 8 - hn, 8, dark, true);
    m_taken.push_back({cx - 6, cy - 9 - hn, cx + 6, cy + 6});
    m_taken.push_back({x - 3, y - 6.5, x + length_mm + 11, y + 5.5});
}

void MapRenderer::draw_legend(cairo_t* cr, TextWriter& tw, const std::vector<const LayerStyle*>& used) {
    const Style& st = *m_in.style;
    const double x = m_frame.fx + m_frame.fw + 5, w = m_page.width_mm - x - 8;
    double y = m_frame.fy;
    const Color dark{0.1, 0.1, 0.1, 1, false};
    tw.draw("图  例", x, y, 10, dark, true);
    y += 7;
    auto swatch_label = [&](const std::string& label) {
        tw.draw(label, x + 11, y - 0.3, 7, dark);
        m_info.legend.push_back(label);
        y += 6;
    };
    auto swatch = [&](const LayerStyle& ls) {
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
        swatch_label(ls.legend);
    };
    if (m_in.choropleth) {
        const Choropleth& c = *m_in.choropleth;
        tw.draw(c.label, x, y, 7.5, dark, true);
        y += 6;
        for (std::size_t i = 0; i + 1 < st.classes.size(); ++i) {
            cairo_rectangle(cr, x, y, 8, 4.5);
            set_color(cr, st.palette[i]);
            cairo_fill_preserve(cr);
            set_color(cr, st.choropleth_stroke);
            cairo_set_line_width(cr, 0.15);
            cairo_stroke(cr);
            swatch_label(text::thousands(st.classes[i], 1) + " – " + text::thousands(st.classes[i + 1], 1));
        }
        cairo_rectangle(cr, x, y, 8, 4.5);
        set_color(cr, st.missing);
        cairo_fill(cr);
        swatch_label("无数据");
        if (!c.target_met.empty()) {
            y += 2;
            tw.draw(c.target_label, x, y, 6.5, dark);
            y += 6;
            cairo_arc(cr, x + 4, y + 2.2, 1.6, 0, 2 * std::numbers::pi);
            cairo_set_source_rgb(cr, 0.15, 0.6, 0.3);
            cairo_fill(cr);
            swatch_label("达标");
            cairo_set_source_rgb(cr, 0.75, 0.2, 0.15);
            cairo_set_line_width(cr, 0.6);
            cairo_move_to(cr, x + 2.5, y + 0.7);
            cairo_line_to(cr, x + 5.5, y + 3.7);
            cairo_move_to(cr, x + 5.5, y + 0.7);
            cairo_line_to(cr, x + 2.5, y + 3.7);
            cairo_stroke(cr);
            swatch_label("未达标");
        }
        y += 3;
    }
    if (m_in.highlight) {
        LayerStyle site;
        site.stroke = st.color_of(m_in.highlight->verdict);
        site.stroke_width = st.site_stroke_width;
        site.legend = "项目用地范围";
        swatch(site);
        LayerStyle ov;
        ov.fill = st.overlap_fill;
        ov.opacity = 0.35;
        ov.hatch = st.overlap_hatch;
        ov.hatch_color = st.overlap_fill;
        ov.legend = "占用敏感区域部分";
        swatch(ov);
    }
    std::vector<const LayerStyle*> sorted = used;
    std::stable_sort(sorted.begin(), sorted.end(), [](const LayerStyle* a, const LayerStyle* b) { return a->order > b->order; });
    for (const LayerStyle* ls : sorted) {
        if (y > m_frame.fy + m_frame.fh - 8) break;
        swatch(*ls);
    }
    if (!m_in.zones.empty()) {
        LayerStyle z;
        z.stroke = st.zone_stroke;
        z.stroke_width = st.zone_stroke_width;
        z.dash = st.zone_dash;
        z.legend = "县级行政区界";
        swatch(z);
    }
    (void)w;
}

MapInfo MapRenderer::draw(cairo_t* cr) {
    const Style& st = *m_in.style;
    const catalog::Catalog& cat = *m_in.catalog;
    // The view in lon/lat, then the projection: Gauss-Kruger 3° zone around its centre.
    m_view_ll = m_in.view;
    if (m_view_ll.empty) {
        for (const auto& z : m_in.zones) m_view_ll.expand(geom::envelope(z.geom));
        if (m_view_ll.empty)
            for (const auto& l : m_in.layers->layers) m_view_ll.expand(l.report.extent);
    }
    if (m_view_ll.empty) throw Error({}, "there is nothing to map: no zones and no layer features.", "", ErrorKind::input);
    const double lonc = (m_view_ll.min_x + m_view_ll.max_x) / 2;
    const int cm = static_cast<int>(std::lround(lonc / 3.0)) * 3;
    m_info.central_meridian = cm;
    char proj[256];
    std::snprintf(proj, sizeof proj, "+proj=tmerc +lat_0=0 +lon_0=%d +k=1 +x_0=500000 +y_0=0 +a=%.4f +rf=%.9f +units=m +no_defs",
                  cm, m_in.layers->ellipsoid.semi_major(), 1.0 / m_in.layers->ellipsoid.flattening());
    m_proj = std::make_unique<io::Projector>(m_in.layers->working_crs, proj);
    const bool cgcs2000 = m_in.layers->working_crs == "EPSG:4490";
    m_info.crs_note = std::string(cgcs2000 ? "坐标系：2000国家大地坐标系（CGCS2000）" : "坐标系：" + m_in.layers->working_crs_label) +
                      "，高斯-克吕格投影，3°分带，中央经线 " + std::to_string(cm) + "°E";

    // Layout (mm): title band, map frame, legend panel on the right, notes band at the bottom.
    const double margin = 8, title_h = 14, notes_h = 13, legend_w = std::min(62.0, m_page.width_mm * 0.24);
    m_frame.fx = margin;
    m_frame.fy = margin + title_h;
    m_frame.fw = m_page.width_mm - 2 * margin - legend_w;
    m_frame.fh = m_page.height_mm - m_frame.fy - notes_h - margin;
    // Projected view, grown to the frame's proportions.
    double xs[4] = {m_view_ll.min_x, m_view_ll.max_x, m_view_ll.min_x, m_view_ll.max_x};
    double ys[4] = {m_view_ll.min_y, m_view_ll.min_y, m_view_ll.max_y, m_view_ll.max_y};
    double minx = 1e300, miny = 1e300, maxx = -1e300, maxy = -1e300;
    for (int i = 0; i < 4; ++i) {
        m_proj->forward(xs[i], ys[i]);
        minx = std::min(minx, xs[i]);
        maxx = std::max(maxx, xs[i]);
        miny = std::min(miny, ys[i]);
        maxy = std::max(maxy, ys[i]);
    }
    const double pad = 0.03 * std::max(maxx - minx, maxy - miny);
    minx -= pad, maxx += pad, miny -= pad, maxy += pad;
    const double s = std::min(m_frame.fw / (maxx - minx), m_frame.fh / (maxy - miny));
    const double cx = (minx + maxx) / 2, cy = (miny + maxy) / 2;
    m_frame.s = s;
    m_frame.minx = cx - m_frame.fw / s / 2;
    m_frame.maxx = cx + m_frame.fw / s / 2;
    m_frame.miny = cy - m_frame.fh / s / 2;
    m_frame.maxy = cy + m_frame.fh / s / 2;
    // The lon/lat box of the whole frame, for culling.
    m_view_ll = geom::Envelope{};
    for (double fx : {0.0, 0.5, 1.0}) {
        for (double fy : {0.0, 0.5, 1.0}) {
            double x = m_frame.minx + fx * (m_frame.maxx - m_frame.minx), y = m_frame.miny + fy * (m_frame.maxy - m_frame.miny);
            m_proj->inverse(x, y);
            m_view_ll.expand(geom::Envelope{x, y, x, y, false});
        }
    }

    // Page and map background.
    set_color(cr, st.background);
    cairo_paint(cr);
    cairo_save(cr);
    cairo_rectangle(cr, m_frame.fx, m_frame.fy, m_frame.fw, m_frame.fh);
    cairo_clip(cr);
    set_color(cr, st.background);
    cairo_paint(cr);
    TextWriter tw(cr, st.font);
    const double simplify = 25.4 / m_page.dpi * 0.5;

    // Zones: land colour (or choropleth classes) under everything.
    std::vector<std::pair<const MapZone*, geom::GeomPtr>> zone_page;
    for (const auto& z : m_in.zones) {
        geom::GeomPtr g = page_geom(z.geom, simplify);
        if (!g) continue;
        cairo_new_path(cr);
        add_path(cr, g.get());
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        if (m_in.choropleth) {
            auto it = m_in.choropleth->values.find(z.id);
            Color c = st.missing;
            if (it != m_in.choropleth->values.end()) {
                for (std::size_t k = 0; k + 1 < st.classes.size(); ++k)
                    if (it->second >= st.classes[k]) c = st.palette[k];
            }
            set_color(cr, c);
        } else {
            set_color(cr, st.land);
        }
        cairo_fill(cr);
        zone_page.emplace_back(&z, std::move(g));
    }
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    std::vector<const LayerStyle*> used;
    if (m_in.draw_layers) draw_layers(cr, tw, used);

    // Screening: the overlaps, then the site on top.
    if (m_in.highlight) {
        for (const GEOSGeometry* o : m_in.highlight->overlaps) {
            geom::GeomPtr g = page_geom(o, 0);
            if (!g) continue;
            LayerStyle ov;
            ov.fill = st.overlap_fill;
            ov.opacity = 0.35;
            ov.hatch = st.overlap_hatch;
            ov.hatch_color = st.overlap_fill;
            ov.stroke = st.overlap_fill;
            // Overlapping stretches of a route: a broad band under the route's line.
            ov.stroke_width = geom::is_lineal(g.get()) ? st.site_stroke_width * 2.6 : 0.2;
            if (geom::is_lineal(g.get())) ov.opacity = 0.2;
            draw_styled(cr, g.get(), ov);
        }
        if (geom::GeomPtr g = page_geom(m_in.highlight->site, 0)) {
            cairo_new_path(cr);
            add_path(cr, g.get());
            set_color(cr, st.color_of(m_in.highlight->verdict));
            cairo_set_line_width(cr, st.site_stroke_width);
            if (geom::is_puntal(g.get())) cairo_fill_preserve(cr);
            cairo_stroke(cr);
            m_taken.push_back({0, 0, 0, 0});
        }
    }

    // County boundaries and names on top of the layers.
    for (const auto& [z, g] : zone_page) {
        cairo_new_path(cr);
        add_path(cr, g.get());
        set_color(cr, m_in.choropleth ? st.choropleth_stroke : st.zone_stroke);
        cairo_set_line_width(cr, st.zone_stroke_width);
        cairo_set_dash(cr, st.zone_dash.empty() ? nullptr : st.zone_dash.data(), static_cast<int>(st.zone_dash.size()), 0);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
    }
    draw_scale_and_north(cr, tw);
    for (const auto& [z, g] : zone_page) {
        geom::GeomPtr pt(GEOSPointOnSurface_r(geom::geos(), g.get()));
        double x = 0, y = 0;
        if (!pt || !GEOSGeomGetX_r(geom::geos(), pt.get(), &x) || !GEOSGeomGetY_r(geom::geos(), pt.get(), &y)) continue;
        std::string label = z->name;
        if (m_in.choropleth) {
            auto it = m_in.choropleth->values.find(z->id);
            if (it != m_in.choropleth->values.end()) label += "\n" + text::thousands(it->second, 1) + "%";
            auto t = m_in.choropleth->target_met.find(z->id);
            if (t != m_in.choropleth->target_met.end()) {
                const double mx = x + 5, my = y - 5;
                if (t->second) {
                    cairo_arc(cr, mx, my, 1.5, 0, 2 * std::numbers::pi);
                    cairo_set_source_rgb(cr, 0.15, 0.6, 0.3);
                    cairo_fill(cr);
                } else {
                    cairo_set_source_rgb(cr, 0.75, 0.2, 0.15);
                    cairo_set_line_width(cr, 0.6);
                    cairo_move_to(cr, mx - 1.5, my - 1.5);
                    cairo_line_to(cr, mx + 1.5, my + 1.5);
                    cairo_move_to(cr, mx + 1.5, my - 1.5);
                    cairo_line_to(cr, mx - 1.5, my + 1.5);
                    cairo_stroke(cr);
                }
            }
        }
        place_label(tw, label, x, y, st.zone_label_size, st.zone_label, true);
    }
    cairo_restore(cr);

    // Frame, title, legend, notes.
    set_color(cr, st.frame);
    cairo_set_line_width(cr, 0.5);
    cairo_rectangle(cr, m_frame.fx, m_frame.fy, m_frame.fw, m_frame.fh);
    cairo_stroke(cr);
    const Color dark{0.1, 0.1, 0.1, 1, false};
    auto [tw_w, tw_h] = tw.measure(m_in.title, st.title_size, true);
    tw.draw(m_in.title, (m_page.width_mm - tw_w) / 2, margin + (title_h - tw_h) / 2 - 1, st.title_size, dark, true);
    draw_legend(cr, tw, used);
    std::string source = "数据：" + cat.name;
    if (!cat.version.empty()) source += "（" + cat.version + "）";
    if (!cat.date.empty()) source += "，数据日期 " + cat.date;
    const double ny = m_frame.fy + m_frame.fh + 2;
    tw.draw(m_info.crs_note + "    比例尺 1:" + text::thousands(std::round(m_info.scale_denominator / 100) * 100, 0), m_frame.fx, ny,
            st.note_size, dark);
    tw.draw(source, m_frame.fx, ny + st.note_size * pt_mm * 1.5, st.note_size, dark);
    std::string note = cat.map_note.empty() ? "内部工作用图，未经审核不得公开使用" : cat.map_note;
    tw.draw(note + "    制图：ecozone " + std::string(ecozone::version), m_frame.fx, ny + st.note_size * pt_mm * 3.0,
            st.note_size, dark);
    return m_info;
}

cairo_status_t write_to_string(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

// Cairo writes text as glyph outlines; give the SVG a real <title> and a <desc> with the legend.
std::string svg_with_text(const std::string& svg, const std::string& title, const std::vector<std::string>& legend) {
    const auto esc = [](const std::string& s) { return text::xml_escape(s); };
    const auto pos = svg.find("<svg");
    if (pos == std::string::npos) return svg;
    const auto end = svg.find('>', pos);
    std::string extra = "\n<title>" + esc(title) + "</title>\n<desc>图例：" + esc(text::join(legend, "；")) + "</desc>\n";
    return svg.substr(0, end + 1) + extra + svg.substr(end + 1);
}

}  // namespace

MapInfo render_map(const MapInput& input, const PageSpec& page, Format format, const std::string& path,
                   const std::string& label) {
    MapInfo info;
    const std::string bytes = render_map_bytes(input, page, format, &info);
    write_bytes(path, bytes, label.empty() ? path : label);
    return info;
}

geom::Envelope site_view(const geom::Envelope& e) {
    const double dx = std::max(0.012, (e.max_x - e.min_x) * 0.6), dy = std::max(0.01, (e.max_y - e.min_y) * 0.6);
    return geom::Envelope{e.min_x - dx, e.min_y - dy, e.max_x + dx, e.max_y + dy, false};
}

std::vector<std::string> site_maps_png(const MapInput& base, const load::SiteSet& sites, const screen::ScreeningResult& result,
                                       const PageSpec& page) {
    std::vector<std::string> out(sites.sites.size());
    for (std::size_t i = 0; i < sites.sites.size(); ++i) {
        const auto& site = sites.sites[i];
        const auto& res = result.sites[i];
        if (!site.footprint) continue;
        MapInput in = base;
        Highlight h;
        h.site = site.footprint.get();
        for (const auto& hit : res.hits)
            if (hit.piece) h.overlaps.push_back(hit.piece.get());
        h.verdict = res.verdict;
        in.highlight = h;
        in.view = site_view(geom::envelope(site.footprint.get()));
        in.title = site.id + " " + site.name + "：" + std::string(screen::verdict_label(res.verdict));
        out[i] = render_png_bytes(in, page);
    }
    return out;
}

namespace {

// Cairo handles, released however drawing ends.
struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextPtr = std::unique_ptr<cairo_t, ContextDeleter>;

// Draws the map on `surface`, its units scaled to millimetres by `scale`.
MapInfo draw_on(cairo_surface_t* surface, double scale, const MapInput& input, const PageSpec& page) {
    const ContextPtr cr(cairo_create(surface));
    cairo_scale(cr.get(), scale, scale);
    MapRenderer renderer(input, page);
    return renderer.draw(cr.get());
}

}  // namespace

std::string render_map_bytes(const MapInput& input, const PageSpec& page, Format format, MapInfo* info_out) {
    if (format == Format::png) return render_png_bytes(input, page, info_out);
    const double w_pt = page.width_mm / pt_mm, h_pt = page.height_mm / pt_mm;
    std::string data;
    const SurfacePtr surface(format == Format::pdf ? cairo_pdf_surface_create_for_stream(write_to_string, &data, w_pt, h_pt)
                                                   : cairo_svg_surface_create_for_stream(write_to_string, &data, w_pt, h_pt));
    if (format == Format::pdf) {
        // Fixed metadata: the same input makes the same file.
        const std::string date = input.catalog && !input.catalog->date.empty() ? input.catalog->date + "T00:00:00" : "2000-01-01T00:00:00";
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, input.title.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "ecozone");
    }
    const MapInfo info = draw_on(surface.get(), 1 / pt_mm, input, page);
    cairo_surface_finish(surface.get());
    const cairo_status_t status = cairo_surface_status(surface.get());
    if (status != CAIRO_STATUS_SUCCESS) {
        throw Error({}, std::string("drawing the map failed: ") + cairo_status_to_string(status) + ".",
                    "Try a smaller --size; nothing was written.");
    }
    if (format == Format::svg) data = svg_with_text(data, input.title, info.legend);
    if (info_out) *info_out = info;
    return data;
}

std::string render_png_bytes(const MapInput& input, const PageSpec& page, MapInfo* info) {
    check_png_size(page);
    const int w = static_cast<int>(std::lround(page.width_mm / 25.4 * page.dpi));
    const int h = static_cast<int>(std::lround(page.height_mm / 25.4 * page.dpi));
    const SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
        throw Error({}, "the map image of " + std::to_string(w) + " × " + std::to_string(h) + " pixels could not be made: " +
                            cairo_status_to_string(cairo_surface_status(surface.get())) + ".",
                    "Lower --dpi or --size, or write a .pdf or .svg.");
    }
    const MapInfo local = draw_on(surface.get(), page.dpi / 25.4, input, page);
    std::string data;
    const cairo_status_t written = cairo_surface_write_to_png_stream(surface.get(), write_to_string, &data);
    if (written != CAIRO_STATUS_SUCCESS || data.empty()) {
        throw Error({}, std::string("encoding the map as PNG failed: ") + cairo_status_to_string(written) + ".",
                    "Lower --dpi or --size, or write a .pdf or .svg.");
    }
    if (info) *info = local;
    return data;
}

}  // namespace ecozone::render
