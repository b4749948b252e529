#pragma once
// Exact geometric predicates on double coordinates.

#include <array>
#include <cmath>
#include <cstddef>

#include "geom/geos_context.hpp"

namespace ecozone::geom {

// Exact sign of the orientation of c relative to a→b (+1 left, −1 right, 0 on the line): Shewchuk's error
// bound on the floating-point determinant, then GEOS's double-double evaluation where that cannot tell.
inline int orientation(double ax, double ay, double bx, double by, double cx, double cy) {
    if ((cx == ax && cy == ay) || (cx == bx && cy == by)) return 0;
    const double l = (bx - ax) * (cy - ay), r = (by - ay) * (cx - ax), det = l - r;
    const double bound = 3.3306690738754716e-16 * (std::fabs(l) + std::fabs(r));
    if (det > bound) return 1;
    if (-det > bound) return -1;
    return GEOSOrientationIndex_r(geos(), ax, ay, bx, by, cx, cy);
}

namespace exact {

// Error-free transformations (Shewchuk 1997): a + b = x + y and a · b = x + y exactly.
inline void two_sum(double a, double b, double& x, double& y) {
    x = a + b;
    const double bv = x - a, av = x - bv;
    y = (a - av) + (b - bv);
}
inline void two_product(double a, double b, double& x, double& y) {
    x = a * b;
    y = std::fma(a, b, -x);
}

// A sum of doubles kept exactly, as a nonoverlapping expansion (Shewchuk's grow-expansion, zeros dropped).
class Sum {
public:
    void add(double b) {
        std::size_t n = 0;
        for (std::size_t i = 0; i < m_n; ++i) {
            double q = 0, h = 0;
            two_sum(b, m_e[i], q, h);
            b = q;
            if (h != 0) m_e[n++] = h;
        }
        if (b != 0) m_e[n++] = b;
        m_n = n;
    }
    // The sign of the sum: that of its largest component.
    int sign() const { return m_n == 0 ? 0 : m_e[m_n - 1] > 0 ? 1 : -1; }

private:
    std::array<double, 80> m_e{};  // a sum of n doubles needs at most n components
    std::size_t m_n = 0;
};

}  // namespace exact

// Exact sign of the orientation of the midpoint of u and v relative to c→d, for u and v given exactly (the
// midpoint itself is never rounded): the sign of det(u) + det(v), each determinant expanded without error.
inline int midpoint_orientation(double cx, double cy, double dx, double dy, double ux, double uy, double vx, double vy) {
    double a[2], b[2];
    exact::two_sum(dx, -cx, a[1], a[0]);
    exact::two_sum(dy, -cy, b[1], b[0]);
    exact::Sum s;
    for (const auto [px, py] : {std::array<double, 2>{ux, uy}, std::array<double, 2>{vx, vy}}) {
        double y[2], x[2];
        exact::two_sum(py, -cy, y[1], y[0]);
        exact::two_sum(px, -cx, x[1], x[0]);
        for (int i = 0; i < 2; ++i) {
            for (int j = 0; j < 2; ++j) {
                double hi = 0, lo = 0;
                exact::two_product(a[i], y[j], hi, lo);
                s.add(hi);
                s.add(lo);
                exact::two_product(b[i], x[j], hi, lo);
                s.add(-hi);
                s.add(-lo);
            }
        }
    }
    return s.sign();
}

}  // namespace ecozone::geom
