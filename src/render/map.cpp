#include "render/map.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <set>

#include "core/clock.hpp"
#include "core/format.hpp"
#include "core/version.hpp"
#include "render/canvas.hpp"
#include "render/furniture.hpp"
#include "render/scene.hpp"
#include "render/sheet.hpp"

namespace ecozone::render {

namespace {

constexpr double k_min_site_mm = 3.0;     // a site smaller than this on the page gets a marker
constexpr double k_site_marker_r = 2.6;   // the marker's radius (mm)

// Draws one map: zones (land colour or choropleth classes), the catalog's layers, the site and its
// overlaps, county boundaries and labels, then the frame, title, legend and notes.
class MapRenderer {
public:
    MapRenderer(const MapInput& in, const PageSpec& page)
        : m_in(in), m_page(page), m_sheet(plan_sheet(in, page)),
          m_labels(Rect{m_sheet.frame.fx, m_sheet.frame.fy, m_sheet.frame.fx + m_sheet.frame.fw,
                        m_sheet.frame.fy + m_sheet.frame.fh},
                   in.style->label_halo) {}

    MapInfo draw(cairo_t* cr);

private:
    const MapInput& m_in;
    const PageSpec& m_page;
    Sheet m_sheet;
    LabelPlacer m_labels;
    bool m_overlaps_drawn = false;
    std::set<screen::Verdict> m_verdicts_drawn;  // on an overview

    struct LabelCandidate {
        std::string text;
        double x, y, size;
    };
    // Draws the catalog's layers; returns the feature labels to place once everything is drawn.
    std::vector<LabelCandidate> draw_layers(cairo_t* cr, std::vector<const LayerStyle*>& used);
    // Draws the sites of an overview, each in its verdict's colour (a ring when it is too small to see);
    // returns what labels must not cover and the ids to label at each site.
    geom::GeomPtr draw_site_marks(cairo_t* cr, std::vector<LabelCandidate>& labels);
    // Draws the site's overlaps that carry a verdict, then the site, with a marker when it is too small
    // to see; returns what labels must not cover (page mm).
    geom::GeomPtr draw_highlight(cairo_t* cr, MapInfo& info);
};

std::vector<MapRenderer::LabelCandidate> MapRenderer::draw_layers(cairo_t* cr, std::vector<const LayerStyle*>& used) {
    const Style& st = *m_in.style;
    struct Item {
        int order;
        std::size_t layer, feature;
        const LayerStyle* style;
    };
    std::vector<Item> items;
    for (std::size_t l = 0; l < m_in.layers->layers.size(); ++l) {
        const load::Layer& layer = m_in.layers->layers[l];
        if (!m_in.only_layers.empty() &&
            std::find(m_in.only_layers.begin(), m_in.only_layers.end(), layer.spec.id) == m_in.only_layers.end()) {
            continue;
        }
        for (std::size_t f = 0; f < layer.features.size(); ++f) {
            const load::Feature& feature = layer.features[f];
            const LayerStyle* ls = st.for_feature(layer.spec.role, feature.zone);
            if (!ls) continue;
            const geom::Envelope e = geom::envelope(feature.geom.get());
            if (e.empty || e.max_x < m_sheet.view_ll.min_x || e.min_x > m_sheet.view_ll.max_x || e.max_y < m_sheet.view_ll.min_y ||
                e.min_y > m_sheet.view_ll.max_y) {
                continue;
            }
            items.push_back({ls->order, l, f, ls});
        }
    }
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.order < b.order; });
    const double simplify = 25.4 / m_page.dpi * 0.5;  // half an output pixel
    std::vector<LabelCandidate> labels;
    for (const auto& it : items) {
        const load::Feature& feature = m_in.layers->layers[it.layer].features[it.feature];
        geom::GeomPtr g = m_sheet.page_geom(feature.geom.get(), simplify);
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
                    labels.push_back({text, x, y, it.style->label_size});
                }
            }
        }
    }
    return labels;
}

namespace {

// A ring around a site too small to see on the page; returns the ring's area, for labels to avoid.
geom::GeomPtr draw_site_ring(cairo_t* cr, double cx, double cy, const Color& verdict) {
    cairo_new_path(cr);
    cairo_arc(cr, cx, cy, k_site_marker_r, 0, 2 * std::numbers::pi);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 1.3);
    cairo_stroke_preserve(cr);
    set_color(cr, verdict);
    cairo_set_line_width(cr, 0.7);
    cairo_stroke(cr);
    const geom::GeomPtr centre(GEOSGeom_createPointFromXY_r(geom::geos(), cx, cy));
    return geom::checked(GEOSBuffer_r(geom::geos(), centre.get(), k_site_marker_r + 0.7, 8), "site marker");
}

}  // namespace

// What labels keep clear of is unioned on a grid of a micrometre of paper: exact enough to place labels, and
// robust for the thousands of site shapes of an overview map, where floating-point noding fails.
constexpr double k_keep_clear_grid_mm = 0.001;

geom::GeomPtr MapRenderer::draw_site_marks(cairo_t* cr, std::vector<LabelCandidate>& labels) {
    const Style& st = *m_in.style;
    std::vector<geom::GeomPtr> keep_clear;
    // Least severe first, so that prohibited sites are drawn on top.
    std::vector<const SiteMark*> order;
    for (const auto& m : m_in.site_marks) order.push_back(&m);
    std::stable_sort(order.begin(), order.end(), [](const SiteMark* a, const SiteMark* b) { return a->verdict < b->verdict; });
    for (const SiteMark* m : order) {
        geom::GeomPtr g = m->geom ? m_sheet.page_geom(m->geom, 0) : nullptr;
        if (!g) continue;
        const Color& c = st.color_of(m->verdict);
        cairo_new_path(cr);
        add_path(cr, g.get());
        set_color(cr, c, 0.35);
        if (geom::is_polygonal(g.get())) cairo_fill_preserve(cr);
        set_color(cr, c);
        cairo_set_line_width(cr, st.site_stroke_width * 0.7);
        cairo_stroke(cr);
        const geom::Envelope e = geom::envelope(g.get());
        const double cx = (e.min_x + e.max_x) / 2, cy = (e.min_y + e.max_y) / 2;
        if (std::max(e.max_x - e.min_x, e.max_y - e.min_y) < k_min_site_mm) keep_clear.push_back(draw_site_ring(cr, cx, cy, c));
        labels.push_back({m->label, cx, cy - k_site_marker_r - 2.2, 6.5});
        m_verdicts_drawn.insert(m->verdict);
        keep_clear.push_back(std::move(g));
    }
    return geom::union_on_grid(std::move(keep_clear), k_keep_clear_grid_mm);
}

geom::GeomPtr MapRenderer::draw_highlight(cairo_t* cr, MapInfo& info) {
    const Style& st = *m_in.style;
    const Highlight& h = *m_in.highlight;
    std::vector<geom::GeomPtr> keep_clear;
    for (const OverlapPiece& o : h.overlaps) {
        if (o.verdict == screen::Verdict::clear) continue;
        geom::GeomPtr g = m_sheet.page_geom(o.geom, 0);
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
        m_overlaps_drawn = true;
        keep_clear.push_back(std::move(g));
    }
    geom::GeomPtr g = m_sheet.page_geom(h.site, 0);
    if (!g) return geom::union_on_grid(std::move(keep_clear), k_keep_clear_grid_mm);
    const Color verdict = st.color_of(h.verdict);
    cairo_new_path(cr);
    add_path(cr, g.get());
    set_color(cr, verdict);
    cairo_set_line_width(cr, st.site_stroke_width);
    if (geom::is_puntal(g.get())) cairo_fill_preserve(cr);
    cairo_stroke(cr);
    // A site smaller than a few millimetres on the page gets a ring around it, so it is seen at any scale.
    const geom::Envelope e = geom::envelope(g.get());
    if (std::max(e.max_x - e.min_x, e.max_y - e.min_y) < k_min_site_mm) {
        const double cx = (e.min_x + e.max_x) / 2, cy = (e.min_y + e.max_y) / 2;
        keep_clear.push_back(draw_site_ring(cr, cx, cy, verdict));
        info.site_marker = true;
    }
    keep_clear.push_back(std::move(g));
    return geom::union_on_grid(std::move(keep_clear), k_keep_clear_grid_mm);
}

MapInfo MapRenderer::draw(cairo_t* cr) {
    const Style& st = *m_in.style;
    const catalog::Catalog& cat = *m_in.catalog;
    const Frame& frame = m_sheet.frame;
    const double margin = m_sheet.layout.margin, title_h = m_sheet.layout.title_h;
    MapInfo info;
    info.central_meridian = m_sheet.central_meridian;
    info.crs_note = m_sheet.crs_note;
    const ScaleMeasure scale = measure_scale(m_sheet, geom::Ellipsoid(m_in.layers->ellipsoid));
    info.scale_denominator = scale.scale_denominator;
    info.scale_bar = scale.bar;
    // Page and map background.
    set_color(cr, st.background);
    cairo_paint(cr);
    cairo_save(cr);
    cairo_rectangle(cr, frame.fx, frame.fy, frame.fw, frame.fh);
    cairo_clip(cr);
    set_color(cr, st.background);
    cairo_paint(cr);
    TextWriter tw(cr, st.font);
    const double simplify = 25.4 / m_page.dpi * 0.5;

    // Zones: land colour (or choropleth classes) under everything.
    std::vector<std::pair<const MapZone*, geom::GeomPtr>> zone_page;
    for (const auto& z : m_in.zones) {
        geom::GeomPtr g = m_sheet.page_geom(z.geom, simplify);
        if (!g) continue;
        cairo_new_path(cr);
        add_path(cr, g.get());
        cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
        if (m_in.choropleth) {
            auto it = m_in.choropleth->values.find(z.id);
            Color c = st.missing;
            if (it != m_in.choropleth->values.end()) {
                const bool own = !m_in.choropleth->classes.empty();
                const auto& classes = own ? m_in.choropleth->classes : st.classes;
                const auto& palette = own ? m_in.choropleth->palette : st.palette;
                for (std::size_t k = 0; k + 1 < classes.size(); ++k)
                    if (it->second >= classes[k]) c = palette[k];
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
    std::vector<LabelCandidate> feature_labels;
    if (m_in.draw_layers) feature_labels = draw_layers(cr, used);
    for (const Patch& p : m_in.patches) {
        geom::GeomPtr g = p.geom ? m_sheet.page_geom(p.geom, simplify) : nullptr;
        if (g) draw_styled(cr, g.get(), p.style);
    }

    // Screening: the overlaps that decide something, then the site on top.
    geom::GeomPtr keep_clear;
    std::vector<LabelCandidate> site_labels;
    if (m_in.highlight) keep_clear = draw_highlight(cr, info);
    if (!m_in.site_marks.empty()) keep_clear = draw_site_marks(cr, site_labels);

    // County boundaries on top of the layers.
    for (const auto& [z, g] : zone_page) {
        cairo_new_path(cr);
        add_path(cr, g.get());
        set_color(cr, m_in.choropleth ? st.choropleth_stroke : st.zone_stroke);
        cairo_set_line_width(cr, st.zone_stroke_width);
        cairo_set_dash(cr, st.zone_dash.empty() ? nullptr : st.zone_dash.data(), static_cast<int>(st.zone_dash.size()), 0);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
    }
    draw_scale_and_north(cr, tw, m_sheet, scale, m_labels);

    // Labels last, none over the site or its overlaps: feature names (one per name), then counties.
    if (keep_clear) {
        m_labels.avoid(keep_clear.get(), 0.8);
        info.highlight_wkt = geom::to_wkt(keep_clear.get(), 3);
    }
    for (const auto& l : site_labels) m_labels.place(tw, l.text, l.x, l.y, l.size, k_dark, true);
    std::vector<std::string> seen;
    for (const auto& l : feature_labels) {
        if (std::find(seen.begin(), seen.end(), l.text) != seen.end()) continue;
        seen.push_back(l.text);
        m_labels.place(tw, l.text, l.x, l.y, l.size, k_dark);
    }
    for (const auto& [z, g] : zone_page) {
        geom::GeomPtr pt(GEOSPointOnSurface_r(geom::geos(), g.get()));
        double x = 0, y = 0;
        if (!pt || !GEOSGeomGetX_r(geom::geos(), pt.get(), &x) || !GEOSGeomGetY_r(geom::geos(), pt.get(), &y)) continue;
        std::string label = z->name;
        std::optional<bool> met;
        if (m_in.choropleth) {
            auto it = m_in.choropleth->values.find(z->id);
            if (it != m_in.choropleth->values.end()) {
                // A change map: signed, to two decimals, so that a value near a class break reads on its side.
                const bool change = !m_in.choropleth->classes.empty();
                label += "\n" + std::string(change && it->second > 0 ? "+" : "") + text::thousands(it->second, change ? 2 : 1) +
                         m_in.choropleth->unit;
            }
            met = m_in.choropleth->zone_met(z->id);
        }
        const double mark_w = met ? 4.5 : 0;
        const auto box = m_labels.place(tw, label, x, y, st.zone_label_size, st.zone_label, true, mark_w);
        if (box && met) draw_target_mark(cr, box->x1 - mark_w / 2, box->y0 + 2.2, *met);
    }
    for (const auto& [text, r] : m_labels.placed()) info.labels.push_back({text, r.x0, r.y0, r.x1, r.y1});
    cairo_restore(cr);

    // Frame, title, legend, notes.
    set_color(cr, st.frame);
    cairo_set_line_width(cr, 0.5);
    cairo_rectangle(cr, frame.fx, frame.fy, frame.fw, frame.fh);
    cairo_stroke(cr);
    auto [tw_w, tw_h] = tw.measure(m_in.title, st.title_size, true);
    tw.draw(m_in.title, (m_page.width_mm - tw_w) / 2, margin + (title_h - tw_h) / 2 - 1, st.title_size, k_dark, true);
    const std::optional<Rect> inset = location_inset_box(m_sheet, m_in);
    info.legend = draw_legend(cr, tw, m_sheet, m_in, used, m_overlaps_drawn, m_verdicts_drawn, inset ? inset->y0 - 8 : frame.fy + frame.fh);
    if (inset) {
        draw_location_inset(cr, tw, m_sheet, m_in, *inset);
        info.inset = true;
    }
    std::string source = "数据：" + cat.name;
    if (!cat.version.empty()) source += "（" + cat.version + "）";
    if (!cat.date.empty()) source += "，数据日期 " + cat.date;
    const double ny = frame.fy + frame.fh + 2;
    tw.draw(info.crs_note + "    比例尺 " + scale_label(info.scale_denominator), frame.fx, ny,
            st.note_size, k_dark);
    tw.draw(source, frame.fx, ny + st.note_size * pt_mm * 1.5, st.note_size, k_dark);
    std::string note = cat.map_note.empty() ? "内部工作用图，未经审核不得公开使用" : cat.map_note;
    if (!cat.producer.empty()) note += "    编制单位：" + cat.producer;
    if (!m_in.date.empty()) note += "    制图日期：" + chinese_date(m_in.date);
    tw.draw(note + "    制图软件：ecozone " + std::string(ecozone::version), frame.fx, ny + st.note_size * pt_mm * 3.0,
            st.note_size, k_dark);
    return info;
}

}  // namespace

std::optional<bool> Choropleth::zone_met(const std::string& zone_id) const {
    const auto it = zone_targets.find(zone_id);
    if (it == zone_targets.end() || it->second.empty()) return std::nullopt;
    return std::all_of(it->second.begin(), it->second.end(), [](const TargetMark& t) { return t.met; });
}

MapInfo draw_map(cairo_t* cr, const MapInput& input, const PageSpec& page) {
    MapRenderer renderer(input, page);
    return renderer.draw(cr);
}

geom::Envelope site_view(const geom::Envelope& e) {
    const double dx = std::max(0.012, (e.max_x - e.min_x) * 0.6), dy = std::max(0.01, (e.max_y - e.min_y) * 0.6);
    return geom::Envelope{e.min_x - dx, e.min_y - dy, e.max_x + dx, e.max_y + dy, false};
}

std::string site_map_png(const MapInput& base, const load::Site& site, const screen::SiteResult& res, const PageSpec& page) {
    if (!site.footprint()) return {};
    return render_png_bytes(site_map_input(base, site, res), page);
}

std::string sites_overview_png(const MapInput& base, const load::SiteSet& sites, const screen::ScreeningResult& result,
                               const PageSpec& page) {
    const auto in = sites_overview_input(base, sites, result);
    return in ? render_png_bytes(*in, page) : std::string{};
}

}  // namespace ecozone::render
