#include "load/sites.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <tbb/parallel_for.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/suggest.hpp"
#include "geom/planar.hpp"
#include "geom/repair.hpp"
#include "geom/webmap.hpp"
#include "io/crs.hpp"
#include "io/site_text.hpp"
#include "io/spreadsheet.hpp"
#include "load/load_layers.hpp"

namespace ecozone::load {

namespace fs = std::filesystem;

std::string_view site_kind_name(SiteKind kind) {
    switch (kind) {
        case SiteKind::point: return "point";
        case SiteKind::line: return "line";
        case SiteKind::polygon: return "polygon";
    }
    return "polygon";
}

namespace {

const std::vector<std::string> k_id_names = {"id", "ID", "Id", "编号", "项目编号", "code", "CODE"};
const std::vector<std::string> k_name_names = {"name", "NAME", "Name", "项目名称", "名称"};
const std::vector<std::string> k_category_names = {"category", "CATEGORY", "行业类别", "类别", "行业", "项目类别"};
const std::vector<std::string> k_buffer_names = {"buffer_m", "BUFFER_M", "占地半径米", "半径", "radius_m"};
const std::vector<std::string> k_lon_names = {"lon", "lng", "longitude", "经度", "LON", "LNG", "Longitude", "x", "X",
                                              "X坐标", "东坐标", "easting", "Easting"};
const std::vector<std::string> k_lat_names = {"lat", "latitude", "纬度", "LAT", "Latitude", "y", "Y",
                                              "Y坐标", "北坐标", "northing", "Northing"};

Where file_where(const std::string& path) {
    Where w;
    w.file = path;
    return w;
}

// Index of the field the user named (an error when absent), else of the first known name, else -1.
int pick_field(const std::vector<std::string>& fields, const std::string& named, const std::vector<std::string>& known,
               const std::string& option, const std::string& path) {
    if (!named.empty()) {
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (fields[i] == named) return static_cast<int>(i);
        throw Error(file_where(path), tr("has no field '{1}' (named by {2}).{3}",
                                         named, option, text::did_you_mean(named, fields)),
                    tr("Its fields are: {1}.", text::join(fields)), ErrorKind::input);
    }
    for (const auto& k : known)
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (fields[i] == k) return static_cast<int>(i);
    return -1;
}

std::string read_all(const std::string& path) {
    return read_text_file(path, tr("the sites file"), tr("Check the --sites path."));
}

std::string lower_ext(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

struct Conversion {
    std::string coords;
};

int convert_xy(double* x, double* y, void* userdata) {
    const auto* conv = static_cast<const Conversion*>(userdata);
    double gx = *x, gy = *y;
    if (conv->coords == "bd09") geom::bd09_to_gcj02(*x, *y, gx, gy);
    if (geom::in_china(gx, gy)) geom::gcj02_to_wgs84(gx, gy, *x, *y);
    return 1;
}

// The geodesic circles of buffer_m around the point(s) of a site, unioned.
geom::GeomPtr circles_around(const Site& site, const geom::Ellipsoid& e) {
    std::vector<geom::GeomPtr> circles;
    const int n = GEOSGetNumGeometries_r(geom::geos(), site.geom.get());
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* p = GEOSGetGeometryN_r(geom::geos(), site.geom.get(), i);
        double x = 0, y = 0;
        GEOSGeomGetX_r(geom::geos(), p, &x);
        GEOSGeomGetY_r(geom::geos(), p, &y);
        circles.push_back(geom::geodesic_circle(x, y, site.buffer_m, e));
    }
    return circles.size() == 1 ? std::move(circles[0]) : geom::union_all(std::move(circles));
}

// Finishes a site: repair, footprint, measures; without keep_circles a point's circle goes once measured.
void finish_site(Site& site, const geom::Ellipsoid& e, const std::string& path, Diagnostics& diagnostics, bool keep_circles) {
    Where w = file_where(path);
    w.feature = site.name.empty() ? tr("site {1}, {2}", site.id, site.origin)
                                  : tr("site {1} ({2}), {3}", site.id, site.name, site.origin);
    auto not_screened = [&](std::string problem) {
        site.problem = std::move(problem);
        site.geom.reset();
        diagnostics.warn(w, tr("not screened: {1}; it is listed with verdict review.", site.problem),
                         tr("Fix this site's coordinates or shape and screen it again."));
    };
    if (!site.problem.empty() || !site.geom) {
        not_screened(site.problem.empty() ? tr("it has no geometry") : site.problem);
        return;
    }
    const bool polygonal = geom::is_polygonal(site.geom.get());
    const double before = polygonal ? geom::geodesic_area_m2(site.geom.get(), e) : 0;
    geom::RepairOutcome fixed = geom::make_valid(std::move(site.geom));
    if (fixed.collapsed || !fixed.geom) {
        not_screened(tr("its shape has no area or length left after repair ({1}; are all its corners on one line?)",
                        fixed.reason));
        return;
    }
    site.geom = std::move(fixed.geom);
    // The geodesic area of the shape as screened: the area as drawn when nothing was repaired, measured once.
    std::optional<double> area;
    if (polygonal && !fixed.repaired) area = before;
    auto area_now = [&] {
        if (!area) area = geom::geodesic_area_m2(site.geom.get(), e);
        return *area;
    };
    if (fixed.repaired) {
        std::string change;
        if (before > 0) {
            char pct[32];
            std::snprintf(pct, sizeof pct, "%+.2f", 100.0 * (area_now() - before) / before);
            change = tr("; its area changed by {1} %", std::string(pct));
        }
        diagnostics.warn(w, tr("invalid geometry repaired ({1}){2}.", fixed.reason, change),
                         tr("Check the repaired shape in screening.gpkg and fix the source if it is wrong."));
    }
    if (geom::is_puntal(site.geom.get())) {
        site.kind = SiteKind::point;
    } else if (geom::is_lineal(site.geom.get())) {
        site.kind = SiteKind::line;
    } else if (geom::is_polygonal(site.geom.get())) {
        site.kind = SiteKind::polygon;
    } else {
        not_screened(tr("its geometry is a {1} mixing points, lines and areas; give each site one kind of "
                        "geometry: point, route or parcel", geom::type_name(site.geom.get())));
        return;
    }
    if (site.kind == SiteKind::polygon) {
        // Corners on one line in longitude/latitude still enclose a sliver between the geodesics joining
        // them: measure the shape as drawn too (planar, in local metres).
        const geom::Envelope env = geom::envelope(site.geom.get());
        double planar_deg2 = 0;
        GEOSArea_r(geom::geos(), site.geom.get(), &planar_deg2);
        const double m_per_deg = 111'320.0, lat = (env.min_y + env.max_y) / 2 * std::numbers::pi / 180;
        const double planar_m2 = planar_deg2 * m_per_deg * m_per_deg * std::cos(lat);
        if (planar_m2 < 1.0 || area_now() < 1.0) {
            not_screened(tr("its parcel has (almost) no area: its corners lie on one line"));
            return;
        }
    }
    if (site.kind == SiteKind::point && site.buffer_m > 0) site.circles = circles_around(site, e);
    site.area_m2 = site.kind == SiteKind::polygon ? area_now() : geom::geodesic_area_m2(site.footprint(), e);
    site.length_m = geom::geodesic_length_m(site.footprint(), e);
    if (!keep_circles) site.circles.reset();
}

double parse_buffer(const std::string& value, const Where& w) {
    if (value.empty()) return 0;
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || *end != '\0' || !std::isfinite(v) || v < 0 || v > 50'000) {
        throw Error(w, tr("footprint radius '{1}' is not a distance in metres between 0 and 50,000.", value),
                    tr("Write the radius in metres, e.g. 150."));
    }
    return v;
}

SiteSet read_ogr_sites(const std::string& path, const SiteReadOptions& opt, const std::string& working_crs,
                       const geom::Ellipsoid& e, Diagnostics& diagnostics) {
    SourceRequest req;
    req.source = path;
    req.as_written = path;
    req.layer = opt.layer;
    req.crs = opt.crs;
    req.where = file_where(path);
    req.crs_hint_key = "--crs";
    req.keep_bad_features = true;
    LoadedSource src = load_source(req, working_crs, e, diagnostics);
    if (!opt.coords.empty() && !src.report.source_geographic) {
        throw Error(file_where(path), tr("--coords {1} applies to longitude/latitude, but this file is in {2}.",
                                         opt.coords, src.report.source_crs),
                    tr("Web-map offsets only exist in longitude/latitude; drop --coords for projected data."),
                    ErrorKind::usage);
    }
    SiteSet set;
    set.source = path;
    set.format = src.report.driver;
    set.source_crs = src.report.source_crs;
    const int id_idx = pick_field(src.fields, opt.id_field, k_id_names, "--id-field", path);
    const int name_idx = pick_field(src.fields, opt.name_field, k_name_names, "--name-field", path);
    const int cat_idx = pick_field(src.fields, opt.category_field, k_category_names, "--category-field", path);
    const int buf_idx = pick_field(src.fields, opt.buffer_field, k_buffer_names, tr("the footprint field"), path);
    Conversion conv{opt.coords};
    for (std::size_t i = 0; i < src.features.size(); ++i) {
        Feature& f = src.features[i];
        const auto& values = src.values[i];
        Site s;
        s.origin = tr("feature {1}", f.fid);
        s.id = id_idx >= 0 && !values[static_cast<std::size_t>(id_idx)].empty() ? values[static_cast<std::size_t>(id_idx)]
                                                                             : std::to_string(f.fid);
        s.name = name_idx >= 0 ? values[static_cast<std::size_t>(name_idx)] : "";
        s.category = cat_idx >= 0 ? values[static_cast<std::size_t>(cat_idx)] : "";
        Where w = file_where(path);
        w.feature = s.origin + " (site " + s.id + ")";
        s.buffer_m = buf_idx >= 0 ? parse_buffer(values[static_cast<std::size_t>(buf_idx)], w) : 0;
        if (s.buffer_m == 0 && opt.default_buffer_m) s.buffer_m = *opt.default_buffer_m;
        for (std::size_t k = 0; k < src.fields.size(); ++k) s.attributes.emplace_back(src.fields[k], values[k]);
        s.geom = std::move(f.geom);
        s.problem = f.problem;
        if (s.geom && !opt.coords.empty()) {
            s.geom = geom::checked(GEOSGeom_transformXY_r(geom::geos(), s.geom.get(), convert_xy, &conv), "coordinate conversion");
        }
        set.sites.push_back(std::move(s));
    }
    return set;
}

// Where a row of a table of sites is: a CSV line, or a spreadsheet's sheet and row.
struct TableRows {
    std::string path, format, sheet;  // sheet: "" for CSV
    Where where(int row) const {
        Where w = file_where(path);
        if (sheet.empty()) {
            w.line = row;
        } else {
            w.feature = tr("sheet '{1}', row {2}", sheet, row);
        }
        return w;
    }
    std::string origin(int row) const {
        return sheet.empty() ? tr("line {1}", row) : tr("sheet {1} row {2}", sheet, row);
    }
};

SiteSet read_table_sites(const io::CsvTable& table, const TableRows& rows, const SiteReadOptions& opt,
                         const std::string& working_crs, Diagnostics& diagnostics) {
    const std::string& path = rows.path;
    const int lon_idx = pick_field(table.header, "", k_lon_names, "", path);
    const int lat_idx = pick_field(table.header, "", k_lat_names, "", path);
    if (lon_idx < 0 || lat_idx < 0) {
        throw Error(file_where(path), tr("has no longitude/latitude columns (looked for 经度/纬度, lon/lat, longitude/latitude)."),
                    tr("Name the columns 经度 and 纬度 (or lon and lat); its columns are: {1}.", text::join(table.header)));
    }
    const int id_idx = pick_field(table.header, opt.id_field, k_id_names, "--id-field", path);
    const int name_idx = pick_field(table.header, opt.name_field, k_name_names, "--name-field", path);
    const int cat_idx = pick_field(table.header, opt.category_field, k_category_names, "--category-field", path);
    const int buf_idx = pick_field(table.header, opt.buffer_field, k_buffer_names, tr("the footprint field"), path);
    if (table.rows.empty()) {
        throw Error(rows.sheet.empty() ? file_where(path) : rows.where(1), tr("lists no sites: only a header row."),
                    tr("Add one row per site."));
    }
    SiteSet set;
    set.source = path;
    set.format = rows.format;
    set.source_crs = opt.crs.empty() ? "EPSG:4490 (CGCS2000 longitude/latitude)" : opt.crs;
    if (opt.crs.empty() && opt.coords.empty()) {
        diagnostics.note(file_where(path),
                         tr("longitude/latitude taken as CGCS2000 (EPSG:4490); GPS (WGS 84) positions agree with it to "
                            "within a metre."),
                         tr("For another CRS pass --crs; for coordinates from Amap/Tencent or Baidu pass --coords "
                            "gcj02 or bd09."));
    }
    std::vector<double> xs, ys;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& row = table.rows[r];
        const Where w = rows.where(table.row_lines[r]);
        const auto lon = io::parse_angle(row[static_cast<std::size_t>(lon_idx)]);
        const auto lat = io::parse_angle(row[static_cast<std::size_t>(lat_idx)]);
        if (!lon || !lat) {
            throw Error(w, tr("'{1}', '{2}' is not a longitude/latitude pair.",
                              row[static_cast<std::size_t>(lon_idx)], row[static_cast<std::size_t>(lat_idx)]),
                        tr("Write decimal degrees (104.62) or degrees-minutes-seconds (104°37'12.5\")."));
        }
        if (opt.crs.empty() && (std::fabs(*lon) > 180 || std::fabs(*lat) > 90)) {
            throw Error(w, tr("longitude {1} / latitude {2} is outside the globe.",
                              row[static_cast<std::size_t>(lon_idx)], row[static_cast<std::size_t>(lat_idx)]),
                        tr("Are the columns swapped, or the values projected metres? Then pass --crs."));
        }
        if (opt.crs.empty() && *lat > *lon && *lon < 60 && *lat > 70) {
            throw Error(w, tr("longitude {1} and latitude {2} look swapped (China lies at 73–136°E, 3–54°N).",
                              std::to_string(*lon), std::to_string(*lat)),
                        tr("Swap the 经度 and 纬度 columns."));
        }
        if (!opt.crs.empty() && *lon >= 1e6 && *lon < 1e7 && (*lat < 1e6 || *lat >= 1e7)) {
            throw Error(w, tr("X {1} looks like a northing and Y {2} like an easting: the columns are swapped.",
                              text::thousands(*lon, 3), text::thousands(*lat, 3)),
                        tr("ecozone reads X (or 东坐标) as the easting and Y (北坐标) as the northing; surveyors' X is the "
                           "northing. Swap the two columns."));
        }
        xs.push_back(*lon);
        ys.push_back(*lat);
        Site s;
        s.origin = rows.origin(table.row_lines[r]);
        s.id = id_idx >= 0 && !row[static_cast<std::size_t>(id_idx)].empty() ? row[static_cast<std::size_t>(id_idx)]
                                                                          : std::to_string(r + 1);
        s.name = name_idx >= 0 ? row[static_cast<std::size_t>(name_idx)] : "";
        s.category = cat_idx >= 0 ? row[static_cast<std::size_t>(cat_idx)] : "";
        s.buffer_m = buf_idx >= 0 ? parse_buffer(row[static_cast<std::size_t>(buf_idx)], w) : 0;
        if (s.buffer_m == 0 && opt.default_buffer_m) s.buffer_m = *opt.default_buffer_m;
        for (std::size_t k = 0; k < table.header.size(); ++k) s.attributes.emplace_back(table.header[k], row[k]);
        set.sites.push_back(std::move(s));
    }
    if (!opt.coords.empty()) {
        for (std::size_t i = 0; i < xs.size(); ++i) {
            Conversion conv{opt.coords};
            convert_xy(&xs[i], &ys[i], &conv);
        }
    }
    const std::string from = !opt.crs.empty() ? opt.crs : (opt.coords.empty() ? "EPSG:4490" : "EPSG:4326");
    io::transform_to_geographic(from, working_crs, xs, ys, file_where(path));
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (!std::isfinite(xs[i]) || !std::isfinite(ys[i]) || std::fabs(xs[i]) > 180 || std::fabs(ys[i]) > 90) {
            set.sites[i].problem = tr("its coordinates do not give a position on the globe in {1}", from);
            continue;
        }
        set.sites[i].geom = geom::checked(GEOSGeom_createPointFromXY_r(geom::geos(), xs[i], ys[i]), "point");
    }
    return set;
}

std::string jzd_crs(const io::JzdFile& file, const std::vector<double>& eastings, const std::string& path,
                    Diagnostics& diagnostics) {
    auto attr = [&](const std::string& k) {
        auto it = file.attributes.find(k);
        return it == file.attributes.end() ? std::string{} : it->second;
    };
    const std::string system = attr("坐标系");
    const bool cgcs2000 = system.find("2000") != std::string::npos;
    if (!cgcs2000) {
        throw Error(file_where(path),
                    tr("its coordinates are in '{1}'; ecozone transforms only CGCS2000 界址点 files by itself.",
                       system.empty() ? tr("an unnamed system") : system),
                    tr("Xi'an 80 and Beijing 54 need the local transformation parameters: pass --crs with a PROJ "
                       "definition that includes them (e.g. +towgs84=…), or convert the file to CGCS2000 first."));
    }
    const std::string width = attr("几度分带");
    const std::string zone_text = attr("带号");
    const double min_e = *std::min_element(eastings.begin(), eastings.end());
    const double max_e = *std::max_element(eastings.begin(), eastings.end());
    const int prefix = static_cast<int>(std::floor(min_e / 1e6));
    if (min_e >= 1e6) {
        if (prefix != static_cast<int>(std::floor(max_e / 1e6))) {
            throw Error(file_where(path), tr("its eastings carry different zone prefixes."), tr("Split the file by zone."));
        }
        if (!zone_text.empty() && std::to_string(prefix) != zone_text) {
            diagnostics.warn(file_where(path), tr("the header says 带号={1} but the eastings carry zone prefix {2}; the prefix is used.", zone_text, std::to_string(prefix)));
        }
        auto code = io::cgcs2000_gk_prefixed(prefix);
        if (!code) {
            throw Error(file_where(path), tr("easting prefix {1} is not a Gauss-Kruger zone in China.",
                                             std::to_string(prefix)),
                        tr("Check that X (northing) and Y (easting) are not swapped."));
        }
        return "EPSG:" + std::to_string(*code);
    }
    if (zone_text.empty()) {
        throw Error(file_where(path), tr("its eastings have no zone prefix and the header gives no 带号."),
                    tr("Add 带号=<zone> to [属性描述], or pass --crs."));
    }
    const int zone = std::atoi(zone_text.c_str());
    const bool three = width != "6";
    const int cm = three ? zone * 3 : zone * 6 - 3;
    auto code = io::cgcs2000_gk_unprefixed(cm, three);
    if (!code) {
        throw Error(file_where(path), tr("带号={1} is not a Gauss-Kruger zone in China.", zone_text), tr("Check the header."));
    }
    return "EPSG:" + std::to_string(*code);
}

double planar_ring_area(const geom::XYRing& xy) { return std::fabs(geom::signed_ring_area(xy)); }

SiteSet read_jzd_sites(const std::string& path, const SiteReadOptions& opt, const std::string& working_crs,
                       const geom::Ellipsoid& e, Diagnostics& diagnostics) {
    io::JzdFile file = io::parse_jzd(read_all(path), path);
    std::vector<double> eastings;
    for (auto& p : file.parcels) {
        for (auto& r : p.rings) {
            for (auto& [x, y] : r.xy) {
                // X is the northing (7 digits), Y the easting (often with the zone prefix).
                if (x >= 1e7 && y < 1e7) {
                    throw Error(Where{path, r.line}, tr("X and Y look swapped: X {1} has a zone prefix, so it is the easting.", std::to_string(x)),
                                tr("In 界址点 files X is the northing and Y the easting; swap the two columns."));
                }
                if (x >= 1e7) {
                    throw Error(Where{path, r.line}, tr("X {1} is not a northing: it is more than 10,000 km.",
                                                        text::thousands(x, 3)),
                                tr("In 界址点 files X is the northing (about 2,000,000–6,000,000 m in China); check for a typing "
                                   "mistake."));
                }
                eastings.push_back(y);
            }
        }
    }
    const std::string crs = opt.crs.empty() ? jzd_crs(file, eastings, path, diagnostics) : opt.crs;
    SiteSet set;
    set.source = path;
    set.format = "界址点 TXT";
    set.source_crs = crs;
    for (auto& p : file.parcels) {
        Where w{path, p.line};
        w.feature = p.name.empty() ? tr("parcel {1}", p.code) : tr("parcel {1} ({2})", p.code, p.name);
        if (p.shape == "线" || p.shape == "点") {
            throw Error(w, tr("图形属性 is '{1}'; ecozone screens 界址点 parcels (面) only.", p.shape),
                        tr("Give routes and points as GeoJSON, Shapefile or CSV."));
        }
        double planar_m2 = 0;
        // Rings 2+ are holes when inside ring 1, otherwise extra parts.
        std::vector<geom::GeomPtr> rings;
        for (auto& r : p.rings) {
            std::vector<double> xs, ys;
            for (auto& [x, y] : r.xy) {
                xs.push_back(y);
                ys.push_back(x);
            }
            io::transform_to_geographic(crs, working_crs, xs, ys, w);
            for (std::size_t i = 0; i < xs.size(); ++i) {
                if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) {
                    throw Error(Where{path, r.line}, tr("the points of ring {1} of parcel '{2}' cannot be placed in {3}.",
                                                        std::to_string(r.ring_no), p.code, crs),
                                tr("Check the coordinates: X is the northing, Y the easting, in metres."));
                }
            }
            GEOSCoordSequence* seq = GEOSCoordSeq_create_r(geom::geos(), static_cast<unsigned>(xs.size()), 2);
            for (std::size_t i = 0; i < xs.size(); ++i)
                GEOSCoordSeq_setXY_r(geom::geos(), seq, static_cast<unsigned>(i), xs[i], ys[i]);
            GEOSGeometry* ring = GEOSGeom_createLinearRing_r(geom::geos(), seq);
            rings.push_back(geom::checked(GEOSGeom_createPolygon_r(geom::geos(), ring, nullptr, 0), "parcel ring"));
            const double a = planar_ring_area(r.xy);
            if (rings.size() == 1) planar_m2 += a;
        }
        geom::GeomPtr shape = geom::clone(rings[0].get());
        for (std::size_t i = 1; i < rings.size(); ++i) {
            const bool hole = GEOSContains_r(geom::geos(), rings[0].get(), rings[i].get()) == 1;
            if (hole) {
                shape = geom::checked(GEOSDifference_r(geom::geos(), shape.get(), rings[i].get()), "hole");
                planar_m2 -= planar_ring_area(p.rings[i].xy);
            } else {
                shape = geom::checked(GEOSUnion_r(geom::geos(), shape.get(), rings[i].get()), "part");
                planar_m2 += planar_ring_area(p.rings[i].xy);
            }
        }
        Site s;
        s.origin = tr("parcel {1} (line {2})", p.code, p.line);
        s.id = p.code;
        s.name = p.name;
        s.category = p.use;
        s.attributes = {{"地块编号", p.code}, {"地块名称", p.name}, {"地块用途", p.use}, {"地类编码", p.land_class},
                        {"图幅号", p.sheet}};
        if (p.stated_area_ha) s.attributes.emplace_back("地块面积", text::thousands(*p.stated_area_ha, 4));
        s.geom = std::move(shape);
        const double ellipsoidal = geom::geodesic_area_m2(s.geom.get(), e);
        if (p.stated_area_ha) {
            const double stated = *p.stated_area_ha * 10'000;
            const double diff = std::fabs(stated - ellipsoidal) / std::max(stated, 1.0);
            if (diff > 0.005 && std::fabs(stated - ellipsoidal) > 1.0) {
                diagnostics.warn(w,
                                 tr("the stated area {1} ha differs from the computed {2} ha (ellipsoidal; {3} ha on the "
                                    "Gauss-Kruger plane) by {4} %.",
                                    text::fixed(*p.stated_area_ha, 4), text::fixed(ellipsoidal / 1e4, 4),
                                    text::fixed(planar_m2 / 1e4, 4), text::fixed(diff * 100, 1)),
                                 tr("Check the coordinates: swapped X/Y, a wrong zone or a missing ring change the area."));
            }
        }
        set.sites.push_back(std::move(s));
    }
    return set;
}

}  // namespace

FootprintRef footprint_of(const Site& site, const geom::Ellipsoid& e) {
    FootprintRef ref;
    if (site.footprint()) {
        ref.geom = site.footprint();
    } else if (site.problem.empty() && site.geom && site.kind == SiteKind::point && site.buffer_m > 0) {
        ref.made = circles_around(site, e);
        ref.geom = ref.made.get();
    }
    return ref;
}

// Repairs and footprints (a geodesic circle is 720 direct problems) in parallel; messages and the first
// error in file order; ids must be unique (outputs refer to sites by id).
void finish_sites(SiteSet& set, const std::string& path, const geom::Ellipsoid& e, Diagnostics& diagnostics, bool keep_circles,
                  std::size_t circles_kept_anyway) {
    // A circle not kept is made again where its site is screened. A few thousand take little memory (17 KB
    // each): they are kept whatever the caller asked, so that each is made once.
    const auto circles = static_cast<std::size_t>(std::count_if(set.sites.begin(), set.sites.end(), [](const Site& s) {
        return s.buffer_m > 0 && s.geom && s.problem.empty() && geom::is_puntal(s.geom.get());
    }));
    keep_circles = keep_circles || circles <= circles_kept_anyway;
    // Repairs and footprints (a geodesic circle is 720 direct problems) in parallel; messages and the
    // first error in file order.
    std::vector<Diagnostics> messages(set.sites.size());
    std::vector<std::optional<Error>> errors(set.sites.size());
    tbb::parallel_for(std::size_t{0}, set.sites.size(), [&](std::size_t i) {
        try {
            finish_site(set.sites[i], e, path, messages[i], keep_circles);
        } catch (const Error& err) {
            errors[i] = err;
        }
    });
    for (std::size_t i = 0; i < set.sites.size(); ++i) {
        if (errors[i]) throw *errors[i];
        for (auto& d : messages[i].all()) diagnostics.add(std::move(d));
    }
    // Site ids must be unique: outputs refer to sites by id.
    std::vector<std::string> ids;
    for (const auto& s : set.sites) ids.push_back(s.id);
    std::sort(ids.begin(), ids.end());
    if (auto dup = std::adjacent_find(ids.begin(), ids.end()); dup != ids.end()) {
        throw Error(file_where(path), tr("site id '{1}' is used by more than one site.", *dup),
                    tr("Give every site its own id, or choose another column with --id-field."));
    }
}

namespace {

// "104.62,30.12" or "104°37'12\",30°07'30\"" -> lon, lat in the --crs (or CGCS2000 degrees).
std::pair<double, double> parse_point_arg(const std::string& text, const SiteReadOptions& opt) {
    const auto comma = text.find(',');
    const auto bad = [&](const std::string& why) {
        return Error({}, tr("--point '{1}' {2}", text, why),
                     tr("Write  --point LON,LAT  in degrees (104.62,30.12 or 104°37'12\",30°07'30\"), or X,Y with "
                        "--crs."),
                     ErrorKind::usage);
    };
    if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos) throw bad(tr("is not two numbers separated by a comma."));
    const auto x = io::parse_angle(text::trim(text.substr(0, comma)));
    const auto y = io::parse_angle(text::trim(text.substr(comma + 1)));
    if (!x || !y || !std::isfinite(*x) || !std::isfinite(*y)) throw bad(tr("is not a longitude,latitude pair."));
    if (opt.crs.empty()) {
        if (std::fabs(*y) > 90 && std::fabs(*x) <= 90 && std::fabs(*y) <= 180) {
            throw bad(tr("looks swapped: {1} cannot be a latitude; give the longitude first.", text::thousands(*y, 4)));
        }
        if (std::fabs(*x) > 180 || std::fabs(*y) > 90) throw bad(tr("is outside the globe (longitude first, then latitude)."));
        if (*y > *x && *x < 60 && *y > 70) throw bad(tr("looks swapped: China lies at 73–136°E, 3–54°N; give the longitude first."));
    } else if (*x >= 1e6 && *x < 1e7 && (*y < 1e6 || *y >= 1e7)) {
        throw bad(tr("looks swapped: the first number is a northing; give the easting (X) first, then the "
                     "northing (Y)."));
    }
    return {*x, *y};
}

struct Reprojection {
    const io::Projector* projector;
    bool ok = true;
};

int reproject_xy(double* x, double* y, void* data) {
    auto* r = static_cast<Reprojection*>(data);
    if (!r->projector->inverse(*x, *y) || !std::isfinite(*x) || !std::isfinite(*y)) r->ok = false;
    return 1;
}

}  // namespace

SiteSet sites_from_command_line(const std::vector<std::string>& points, const std::vector<std::string>& wkts,
                                const SiteReadOptions& opt, const std::string& working_crs, const geom::Ellipsoid& e,
                                Diagnostics& diagnostics) {
    SiteSet set;
    set.source = tr("the command line");
    set.format = points.empty() ? "--wkt" : wkts.empty() ? "--point" : "--point, --wkt";
    const std::string from = !opt.crs.empty() ? opt.crs : (opt.coords.empty() ? "EPSG:4490" : "EPSG:4326");
    set.source_crs = opt.crs.empty() ? "EPSG:4490 (CGCS2000 longitude/latitude)" : opt.crs;
    // The source CRS -> the working geographic CRS, as inverse of working -> source.
    const io::Projector to_source(working_crs, from);
    auto add = [&](Site s, geom::GeomPtr g, const std::string& arg) {
        if (!opt.coords.empty()) {
            Conversion conv{opt.coords};
            g = geom::checked(GEOSGeom_transformXY_r(geom::geos(), g.get(), convert_xy, &conv), "coordinate conversion");
        }
        Reprojection r{&to_source};
        g = geom::checked(GEOSGeom_transformXY_r(geom::geos(), g.get(), reproject_xy, &r), "reprojection");
        if (!r.ok) {
            throw Error({}, tr("{1} cannot be placed in {2}: its coordinates lie outside that CRS.", arg, from),
                        opt.crs.empty() ? tr("Give longitude/latitude in degrees, or projected X,Y with --crs.")
                                        : tr("Check the coordinates and --crs {1}.", opt.crs),
                        ErrorKind::usage);
        }
        s.geom = std::move(g);
        s.buffer_m = opt.default_buffer_m.value_or(0);
        s.name = opt.site_name;
        s.category = opt.site_category;
        set.sites.push_back(std::move(s));
    };
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto [x, y] = parse_point_arg(points[i], opt);
        Site s;
        s.id = points.size() + wkts.size() == 1 ? "P" : "P" + std::to_string(i + 1);
        s.origin = "--point " + points[i];
        add(std::move(s), geom::checked(GEOSGeom_createPointFromXY_r(geom::geos(), x, y), "point"), "--point '" + points[i] + "'");
    }
    for (std::size_t i = 0; i < wkts.size(); ++i) {
        geom::GeomPtr g;
        try {
            g = geom::from_wkt(wkts[i]);
        } catch (const std::exception& ex) {
            throw Error({}, tr("--wkt is not well-known text: {1}.", std::string(ex.what())),
                        tr("Write e.g.  --wkt \"POLYGON((104.60 30.10, 104.62 30.10, 104.62 30.12, 104.60 30.10))\"  "
                           "(longitude latitude pairs)."),
                        ErrorKind::usage);
        }
        if (!g || GEOSisEmpty_r(geom::geos(), g.get())) {
            throw Error({}, tr("--wkt holds an empty geometry."), tr("Give the point, route or parcel to screen."), ErrorKind::usage);
        }
        if (opt.crs.empty()) {
            const geom::Envelope env = geom::envelope(g.get());
            if (env.min_x < -180 || env.max_x > 180 || env.min_y < -90 || env.max_y > 90) {
                throw Error({}, tr("--wkt has coordinates outside the globe (longitude first, then latitude)."),
                            tr("Give longitude/latitude in degrees, or pass --crs for projected X Y."), ErrorKind::usage);
            }
        }
        Site s;
        s.id = points.size() + wkts.size() == 1 ? "W" : "W" + std::to_string(i + 1);
        s.origin = "--wkt " + std::to_string(i + 1);
        add(std::move(s), std::move(g), "--wkt " + std::to_string(i + 1));
    }
    if (set.sites.empty()) throw Error({}, tr("no site was given."), tr("Pass --sites FILE, --point LON,LAT or --wkt WKT."), ErrorKind::usage);
    finish_sites(set, set.source, e, diagnostics);
    return set;
}

SiteSet read_sites(const std::string& path, const SiteReadOptions& opt, const std::string& working_crs,
                   const geom::Ellipsoid& e, Diagnostics& diagnostics) {
    if (!opt.coords.empty() && opt.coords != "gcj02" && opt.coords != "bd09") {
        throw Error({}, tr("--coords must be gcj02 or bd09, not '{1}'.", opt.coords), "", ErrorKind::usage);
    }
    std::error_code ec;
    if (!fs::exists(path, ec) && path.find(':') == std::string::npos) {
        throw Error(file_where(path), tr("the sites file does not exist."), tr("Check the --sites path."));
    }
    const std::string ext = lower_ext(path);
    SiteSet set;
    if (ext == ".txt") {
        if (!opt.coords.empty()) {
            throw Error(file_where(path), tr("--coords does not apply to 界址点 files (they are Gauss-Kruger metres)."), "",
                        ErrorKind::usage);
        }
        set = read_jzd_sites(path, opt, working_crs, e, diagnostics);
    } else if (ext == ".csv") {
        const io::CsvTable table = io::parse_csv(read_all(path), path);
        set = read_table_sites(table, TableRows{path, "CSV", ""}, opt, working_crs, diagnostics);
    } else if (ext == ".xlsx" || ext == ".ods") {
        std::vector<std::string> wanted = k_lon_names;
        wanted.insert(wanted.end(), k_lat_names.begin(), k_lat_names.end());
        const io::SheetTable sheet = io::read_spreadsheet(path, opt.layer, wanted);
        set = read_table_sites(sheet.table, TableRows{path, ext == ".xlsx" ? "Excel" : "ODS", sheet.sheet}, opt, working_crs,
                               diagnostics);
    } else {
        set = read_ogr_sites(path, opt, working_crs, e, diagnostics);
    }
    if (set.sites.empty()) {
        throw Error(file_where(path), tr("holds no sites."), tr("Check that this is the right file and layer."));
    }
    finish_sites(set, path, e, diagnostics, opt.keep_circles, opt.circles_kept_anyway);
    return set;
}

}  // namespace ecozone::load
