#include "render/tile.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "render/canvas.hpp"

namespace ecozone::render {

namespace {

constexpr double k_pixel_mm = 0.28;   // the OGC standard rendering pixel
constexpr double k_max_lat = 85.0511287798066;
constexpr int k_margin_px = 8;        // drawn beyond the tile's edge, so that clipped edges are never seen

double lon_to_x(double lon, double n) { return (lon + 180.0) / 360.0 * n; }
double lat_to_y(double lat, double n) {
    const double phi = std::clamp(lat, -k_max_lat, k_max_lat) * std::numbers::pi / 180.0;
    return (1.0 - std::asinh(std::tan(phi)) / std::numbers::pi) / 2.0 * n;
}
double x_to_lon(double x, double n) { return x / n * 360.0 - 180.0; }
double y_to_lat(double y, double n) {
    return std::atan(std::sinh(std::numbers::pi * (1.0 - 2.0 * y / n))) * 180.0 / std::numbers::pi;
}

struct Projection {
    double n;       // world size in pixels
    double x0, y0;  // the tile's top-left corner in world pixels
};

int to_page(double* x, double* y, void* data) {
    const auto* p = static_cast<const Projection*>(data);
    *x = (lon_to_x(*x, p->n) - p->x0) * k_pixel_mm;
    *y = (lat_to_y(*y, p->n) - p->y0) * k_pixel_mm;
    return 1;
}

cairo_status_t append_png(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

bool overlaps(const geom::Envelope& a, const geom::Envelope& b) {
    return !a.empty && !b.empty && a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y && b.min_y <= a.max_y;
}

// `g` clipped to `clip` (lon/lat) and projected onto the tile (mm); null when nothing is left.
geom::GeomPtr on_tile(const GEOSGeometry* g, const geom::Envelope& clip, Projection& proj) {
    GEOSContextHandle_t h = geom::geos();
    geom::GeomPtr clipped(GEOSClipByRect_r(h, g, clip.min_x, clip.min_y, clip.max_x, clip.max_y));
    if (!clipped || GEOSisEmpty_r(h, clipped.get())) return nullptr;
    geom::GeomPtr page(GEOSGeom_transformXY_r(h, clipped.get(), to_page, &proj));
    if (!page || GEOSisEmpty_r(h, page.get())) return nullptr;
    // Vertices closer than a quarter pixel add nothing a reader can see.
    geom::GeomPtr simple(GEOSTopologyPreserveSimplify_r(h, page.get(), k_pixel_mm * 0.25));
    return simple ? std::move(simple) : std::move(page);
}

}  // namespace

bool valid_tile(int z, int x, int y) {
    if (z < 0 || z > k_max_tile_zoom) return false;
    const long long n = 1LL << z;
    return x >= 0 && y >= 0 && x < n && y < n;
}

geom::Envelope tile_bounds(int z, int x, int y) {
    const double n = std::ldexp(1.0, z);
    geom::Envelope e;
    e.min_x = x_to_lon(x, n);
    e.max_x = x_to_lon(x + 1.0, n);
    e.max_y = y_to_lat(y, n);
    e.min_y = y_to_lat(y + 1.0, n);
    e.empty = false;
    return e;
}

std::string render_tile(const TileSource& src, int z, int x, int y) {
    const double world = std::ldexp(static_cast<double>(k_tile_size), z);
    Projection proj{world, static_cast<double>(x) * k_tile_size, static_cast<double>(y) * k_tile_size};
    geom::Envelope clip;
    clip.min_x = x_to_lon(proj.x0 - k_margin_px, world);
    clip.max_x = x_to_lon(proj.x0 + k_tile_size + k_margin_px, world);
    clip.max_y = y_to_lat(std::max(0.0, proj.y0 - k_margin_px), world);
    clip.min_y = y_to_lat(std::min(world, proj.y0 + k_tile_size + k_margin_px), world);
    clip.empty = false;

    SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, k_tile_size, k_tile_size));
    ContextPtr context(cairo_create(surface.get()));
    cairo_t* cr = context.get();
    cairo_scale(cr, 1.0 / k_pixel_mm, 1.0 / k_pixel_mm);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);

    const Style& style = *src.style;
    struct Item {
        int order;
        std::size_t layer, feature;
        const LayerStyle* style;
    };
    std::vector<Item> items;
    for (std::size_t l = 0; l < src.layers->layers.size(); ++l) {
        const load::Layer& layer = src.layers->layers[l];
        const auto& envs = (*src.envelopes)[l];
        for (std::size_t f = 0; f < layer.features.size(); ++f) {
            if (!overlaps(envs[f], clip)) continue;
            const LayerStyle* ls = style.for_feature(layer.spec.role, layer.features[f].zone);
            if (ls) items.push_back({ls->order, l, f, ls});
        }
    }
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.order < b.order; });
    for (const auto& it : items) {
        geom::GeomPtr g = on_tile(src.layers->layers[it.layer].features[it.feature].geom.get(), clip, proj);
        if (g) draw_styled(cr, g.get(), *it.style);
    }
    if (src.zone_lines && !style.zone_stroke.none) {
        for (std::size_t i = 0; i < src.zone_lines->size(); ++i) {
            if (!(*src.zone_lines)[i] || !overlaps((*src.zone_envelopes)[i], clip)) continue;
            geom::GeomPtr g = on_tile((*src.zone_lines)[i].get(), clip, proj);
            if (!g) continue;
            cairo_new_path(cr);
            add_path(cr, g.get());
            set_color(cr, style.zone_stroke);
            cairo_set_line_width(cr, style.zone_stroke_width);
            std::vector<double> dash = style.zone_dash;
            cairo_set_dash(cr, dash.empty() ? nullptr : dash.data(), static_cast<int>(dash.size()), 0);
            cairo_stroke(cr);
            cairo_set_dash(cr, nullptr, 0, 0);
        }
    }
    cairo_surface_flush(surface.get());
    std::string png;
    if (cairo_surface_write_to_png_stream(surface.get(), append_png, &png) != CAIRO_STATUS_SUCCESS) {
        throw std::runtime_error("encoding a map tile as PNG failed");
    }
    return png;
}

}  // namespace ecozone::render
