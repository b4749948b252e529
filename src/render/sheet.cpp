#include "render/sheet.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"

namespace ecozone::render {

namespace {

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

}  // namespace

geom::GeomPtr Sheet::page_geom(const GEOSGeometry* g, double simplify_mm) const {
    // What lies wholly outside the frame's lon/lat box is not transformed at all (GEOS keeps envelopes),
    // so a site's map does not project every vertex of every county of a province.
    const geom::Envelope e = geom::envelope(g);
    if (e.empty || e.max_x < view_ll.min_x || e.min_x > view_ll.max_x || e.max_y < view_ll.min_y || e.min_y > view_ll.max_y) {
        return nullptr;
    }
    ProjectCtx ctx{proj.get(), &frame};
    geom::GeomPtr p(GEOSGeom_transformXY_r(geom::geos(), g, to_page, &ctx));
    if (!p) return nullptr;
    // Skip what is outside the frame (with a margin for strokes), then drop detail finer than the output.
    const double m = 2.0;
    geom::GeomPtr clipped(GEOSClipByRect_r(geom::geos(), p.get(), frame.fx - m, frame.fy - m, frame.fx + frame.fw + m,
                                           frame.fy + frame.fh + m));
    if (!clipped || GEOSisEmpty_r(geom::geos(), clipped.get())) return nullptr;
    if (simplify_mm > 0 && !geom::is_puntal(clipped.get())) {
        geom::GeomPtr s(GEOSTopologyPreserveSimplify_r(geom::geos(), clipped.get(), simplify_mm));
        if (s && !GEOSisEmpty_r(geom::geos(), s.get())) return s;
    }
    return clipped;
}

Sheet plan_sheet(const MapInput& in, const PageSpec& page) {
    Sheet sheet;
    // The view in lon/lat, then the projection: Gauss-Kruger 3° zone around its centre.
    geom::Envelope view = in.view;
    if (view.empty) {
        for (const auto& z : in.zones) view.expand(geom::envelope(z.geom));
        if (view.empty)
            for (const auto& l : in.layers->layers) view.expand(l.report.extent);
    }
    if (view.empty) throw Error({}, tr("there is nothing to map: no zones and no layer features."), "", ErrorKind::input);
    const double lonc = (view.min_x + view.max_x) / 2;
    const int cm = static_cast<int>(std::lround(lonc / 3.0)) * 3;
    sheet.central_meridian = cm;
    char proj[256];
    std::snprintf(proj, sizeof proj, "+proj=tmerc +lat_0=0 +lon_0=%d +k=1 +x_0=500000 +y_0=0 +a=%.4f +rf=%.9f +units=m +no_defs",
                  cm, in.layers->ellipsoid.semi_major(), 1.0 / in.layers->ellipsoid.flattening());
    sheet.proj = std::make_unique<io::Projector>(in.layers->working_crs, proj);
    const bool cgcs2000 = in.layers->working_crs == "EPSG:4490";
    sheet.crs_note = std::string(cgcs2000 ? "坐标系：2000国家大地坐标系（CGCS2000）" : "坐标系：" + in.layers->working_crs_label) +
                     "，高斯-克吕格投影，3°分带，中央经线 " + std::to_string(cm) + "°E";

    // Layout (mm): title band, map frame, legend panel on the right, notes band at the bottom.
    SheetLayout& l = sheet.layout;
    l.legend_w = std::min(62.0, page.width_mm * 0.24);
    Frame& f = sheet.frame;
    f.fx = l.margin;
    f.fy = l.margin + l.title_h;
    f.fw = page.width_mm - 2 * l.margin - l.legend_w;
    f.fh = page.height_mm - f.fy - l.notes_h - l.margin;
    // Projected view, grown to the frame's proportions.
    double xs[4] = {view.min_x, view.max_x, view.min_x, view.max_x};
    double ys[4] = {view.min_y, view.min_y, view.max_y, view.max_y};
    double minx = 1e300, miny = 1e300, maxx = -1e300, maxy = -1e300;
    for (int i = 0; i < 4; ++i) {
        sheet.proj->forward(xs[i], ys[i]);
        minx = std::min(minx, xs[i]);
        maxx = std::max(maxx, xs[i]);
        miny = std::min(miny, ys[i]);
        maxy = std::max(maxy, ys[i]);
    }
    const double pad = 0.03 * std::max(maxx - minx, maxy - miny);
    minx -= pad, maxx += pad, miny -= pad, maxy += pad;
    const double fit = std::min(f.fw / (maxx - minx), f.fh / (maxy - miny));
    const double cx = (minx + maxx) / 2, cy = (miny + maxy) / 2;
    // The scale at the centre, made a round number (two significant figures, never larger than the
    // fit), so that the numeric scale printed is the scale drawn and agrees with the bar.
    const geom::Ellipsoid& e = in.layers->ellipsoid;
    double clon = cx, clat = cy;
    sheet.proj->inverse(clon, clat);
    double elon = 0, elat = 0;
    e.direct(clon, clat, 90, 1000, elon, elat);
    double ax = clon, ay = clat, bx = elon, by = elat;
    sheet.proj->forward(ax, ay);
    sheet.proj->forward(bx, by);
    const double k = std::hypot(bx - ax, by - ay) / 1000;  // projected metres per metre on the ground
    const double s = 1000 / (k * round_scale(1000 / (k * fit)));
    f.s = s;
    f.minx = cx - f.fw / s / 2;
    f.maxx = cx + f.fw / s / 2;
    f.miny = cy - f.fh / s / 2;
    f.maxy = cy + f.fh / s / 2;
    // The lon/lat box of the whole frame, for culling.
    for (double ux : {0.0, 0.5, 1.0}) {
        for (double uy : {0.0, 0.5, 1.0}) {
            double x = f.minx + ux * (f.maxx - f.minx), y = f.miny + uy * (f.maxy - f.miny);
            sheet.proj->inverse(x, y);
            sheet.view_ll.expand(geom::Envelope{x, y, x, y, false});
        }
    }
    return sheet;
}

ScaleMeasure measure_scale(const Sheet& sheet, const geom::Ellipsoid& e) {
    const Frame& f = sheet.frame;
    const geom::Envelope& v = sheet.view_ll;
    const double lon0 = (v.min_x + v.max_x) / 2, lat0 = (v.min_y + v.max_y) / 2;
    // True length at the centre: a geodesic of 1 km eastwards, projected onto the page.
    double lon1 = 0, lat1 = 0;
    e.direct(lon0, lat0, 90, 1000, lon1, lat1);
    double ax = lon0, ay = lat0, bx = lon1, by = lat1;
    sheet.proj->forward(ax, ay);
    sheet.proj->forward(bx, by);
    const double mm_per_m = std::hypot(bx - ax, by - ay) * f.s / 1000.0;
    ScaleMeasure m;
    m.scale_denominator = 1.0 / (mm_per_m / 1000.0);
    const double target_mm = std::min(40.0, f.fw * 0.25);
    const double length_m = nice_length(target_mm / mm_per_m);
    const double length_mm = length_m * mm_per_m;
    m.bar = {length_m, length_mm, lon0, lat0, {0, 0}, {0, 0}};
    // The bar's two ends, centred on the map's centre along the true east-west direction, back to lon/lat.
    const double ux = (bx - ax) / std::hypot(bx - ax, by - ay), uy = (by - ay) / std::hypot(bx - ax, by - ay);
    const double half_m = length_mm / 2 / f.s;
    for (int k = 0; k < 2; ++k) {
        double ex = ax + (k == 0 ? -half_m : half_m) * ux, ey = ay + (k == 0 ? -half_m : half_m) * uy;
        sheet.proj->inverse(ex, ey);
        m.bar.end_lon[k] = ex;
        m.bar.end_lat[k] = ey;
    }
    // True north (grid north differs by the meridian convergence).
    double nlon = 0, nlat = 0;
    e.direct(lon0, lat0, 0, 1000, nlon, nlat);
    double nx = nlon, ny = nlat;
    sheet.proj->forward(nx, ny);
    m.north_angle = std::atan2(nx - ax, ny - ay);
    return m;
}

double round_scale(double denominator) {
    if (!(denominator > 0) || !std::isfinite(denominator)) return denominator;
    const double p = std::pow(10.0, std::floor(std::log10(denominator)) - 1);
    return std::ceil(denominator / p - 1e-9) * p;
}

double nice_length(double raw) {
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {5.0, 2.5, 2.0, 1.0})
        if (m * p <= raw) return m * p;
    return p;
}

std::string length_label(double m) {
    if (m >= 1000) {
        const int decimals = std::fmod(m, 1000) == 0 ? 0 : std::fmod(m, 100) == 0 ? 1 : 2;
        return text::thousands(m / 1000, decimals) + " km";
    }
    return text::thousands(m, std::fmod(m, 1) == 0 ? 0 : 1) + " m";
}

std::string scale_label(double denominator) {
    if (!(denominator > 0) || !std::isfinite(denominator)) return "1:?";
    const double p = std::pow(10.0, std::floor(std::log10(denominator)) - 1);
    return "1:" + text::thousands(std::round(denominator / p) * p, 0);
}

}  // namespace ecozone::render
