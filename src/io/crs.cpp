#include "io/crs.hpp"

#include <cctype>
#include <cmath>
#include <limits>

#include <proj.h>

#include "core/i18n.hpp"
#include "io/gdal_handles.hpp"

namespace ecozone::io {

std::optional<int> cgcs2000_gk_prefixed(int zone) {
    if (zone >= 25 && zone <= 45) return 4488 + zone;  // 3° zones: 4513 … 4533
    if (zone >= 13 && zone <= 23) return 4478 + zone;  // 6° zones: 4491 … 4501
    return std::nullopt;
}

std::optional<int> cgcs2000_gk_unprefixed(int cm, bool three_degree) {
    if (three_degree && cm >= 75 && cm <= 135 && cm % 3 == 0) return 4534 + (cm - 75) / 3;
    if (!three_degree && cm >= 75 && cm <= 135 && (cm - 75) % 6 == 0) return 4502 + (cm - 75) / 6;
    return std::nullopt;
}

std::string guess_gauss_kruger(double min_x, double min_y, double max_x, double max_y) {
    auto northing_ok = [](double y0, double y1) { return y0 > 1.5e6 && y1 < 6.0e6; };
    const int zone = static_cast<int>(std::floor(min_x / 1e6));
    if (zone == static_cast<int>(std::floor(max_x / 1e6)) && northing_ok(min_y, max_y)) {
        if (auto code = cgcs2000_gk_prefixed(zone)) {
            const bool three = zone >= 25;
            const int cm = three ? zone * 3 : zone * 6 - 3;
            return tr("EPSG:{1} (CGCS2000 {2} Gauss-Kruger zone {3}, central meridian {4}°E, eastings with the zone "
                      "prefix)", *code, three ? "3°" : "6°", zone, cm);
        }
    }
    // Northing first: X/Y swapped, the classic mistake with 界址点 coordinates.
    const int zone_y = static_cast<int>(std::floor(min_y / 1e6));
    if (zone_y == static_cast<int>(std::floor(max_y / 1e6)) && northing_ok(min_x, max_x) &&
        cgcs2000_gk_prefixed(zone_y)) {
        return tr("Gauss-Kruger zone {1} with X and Y swapped (northing written first); swap the columns", zone_y);
    }
    if (min_x > 1e5 && max_x < 9e5 && northing_ok(min_y, max_y)) {
        return tr("a Gauss-Kruger CRS without zone prefix (CGCS2000 3° zones: EPSG:4534–4554 by central meridian, "
                  "e.g. EPSG:4544 for 105°E, EPSG:4545 for 108°E)");
    }
    return {};
}

namespace {

// PROJ reads "EPSG:4490x" or "EPSG:4490.5" as EPSG:4490; an EPSG code must be digits only.
bool malformed_code(const std::string& d) {
    if (d.find_first_not_of(" \t") == std::string::npos) return true;
    if (d.size() < 5) return false;
    std::string prefix = d.substr(0, 5);
    for (char& c : prefix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (prefix != "EPSG:") return false;
    const std::string code = d.substr(5);
    return code.empty() || code.find_first_not_of("0123456789") != std::string::npos;
}

}  // namespace

CrsInfo describe_crs(const std::string& definition, const Where& where) {
    init_gdal();
    OGRSpatialReference srs;
    if (malformed_code(definition)) {
        throw Error(where, tr("'{1}' is not a coordinate reference system code: after 'EPSG:' come digits only.",
                              definition),
                    tr("Write it as an EPSG code such as \"EPSG:4490\" (CGCS2000) or \"EPSG:4523\" (CGCS2000 3° "
                       "Gauss-Kruger zone 35)."));
    }
    if (srs.SetFromUserInput(definition.c_str()) != OGRERR_NONE) {
        const std::string msg = take_gdal_error();
        throw Error(where,
                    msg.empty() ? tr("'{1}' is not a coordinate reference system PROJ knows.", definition)
                                : tr("'{1}' is not a coordinate reference system PROJ knows: {2}.", definition, msg),
                    tr("Write it as an EPSG code such as \"EPSG:4490\" (CGCS2000) or \"EPSG:4523\" (CGCS2000 3° "
                       "Gauss-Kruger zone 35)."));
    }
    CrsInfo info;
    info.definition = definition;
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    srs.exportToWkt(&wkt, options);
    info.wkt = wkt ? wkt : "";
    CPLFree(wkt);
    info.geographic = srs.IsGeographic();
    OGRErr err = OGRERR_NONE;
    info.semi_major_m = srs.GetSemiMajor(&err);
    const double inv_f = srs.GetInvFlattening(&err);
    info.flattening = inv_f > 0 ? 1.0 / inv_f : 0.0;
    const char* auth = srs.GetAuthorityName(nullptr);
    const char* code = srs.GetAuthorityCode(nullptr);
    const char* name = srs.GetName();
    info.label = (auth && code) ? std::string(auth) + ":" + code : std::string{};
    if (name) info.label += info.label.empty() ? std::string(name) : " (" + std::string(name) + ")";
    if (info.label.empty()) info.label = definition;
    return info;
}

}  // namespace ecozone::io

namespace ecozone::io {

void transform_to_geographic(const std::string& from, const std::string& to, std::vector<double>& xs,
                             std::vector<double>& ys, const Where& where) {
    init_gdal();
    describe_crs(from, where);  // a clear error for a CRS PROJ does not know
    OGRSpatialReference src, working;
    src.SetFromUserInput(from.c_str());
    working.SetFromUserInput(to.c_str());
    std::unique_ptr<OGRSpatialReference> dst(working.CloneGeogCS());
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    dst->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    TransformPtr ct(OGRCreateCoordinateTransformation(&src, dst.get()));
    if (!ct) {
        throw Error(where, tr("coordinates cannot be transformed from {1} to {2}.", from, to),
                    tr("Check the coordinate system."));
    }
    std::vector<int> ok(xs.size(), 0);
    if (xs.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        throw Error(where, tr("more than 2 billion coordinates at once cannot be transformed."), tr("Split the file."));
    }
    ct->Transform(static_cast<int>(xs.size()), xs.data(), ys.data(), nullptr, ok.data());
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (!ok[i]) xs[i] = ys[i] = std::numeric_limits<double>::quiet_NaN();
    }
}

}  // namespace ecozone::io

namespace ecozone::io {

Projector::Projector(const std::string& from, const std::string& to) {
    init_gdal();
    OGRSpatialReference src, dst;
    src.SetFromUserInput(from.c_str());
    std::unique_ptr<OGRSpatialReference> geo(src.CloneGeogCS());
    geo->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (dst.SetFromUserInput(to.c_str()) != OGRERR_NONE) {
        throw Error({}, tr("'{1}' is not a coordinate reference system PROJ knows.", to));
    }
    dst.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    m_forward = OGRCreateCoordinateTransformation(geo.get(), &dst);
    m_inverse = OGRCreateCoordinateTransformation(&dst, geo.get());
    if (!m_forward || !m_inverse) throw Error({}, tr("PROJ cannot project {1} to {2}.", from, to));
}

Projector::~Projector() {
    OGRCoordinateTransformation::DestroyCT(static_cast<OGRCoordinateTransformation*>(m_forward));
    OGRCoordinateTransformation::DestroyCT(static_cast<OGRCoordinateTransformation*>(m_inverse));
}

bool Projector::forward(double& x, double& y) const {
    return static_cast<OGRCoordinateTransformation*>(m_forward)->Transform(1, &x, &y);
}

bool Projector::inverse(double& x, double& y) const {
    return static_cast<OGRCoordinateTransformation*>(m_inverse)->Transform(1, &x, &y);
}

}  // namespace ecozone::io

namespace ecozone::io {
std::string data_library_versions() {
    return std::string("GDAL ") + GDALVersionInfo("RELEASE_NAME") + ", PROJ " + proj_info().version;
}
}  // namespace ecozone::io
