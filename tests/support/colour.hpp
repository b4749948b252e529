#pragma once
// CIE L*a*b* and ΔE*ab (CIE 1976) of sRGB colours, for checking that map colours can be told apart.
// Written from the sRGB (IEC 61966-2-1) and CIE formulas with the D65 white, independently of render/.

#include <array>
#include <cmath>

namespace ecozone::test {

inline std::array<double, 3> srgb_to_lab(double r, double g, double b) {
    auto linear = [](double u) { return u <= 0.04045 ? u / 12.92 : std::pow((u + 0.055) / 1.055, 2.4); };
    const double rl = linear(r), gl = linear(g), bl = linear(b);
    const double x = (0.4124 * rl + 0.3576 * gl + 0.1805 * bl) / 0.95047;
    const double y = 0.2126 * rl + 0.7152 * gl + 0.0722 * bl;
    const double z = (0.0193 * rl + 0.1192 * gl + 0.9505 * bl) / 1.08883;
    auto f = [](double t) { return t > 216.0 / 24389.0 ? std::cbrt(t) : (24389.0 / 27.0 * t + 16) / 116; };
    return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

inline double delta_e76(const std::array<double, 3>& p, const std::array<double, 3>& q) {
    return std::sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
}

}  // namespace ecozone::test
