#pragma once
// Nearest points of two disjoint geometries in a site's local metric frame, without GEOS.
//
// GEOS 3.11's prepared nearest-points falls back to every pair of segments, and screening asked it once per
// site and candidate piece after copying the piece into the site's frame. Here the site's segments are put
// into runs of a few segments, each with a centre and radius; a candidate's segment is compared in full only
// with the runs that can still beat the best distance found so far. For disjoint geometries the nearest
// pair of segments meet at an endpoint of one of them, so point-to-segment distances are exact.

#include <cstdint>
#include <optional>
#include <vector>

#include "geom/local_frame.hpp"

namespace ecozone::geom {

// The vertex paths (rings, lines; a lone point is a path of one vertex) of a geometry in a local frame.
struct Paths {
    std::vector<double> xy;              // x0, y0, x1, y1, …
    std::vector<std::uint32_t> ends;     // one past the last vertex of each path

    void clear() {
        xy.clear();
        ends.clear();
    }
    std::size_t vertices() const { return xy.size() / 2; }
};

// Appends the paths of `g` (any type, collections too) in `frame` to `out`.
void append_paths(const GEOSGeometry* g, const LocalFrame& frame, Paths& out);

struct NearestPair {
    double distance = 0;         // planar, in the frame
    double ax = 0, ay = 0;       // on the site
    double bx = 0, by = 0;       // on the other geometry
};

// The site's side: its segments in runs with bounding circles.
class NearestFinder {
public:
    explicit NearestFinder(const Paths& site);

    // The nearest pair between the site and `other` (which must not intersect it); nullopt when either is
    // empty or nothing is nearer than `bound` (planar metres in the frame).
    std::optional<NearestPair> nearest(const Paths& other, double bound) const;

private:
    struct Run {
        std::uint32_t first = 0, last = 0;  // vertices first..last (last included; equal for a lone point)
        double cx = 0, cy = 0, r = 0;
    };
    const Paths& m_site;
    std::vector<Run> m_runs;
};

}  // namespace ecozone::geom
