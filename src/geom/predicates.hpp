#pragma once
// Exact geometric predicates on double coordinates.

#include <cmath>

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

}  // namespace ecozone::geom
