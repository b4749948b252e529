#pragma once
// Golden values from closed forms, independent of the code under test.

#include <cmath>
#include <numbers>

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

}  // namespace ecozone::test
