#include "report/kml.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/escape.hpp"
#include "core/format.hpp"
#include "core/units.hpp"
#include "io/crs.hpp"

namespace ecozone::report {

namespace {

std::string esc(std::string_view s) { return text::xml_escape(s); }

// KML colours are aabbggrr.
std::string kml_color(const render::Color& c, double alpha) {
    char b[16];
    auto byte = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * 255)); };
    std::snprintf(b, sizeof b, "%02x%02x%02x%02x", byte(alpha), byte(c.b), byte(c.g), byte(c.r));
    return b;
}

// Coordinates of the working CRS's geographic CRS in WGS 84 (KML's), "lon,lat" with 7 decimals (1 cm).
class KmlCoordinates {
public:
    explicit KmlCoordinates(std::string working_crs) : m_crs(std::move(working_crs)) {}

    std::string of(const GEOSCoordSequence* seq) const {
        unsigned n = 0;
        GEOSCoordSeq_getSize_r(geom::geos(), seq, &n);
        std::vector<double> xs(n), ys(n);
        for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(geom::geos(), seq, i, &xs[i], &ys[i]);
        io::transform_to_geographic(m_crs, "EPSG:4326", xs, ys, Where{});
        std::string out;
        char b[64];
        for (unsigned i = 0; i < n; ++i) {
            if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) continue;
            std::snprintf(b, sizeof b, "%s%.7f,%.7f", i ? " " : "", xs[i], ys[i]);
            out += b;
        }
        return out;
    }

    void geometry(std::ostringstream& o, const GEOSGeometry* g) const {
        switch (GEOSGeomTypeId_r(geom::geos(), g)) {
            case GEOS_POINT:
                o << "<Point><coordinates>" << of(GEOSGeom_getCoordSeq_r(geom::geos(), g)) << "</coordinates></Point>";
                break;
            case GEOS_LINESTRING:
            case GEOS_LINEARRING:
                o << "<LineString><tessellate>1</tessellate><coordinates>" << of(GEOSGeom_getCoordSeq_r(geom::geos(), g))
                  << "</coordinates></LineString>";
                break;
            case GEOS_POLYGON: {
                o << "<Polygon><tessellate>1</tessellate><outerBoundaryIs><LinearRing><coordinates>"
                  << of(GEOSGeom_getCoordSeq_r(geom::geos(), GEOSGetExteriorRing_r(geom::geos(), g)))
                  << "</coordinates></LinearRing></outerBoundaryIs>";
                const int holes = GEOSGetNumInteriorRings_r(geom::geos(), g);
                for (int i = 0; i < holes; ++i) {
                    o << "<innerBoundaryIs><LinearRing><coordinates>"
                      << of(GEOSGeom_getCoordSeq_r(geom::geos(), GEOSGetInteriorRingN_r(geom::geos(), g, i)))
                      << "</coordinates></LinearRing></innerBoundaryIs>";
                }
                o << "</Polygon>";
                break;
            }
            default: {
                o << "<MultiGeometry>";
                const int n = GEOSGetNumGeometries_r(geom::geos(), g);
                for (int i = 0; i < n; ++i) geometry(o, GEOSGetGeometryN_r(geom::geos(), g, i));
                o << "</MultiGeometry>";
            }
        }
    }

private:
    std::string m_crs;
};

}  // namespace

std::string screening_kml(const ScreeningReport& r) {
    const KmlCoordinates coords(r.layers.working_crs);
    std::ostringstream o;
    o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n<name>"
      << esc("项目选址筛查 " + r.catalog.name) << "</name>\n<description>"
      << esc("分区数据：" + r.catalog.name + (r.catalog.version.empty() ? "" : "（" + r.catalog.version + "）") +
             "；规则：" + r.rules.name + " " + r.rules.version + "。坐标为 WGS 84 经纬度（与 CGCS2000 相差不足 1 米）。")
      << "</description>\n";
    const render::Color fallback{0.5, 0.5, 0.5, 1, false};
    for (auto v : screen::k_all_verdicts) {
        const render::Color& c = r.style ? r.style->color_of(v) : fallback;
        o << "<Style id=\"" << screen::verdict_name(v) << "\"><LineStyle><color>" << kml_color(c, 1)
          << "</color><width>3</width></LineStyle><PolyStyle><color>" << kml_color(c, 0.35)
          << "</color></PolyStyle><IconStyle><color>" << kml_color(c, 1) << "</color></IconStyle></Style>\n";
    }
    for (auto it = std::rbegin(screen::k_all_verdicts); it != std::rend(screen::k_all_verdicts); ++it) {
        const screen::Verdict v = *it;
        o << "<Folder><name>" << esc(std::string(screen::verdict_label(v)) + " " + std::string(screen::verdict_name(v)))
          << "</name>\n";
        for (std::size_t i = 0; i < r.sites.sites.size(); ++i) {
            const load::Site& site = r.sites.sites[i];
            const screen::SiteResult& res = r.result.sites[i];
            if (res.verdict != v) continue;
            std::string d = std::string(screen::verdict_label(res.verdict)) + "（" + std::string(screen::verdict_name(res.verdict)) + "）";
            if (!site.category.empty()) d += "\n类别：" + site.category;
            if (res.screened && site.kind != load::SiteKind::line && site.area_m2 > 0) {
                d += "\n面积：" + text::thousands(site.area_m2, 1) + " m²（" + text::thousands(units::mu(site.area_m2), 2) + " 亩）";
            }
            if (res.screened && site.kind == load::SiteKind::line) d += "\n长度：" + text::thousands(site.length_m, 1) + " m";
            if (!res.screened) d += "\n未筛查：" + site.problem;
            for (const auto& reason : res.reasons) d += "\n· " + reason.text + (reason.source.empty() ? "" : "（依据：" + reason.source + "）");
            o << "<Placemark><name>" << esc(site.id + " " + site.name) << "</name><description>" << esc(d)
              << "</description><styleUrl>#" << screen::verdict_name(v) << "</styleUrl>";
            if (res.screened && site.footprint()) coords.geometry(o, site.footprint());
            o << "</Placemark>\n";
        }
        o << "</Folder>\n";
    }
    o << "</Document>\n</kml>\n";
    return o.str();
}

}  // namespace ecozone::report
