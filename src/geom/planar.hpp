#pragma once
// Planar measures of coordinate rings, for rings already in a metric or grid frame.
// Geodesic areas are in geom/geodesic.hpp; these are for orientation and for comparing
// against a file's own planar figures.

#include <cstddef>
#include <utility>
#include <vector>

namespace ecozone::geom {

using XYRing = std::vector<std::pair<double, double>>;

// The shoelace area of a closed ring (first point repeated last): positive when the ring runs
// counter-clockwise in a y-up frame. An open ring is closed implicitly.
inline double signed_ring_area(const XYRing& r) {
    const std::size_t n = r.size();
    if (n < 3) return 0;
    double a = 0;
    for (std::size_t i = 0; i + 1 < n; ++i) a += r[i].first * r[i + 1].second - r[i + 1].first * r[i].second;
    if (r.front() != r.back()) a += r[n - 1].first * r[0].second - r[0].first * r[n - 1].second;
    return a / 2;
}

}  // namespace ecozone::geom
