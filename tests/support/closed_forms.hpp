#pragma once
// Golden values from closed forms, independent of the code under test.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>
#include <vector>

namespace ecozone::test {

// Area on the ellipsoid (a, f) between two parallels over dlon degrees:
// A = b² Δλ / 2 · [ sinφ/(1 − e² sin²φ) + ln((1 + e sinφ)/(1 − e sinφ)) / (2e) ] from φ1 to φ2.
inline double quadrangle_area(double a, double f, double lat1, double lat2, double dlon_deg) {
    const double e2 = f * (2 - f), e = std::sqrt(e2), b = a * (1 - f);
    auto s = [&](double lat_deg) {
        const double sp = std::sin(lat_deg * std::numbers::pi / 180);
        return sp / (1 - e2 * sp * sp) + std::log((1 + e * sp) / (1 - e * sp)) / (2 * e);
    };
    return b * b * (dlon_deg * std::numbers::pi / 180) / 2 * (s(lat2) - s(lat1));
}

// The same on GRS 1980 (CGCS2000), unsigned.
inline double quadrangle(double lat1, double lat2, double dlon_deg) {
    return std::fabs(quadrangle_area(6378137.0, 1 / 298.257222101, lat1, lat2, dlon_deg));
}

// Area of the union of lon/lat boxes (w, s, e, n) inside another box, from closed forms: the boxes' edges
// cut the plane into cells, each either covered or not, and each a quadrangle between two parallels.
inline double boxes_union_area(const std::vector<std::array<double, 4>>& boxes, const std::array<double, 4>& clip) {
    std::vector<double> xs{clip[0], clip[2]}, ys{clip[1], clip[3]};
    for (const auto& b : boxes) {
        xs.insert(xs.end(), {b[0], b[2]});
        ys.insert(ys.end(), {b[1], b[3]});
    }
    std::sort(xs.begin(), xs.end());
    std::sort(ys.begin(), ys.end());
    double area = 0;
    for (std::size_t i = 0; i + 1 < xs.size(); ++i) {
        for (std::size_t j = 0; j + 1 < ys.size(); ++j) {
            const double x = (xs[i] + xs[i + 1]) / 2, y = (ys[j] + ys[j + 1]) / 2;
            if (x < clip[0] || x > clip[2] || y < clip[1] || y > clip[3]) continue;
            const bool covered = std::any_of(boxes.begin(), boxes.end(),
                                             [&](const auto& b) { return x > b[0] && x < b[2] && y > b[1] && y < b[3]; });
            if (covered && xs[i + 1] > xs[i] && ys[j + 1] > ys[j]) area += quadrangle(ys[j], ys[j + 1], xs[i + 1] - xs[i]);
        }
    }
    return area;
}

// A lon/lat box whose edges along parallels have a vertex every 0.001°, so that its geodesic edges follow the
// parallels to within millimetres and unions of such boxes keep the closed-form areas (a 0.06° geodesic edge
// at 30°N bows 0.4 m off its parallel, which moves an area by some 1,500 m²).
inline std::string dense_box(const std::array<double, 4>& b) {
    std::string wkt = "POLYGON((";
    auto add = [&](double x, double y) {
        char p[64];
        std::snprintf(p, sizeof p, "%.6f %.6f,", x, y);
        wkt += p;
    };
    const int n = static_cast<int>(std::lround((b[2] - b[0]) / 0.001));
    for (int i = 0; i < n; ++i) add(b[0] + (b[2] - b[0]) * i / n, b[1]);
    add(b[2], b[1]);
    for (int i = 0; i < n; ++i) add(b[2] - (b[2] - b[0]) * i / n, b[3]);
    add(b[0], b[3]);
    add(b[0], b[1]);
    wkt.back() = ')';
    return wkt + ")";
}

}  // namespace ecozone::test
