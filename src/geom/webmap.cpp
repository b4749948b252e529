#include "geom/webmap.hpp"

#include <cmath>
#include <numbers>

namespace ecozone::geom {

namespace {

using std::numbers::pi;
constexpr double krasovsky_a = 6378245.0;
constexpr double krasovsky_ee = 0.00669342162296594323;
constexpr double x_pi = pi * 3000.0 / 180.0;

double shift_lat(double x, double y) {
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
    r += (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(y * pi) + 40.0 * std::sin(y / 3.0 * pi)) * 2.0 / 3.0;
    r += (160.0 * std::sin(y / 12.0 * pi) + 320.0 * std::sin(y * pi / 30.0)) * 2.0 / 3.0;
    return r;
}

double shift_lon(double x, double y) {
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
    r += (20.0 * std::sin(6.0 * x * pi) + 20.0 * std::sin(2.0 * x * pi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(x * pi) + 40.0 * std::sin(x / 3.0 * pi)) * 2.0 / 3.0;
    r += (150.0 * std::sin(x / 12.0 * pi) + 300.0 * std::sin(x / 30.0 * pi)) * 2.0 / 3.0;
    return r;
}

}  // namespace

bool in_china(double lon, double lat) {
    return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

void wgs84_to_gcj02(double lon, double lat, double& out_lon, double& out_lat) {
    if (!in_china(lon, lat)) {
        out_lon = lon;
        out_lat = lat;
        return;
    }
    double dlat = shift_lat(lon - 105.0, lat - 35.0);
    double dlon = shift_lon(lon - 105.0, lat - 35.0);
    const double radlat = lat / 180.0 * pi;
    double magic = std::sin(radlat);
    magic = 1 - krasovsky_ee * magic * magic;
    const double sqrtmagic = std::sqrt(magic);
    dlat = (dlat * 180.0) / ((krasovsky_a * (1 - krasovsky_ee)) / (magic * sqrtmagic) * pi);
    dlon = (dlon * 180.0) / (krasovsky_a / sqrtmagic * std::cos(radlat) * pi);
    out_lon = lon + dlon;
    out_lat = lat + dlat;
}

void gcj02_to_wgs84(double lon, double lat, double& out_lon, double& out_lat) {
    double wlon = lon, wlat = lat;
    for (int i = 0; i < 30; ++i) {
        double glon = 0, glat = 0;
        wgs84_to_gcj02(wlon, wlat, glon, glat);
        const double dlon = glon - lon, dlat = glat - lat;
        wlon -= dlon;
        wlat -= dlat;
        if (std::fabs(dlon) < 1e-11 && std::fabs(dlat) < 1e-11) break;
    }
    out_lon = wlon;
    out_lat = wlat;
}

void gcj02_to_bd09(double lon, double lat, double& out_lon, double& out_lat) {
    const double z = std::sqrt(lon * lon + lat * lat) + 0.00002 * std::sin(lat * x_pi);
    const double theta = std::atan2(lat, lon) + 0.000003 * std::cos(lon * x_pi);
    out_lon = z * std::cos(theta) + 0.0065;
    out_lat = z * std::sin(theta) + 0.006;
}

void bd09_to_gcj02(double lon, double lat, double& out_lon, double& out_lat) {
    const double x = lon - 0.0065, y = lat - 0.006;
    const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * x_pi);
    const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * x_pi);
    out_lon = z * std::cos(theta);
    out_lat = z * std::sin(theta);
}

}  // namespace ecozone::geom
