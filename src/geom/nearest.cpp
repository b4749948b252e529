#include "geom/nearest.hpp"

#include <algorithm>
#include <cmath>

namespace ecozone::geom {

namespace {

constexpr std::uint32_t k_run_segments = 8;

void append_sequence(const GEOSCoordSequence* seq, const LocalFrame& frame, Paths& out) {
    unsigned int n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(geos(), seq, &n) || n == 0) return;
    const std::size_t at = out.xy.size();
    out.xy.resize(at + 2 * std::size_t{n});
    GEOSCoordSeq_copyToBuffer_r(geos(), seq, out.xy.data() + at, 0, 0);
    for (std::size_t i = at; i < out.xy.size(); i += 2) {
        out.xy[i] = (out.xy[i] - frame.lon0) * frame.kx;
        out.xy[i + 1] = (out.xy[i + 1] - frame.lat0) * frame.ky;
    }
    out.ends.push_back(static_cast<std::uint32_t>(out.xy.size() / 2));
}

// Squared distance from p to segment a–b, and the nearest point q on it.
inline double point_segment2(double px, double py, double ax, double ay, double bx, double by, double& qx, double& qy) {
    const double dx = bx - ax, dy = by - ay;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    qx = ax + t * dx;
    qy = ay + t * dy;
    const double ex = px - qx, ey = py - qy;
    return ex * ex + ey * ey;
}

inline double point_segment(double px, double py, double ax, double ay, double bx, double by) {
    double qx = 0, qy = 0;
    return std::sqrt(point_segment2(px, py, ax, ay, bx, by, qx, qy));
}

}  // namespace

void append_paths(const GEOSGeometry* g, const LocalFrame& frame, Paths& out) {
    if (!g || GEOSisEmpty_r(geos(), g) == 1) return;
    switch (GEOSGeomTypeId_r(geos(), g)) {
        case GEOS_POINT:
        case GEOS_LINESTRING:
        case GEOS_LINEARRING:
            append_sequence(GEOSGeom_getCoordSeq_r(geos(), g), frame, out);
            return;
        case GEOS_POLYGON: {
            append_sequence(GEOSGeom_getCoordSeq_r(geos(), GEOSGetExteriorRing_r(geos(), g)), frame, out);
            const int holes = GEOSGetNumInteriorRings_r(geos(), g);
            for (int i = 0; i < holes; ++i)
                append_sequence(GEOSGeom_getCoordSeq_r(geos(), GEOSGetInteriorRingN_r(geos(), g, i)), frame, out);
            return;
        }
        default: {
            const int n = GEOSGetNumGeometries_r(geos(), g);
            for (int i = 0; i < n; ++i) append_paths(GEOSGetGeometryN_r(geos(), g, i), frame, out);
        }
    }
}

NearestFinder::NearestFinder(const Paths& site) : m_site(site) {
    std::uint32_t begin = 0;
    for (const std::uint32_t end : site.ends) {
        // Runs of k_run_segments segments sharing their end vertices; a path of one vertex is a run of it.
        for (std::uint32_t first = begin; first < end; first += k_run_segments) {
            const std::uint32_t last = std::min(end - 1, first + k_run_segments);
            Run run{first, last, 0, 0, 0};
            double min_x = site.xy[2 * first], max_x = min_x, min_y = site.xy[2 * first + 1], max_y = min_y;
            for (std::uint32_t v = first; v <= last; ++v) {
                min_x = std::min(min_x, site.xy[2 * v]);
                max_x = std::max(max_x, site.xy[2 * v]);
                min_y = std::min(min_y, site.xy[2 * v + 1]);
                max_y = std::max(max_y, site.xy[2 * v + 1]);
            }
            run.cx = (min_x + max_x) / 2;
            run.cy = (min_y + max_y) / 2;
            for (std::uint32_t v = first; v <= last; ++v)
                run.r = std::max(run.r, std::hypot(site.xy[2 * v] - run.cx, site.xy[2 * v + 1] - run.cy));
            m_runs.push_back(run);
            if (last == end - 1) break;
        }
        begin = end;
    }
}

std::optional<NearestPair> NearestFinder::nearest(const Paths& other, double bound) const {
    if (m_runs.empty() || other.ends.empty()) return std::nullopt;
    const double* s = m_site.xy.data();
    const double* o = other.xy.data();
    double best2 = bound * bound;
    double best = bound;
    bool found = false;
    NearestPair pair;
    auto consider = [&](double d2, double ax, double ay, double bx, double by) {
        if (d2 < best2) {
            best2 = d2;
            best = std::sqrt(d2);
            pair = {best, ax, ay, bx, by};
            found = true;
        }
    };
    // The other geometry's segments (a lone vertex is a segment of zero length).
    std::uint32_t begin = 0;
    for (const std::uint32_t end : other.ends) {
        const std::uint32_t last_start = end - begin > 1 ? end - 1 : end;
        for (std::uint32_t j = begin; j < last_start; ++j) {
            const std::uint32_t k = end - begin > 1 ? j + 1 : j;
            const double p0x = o[2 * j], p0y = o[2 * j + 1], p1x = o[2 * k], p1y = o[2 * k + 1];
            for (const Run& run : m_runs) {
                if (point_segment(run.cx, run.cy, p0x, p0y, p1x, p1y) - run.r >= best) continue;
                // Every site segment of the run against this segment: endpoints of each onto the other.
                const std::uint32_t seg_last = run.last > run.first ? run.last : run.first + 1;
                for (std::uint32_t v = run.first; v < seg_last; ++v) {
                    const std::uint32_t w = run.last > run.first ? v + 1 : v;
                    const double q0x = s[2 * v], q0y = s[2 * v + 1], q1x = s[2 * w], q1y = s[2 * w + 1];
                    double qx = 0, qy = 0, d2 = 0;
                    d2 = point_segment2(q0x, q0y, p0x, p0y, p1x, p1y, qx, qy);
                    consider(d2, q0x, q0y, qx, qy);
                    d2 = point_segment2(q1x, q1y, p0x, p0y, p1x, p1y, qx, qy);
                    consider(d2, q1x, q1y, qx, qy);
                    d2 = point_segment2(p0x, p0y, q0x, q0y, q1x, q1y, qx, qy);
                    consider(d2, qx, qy, p0x, p0y);
                    d2 = point_segment2(p1x, p1y, q0x, q0y, q1x, q1y, qx, qy);
                    consider(d2, qx, qy, p1x, p1y);
                }
            }
        }
        begin = end;
    }
    if (!found) return std::nullopt;
    return pair;
}

}  // namespace ecozone::geom
