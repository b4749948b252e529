#include "render/furniture.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/format.hpp"

namespace ecozone::render {

void draw_scale_and_north(cairo_t* cr, TextWriter& tw, const Sheet& sheet, const ScaleMeasure& scale,
                          LabelPlacer& labels) {
    const Frame& f = sheet.frame;
    const double length_m = scale.bar.length_m, length_mm = scale.bar.length_mm;
    const double x = f.fx + 6, y = f.fy + f.fh - 9;
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
    auto [w0, h0] = tw.measure("0", 6);
    tw.draw("0", x - w0 / 2, y - h0 - 0.3, 6, k_dark);
    const std::string half = length_label(length_m / 2), full = length_label(length_m);
    auto [w1, h1] = tw.measure(half, 6);
    tw.draw(half, x + length_mm / 2 - w1 / 2, y - h1 - 0.3, 6, k_dark);
    auto [w2, h2] = tw.measure(full, 6);
    tw.draw(full, x + length_mm - w2 / 2, y - h2 - 0.3, 6, k_dark);
    tw.draw(scale_label(scale.scale_denominator), x, y + 2.0, 6, k_dark);

    // North arrow pointing to true north.
    const double cx = f.fx + f.fw - 10, cy = f.fy + 13;
    cairo_save(cr);
    cairo_translate(cr, cx, cy);
    cairo_rotate(cr, scale.north_angle);
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
    tw.draw("北", cx - wn / 2, cy - 8 - hn, 8, k_dark, true);
    labels.reserve({cx - 6, cy - 9 - hn, cx + 6, cy + 6});
    labels.reserve({x - 3, y - 6.5, x + length_mm + 11, y + 5.5});
}

void draw_target_mark(cairo_t* cr, double x, double y, bool met, double dot_radius) {
    cairo_new_path(cr);
    cairo_arc(cr, x, y, std::max(dot_radius, 1.5) + 0.9, 0, 2 * std::numbers::pi);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
    cairo_fill(cr);
    if (met) {
        cairo_arc(cr, x, y, dot_radius, 0, 2 * std::numbers::pi);
        cairo_set_source_rgb(cr, 0.15, 0.6, 0.3);
        cairo_fill(cr);
    } else {
        cairo_set_source_rgb(cr, 0.75, 0.2, 0.15);
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, x - 1.5, y - 1.5);
        cairo_line_to(cr, x + 1.5, y + 1.5);
        cairo_move_to(cr, x + 1.5, y - 1.5);
        cairo_line_to(cr, x - 1.5, y + 1.5);
        cairo_stroke(cr);
    }
}

std::vector<std::string> draw_legend(cairo_t* cr, TextWriter& tw, const Sheet& sheet, const MapInput& in,
                                     const std::vector<const LayerStyle*>& used, bool overlaps_drawn,
                                     const std::set<screen::Verdict>& verdicts, double bottom) {
    const Style& st = *in.style;
    const Frame& f = sheet.frame;
    const double x = f.fx + f.fw + 5;
    double y = f.fy;
    std::vector<std::string> entries;
    tw.draw("图  例", x, y, 10, k_dark, true);
    y += 7;
    auto swatch_label = [&](const std::string& label) {
        tw.draw(label, x + 11, y - 0.3, 7, k_dark);
        entries.push_back(label);
        y += 6;
    };
    auto swatch = [&](const LayerStyle& ls) {
        draw_swatch(cr, x, y, ls);
        swatch_label(ls.legend);
    };
    if (in.choropleth) {
        const Choropleth& c = *in.choropleth;
        tw.draw(c.label, x, y, 7.5, k_dark, true);
        y += 6;
        const bool own = !c.classes.empty();
        const auto& classes = own ? c.classes : st.classes;
        const auto& palette = own ? c.palette : st.palette;
        for (std::size_t i = 0; i + 1 < classes.size(); ++i) {
            cairo_rectangle(cr, x, y, 8, 4.5);
            set_color(cr, palette[i]);
            cairo_fill_preserve(cr);
            set_color(cr, st.choropleth_stroke);
            cairo_set_line_width(cr, 0.15);
            cairo_stroke(cr);
            // Open-ended classes of a change map read "below −2" / "above 2".
            const bool first = own && i == 0, last = own && i + 2 == classes.size();
            swatch_label(first  ? "< " + text::thousands(classes[i + 1], 1)
                         : last ? "≥ " + text::thousands(classes[i], 1)
                                : text::thousands(classes[i], 1) + " – " + text::thousands(classes[i + 1], 1));
        }
        cairo_rectangle(cr, x, y, 8, 4.5);
        set_color(cr, st.missing);
        cairo_fill(cr);
        swatch_label("无数据");
        const double width = sheet.layout.legend_w - 7;
        auto marks_legend = [&] {
            draw_target_mark(cr, x + 4, y + 2.2, true, 1.6);
            swatch_label("达标");
            draw_target_mark(cr, x + 4, y + 2.2, false);
            swatch_label("未达标");
        };
        // County targets: each county is marked against its own.
        std::vector<std::string> county_targets;
        for (const auto& [id, marks] : c.zone_targets)
            for (const auto& t : marks)
                if (std::find(county_targets.begin(), county_targets.end(), t.label) == county_targets.end())
                    county_targets.push_back(t.label);
        if (!county_targets.empty()) {
            y += 2;
            tw.draw("县级目标", x, y, 7, k_dark, true);
            y += 4.5;
            for (const auto& l : county_targets) y += tw.draw_wrapped(l, x, y, width, 6, k_dark) + 0.6;
            y += 1;
            marks_legend();
        }
        // City targets: checked on the city as a whole, listed here with the city's value.
        if (!c.groups.empty()) {
            y += 2;
            tw.draw("市级目标（按全市计）", x, y, 7, k_dark, true);
            y += 5;
            for (const auto& g : c.groups) {
                if (y + 12 > bottom) break;
                const bool all_met = std::all_of(g.targets.begin(), g.targets.end(), [](const TargetMark& t) { return t.met; });
                draw_target_mark(cr, x + 1.8, y + 1.9, all_met);
                std::string head = g.name;
                if (g.value) head += "  " + text::thousands(*g.value, 1) + "%";
                tw.draw(head, x + 5, y - 0.3, 7, k_dark, true);
                entries.push_back(head);
                y += 4.2;
                std::vector<std::string> sources;
                for (const auto& t : g.targets) {
                    y += tw.draw_wrapped(t.label + (t.met ? "  达标" : "  未达标"), x + 5, y, width - 5, 6, k_dark) + 0.4;
                    if (!t.source.empty() && std::find(sources.begin(), sources.end(), t.source) == sources.end())
                        sources.push_back(t.source);
                }
                for (const auto& src : sources)
                    y += tw.draw_wrapped("来源：" + src, x + 5, y, width - 5, 5, Color{0.35, 0.35, 0.35, 1, false}) + 0.4;
                y += 1.6;
            }
            if (county_targets.empty()) marks_legend();
        }
        y += 3;
    }
    if (in.highlight) {
        LayerStyle site;
        site.stroke = st.color_of(in.highlight->verdict);
        site.stroke_width = st.site_stroke_width;
        site.legend = "项目用地范围";
        swatch(site);
    }
    for (auto it = verdicts.rbegin(); it != verdicts.rend(); ++it) {  // most severe first
        LayerStyle v;
        v.fill = st.color_of(*it);
        v.opacity = 0.35;
        v.stroke = st.color_of(*it);
        v.stroke_width = st.site_stroke_width * 0.7;
        v.legend = "项目：" + std::string(screen::verdict_label(*it)) + "（" + std::string(screen::verdict_name(*it)) + "）";
        swatch(v);
    }
    if (in.highlight && overlaps_drawn) {
        LayerStyle ov;
        ov.fill = st.overlap_fill;
        ov.opacity = 0.35;
        ov.hatch = st.overlap_hatch;
        ov.hatch_color = st.overlap_fill;
        ov.legend = "占用敏感区域部分";
        swatch(ov);
    }
    std::vector<std::string> patch_legends;
    for (const Patch& p : in.patches) {
        if (p.style.legend.empty() || std::find(patch_legends.begin(), patch_legends.end(), p.style.legend) != patch_legends.end())
            continue;
        patch_legends.push_back(p.style.legend);
        swatch(p.style);
    }
    std::vector<const LayerStyle*> sorted = used;
    std::stable_sort(sorted.begin(), sorted.end(), [](const LayerStyle* a, const LayerStyle* b) { return a->order > b->order; });
    for (const LayerStyle* ls : sorted) {
        if (y + 6 > bottom) break;
        swatch(*ls);
    }
    if (!in.zones.empty() && y + 6 <= bottom) {
        LayerStyle z;
        z.stroke = st.zone_stroke;
        z.stroke_width = st.zone_stroke_width;
        z.dash = st.zone_dash;
        z.legend = "县级行政区界";
        swatch(z);
    }
    return entries;
}

namespace {

geom::Envelope zones_extent(const MapInput& in) {
    geom::Envelope e;
    for (const auto& z : in.zones) e.expand(geom::envelope(z.geom));
    return e;
}

struct InsetFrame {
    double lon0, lat0, kx, s, x0, y0;  // lon/lat -> mm: x = x0 + (lon - lon0)·kx·s, y = y0 - (lat - lat0)·s
};

int to_inset(double* x, double* y, void* data) {
    const auto* f = static_cast<const InsetFrame*>(data);
    *x = f->x0 + (*x - f->lon0) * f->kx * f->s;
    *y = f->y0 - (*y - f->lat0) * f->s;
    return 1;
}

}  // namespace

std::optional<Rect> location_inset_box(const Sheet& sheet, const MapInput& in) {
    const geom::Envelope all = zones_extent(in);
    if (all.empty) return std::nullopt;
    const geom::Envelope& v = sheet.view_ll;
    const double view_area = (v.max_x - v.min_x) * (v.max_y - v.min_y);
    const double all_area = (all.max_x - all.min_x) * (all.max_y - all.min_y);
    if (!(all_area > 0) || view_area >= 0.5 * all_area) return std::nullopt;
    const Frame& f = sheet.frame;
    const double kx = std::cos((all.min_y + all.max_y) / 2 * std::numbers::pi / 180);
    const double w = sheet.layout.legend_w - 8;
    const double aspect = (all.max_y - all.min_y) / ((all.max_x - all.min_x) * kx);
    const double h = std::min(w * aspect, f.fh * 0.32);
    return Rect{f.fx + f.fw + 5, f.fy + f.fh - h, f.fx + f.fw + 5 + w, f.fy + f.fh};
}

void draw_location_inset(cairo_t* cr, TextWriter& tw, const Sheet& sheet, const MapInput& in, const Rect& box) {
    const geom::Envelope all = zones_extent(in);
    const double kx = std::cos((all.min_y + all.max_y) / 2 * std::numbers::pi / 180);
    const double s = std::min((box.x1 - box.x0) / ((all.max_x - all.min_x) * kx), (box.y1 - box.y0) / (all.max_y - all.min_y));
    const double w = (all.max_x - all.min_x) * kx * s, h = (all.max_y - all.min_y) * s;
    InsetFrame fr{all.min_x, all.max_y, kx, s, box.x0 + (box.x1 - box.x0 - w) / 2, box.y0 + (box.y1 - box.y0 - h) / 2};
    tw.draw("位置示意图", box.x0, box.y0 - 5, 7, k_dark, true);
    cairo_save(cr);
    cairo_rectangle(cr, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
    cairo_clip(cr);
    // Detail finer than 0.15 mm on the inset is dropped in longitude/latitude first, with plain
    // Douglas-Peucker: at this size topology does not matter, and transforming every vertex of every
    // county for each map of a report is what made the inset slow.
    const double tolerance_deg = 0.15 / s;
    for (const auto& z : in.zones) {
        geom::GeomPtr simple(GEOSSimplify_r(geom::geos(), z.geom, tolerance_deg));
        geom::GeomPtr g(GEOSGeom_transformXY_r(geom::geos(), simple ? simple.get() : z.geom, to_inset, &fr));
        if (!g) continue;
        cairo_new_path(cr);
        add_path(cr, g.get());
        cairo_set_source_rgb(cr, 0.9, 0.9, 0.88);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
        cairo_set_line_width(cr, 0.12);
        cairo_stroke(cr);
    }
    // The sheet's view.
    const geom::Envelope& v = sheet.view_ll;
    double x0 = v.min_x, y0 = v.max_y, x1 = v.max_x, y1 = v.min_y;
    to_inset(&x0, &y0, &fr);
    to_inset(&x1, &y1, &fr);
    const double min_mm = 1.2;  // a site's sheet is a dot at this scale: keep the box visible
    if (x1 - x0 < min_mm) x0 -= (min_mm - (x1 - x0)) / 2, x1 = x0 + min_mm;
    if (y1 - y0 < min_mm) y0 -= (min_mm - (y1 - y0)) / 2, y1 = y0 + min_mm;
    cairo_new_path(cr);
    cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
    cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
    cairo_set_line_width(cr, 0.45);
    cairo_stroke(cr);
    cairo_restore(cr);
    cairo_rectangle(cr, box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    cairo_set_line_width(cr, 0.2);
    cairo_stroke(cr);
}

}  // namespace ecozone::render
