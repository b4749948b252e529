#include "stats/change.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "core/i18n.hpp"
#include "stats/coverage.hpp"
#include "stats/micro.hpp"

namespace ecozone::stats {

namespace {

using Ring = geom::XYRing;

// One axis of the overlay of two grids: the cell edges of both, merged. Every interval between two edges
// lies in one column (or row) of each grid, or outside it.
struct Axis {
    std::vector<double> edges;  // ascending
    std::vector<int> a, b;      // per interval: the column (row) of the first and second grid, −1 outside
    bool uniform = false;       // all intervals equally wide: index = (x − origin) / step
    double origin = 0, step = 1;

    int size() const { return static_cast<int>(edges.size()) - 1; }

    double to_index(double x) const {
        if (uniform) return (x - origin) / step;
        auto it = std::upper_bound(edges.begin(), edges.end(), x);
        const int j = std::clamp(static_cast<int>(it - edges.begin()) - 1, 0, size() - 1);
        return j + (x - edges[static_cast<std::size_t>(j)]) / (edges[static_cast<std::size_t>(j) + 1] - edges[static_cast<std::size_t>(j)]);
    }
};

// `a0 + i·astep` for i in [0, an] and likewise for b; `lo` and `hi` widen the axis to the polygons' extent.
Axis make_axis(double a0, double astep, int an, double b0, double bstep, int bn, double lo, double hi) {
    std::vector<double> all;
    all.reserve(static_cast<std::size_t>(an) + static_cast<std::size_t>(bn) + 4);
    for (int i = 0; i <= an; ++i) all.push_back(a0 + i * astep);
    for (int i = 0; i <= bn; ++i) all.push_back(b0 + i * bstep);
    const double first = std::min(a0, b0), last = std::max(a0 + an * astep, b0 + bn * bstep);
    if (lo < first) all.push_back(lo);
    if (hi > last) all.push_back(hi);
    std::sort(all.begin(), all.end());
    // Edges of the two grids closer than a millionth of a cell are one edge: the sliver between them
    // would be rounding, not land.
    const double eps = 1e-6 * std::min(astep, bstep);
    Axis ax;
    for (double e : all)
        if (ax.edges.empty() || e - ax.edges.back() > eps) ax.edges.push_back(e);
    const int n = ax.size();
    ax.a.resize(static_cast<std::size_t>(n));
    ax.b.resize(static_cast<std::size_t>(n));
    auto cell = [](double m, double origin, double step, int count) {
        const double k = std::floor((m - origin) / step);
        return k >= 0 && k < count ? static_cast<int>(k) : -1;
    };
    double wmin = std::numeric_limits<double>::max(), wmax = 0;
    for (int i = 0; i < n; ++i) {
        const double l = ax.edges[static_cast<std::size_t>(i)], r = ax.edges[static_cast<std::size_t>(i) + 1];
        const double m = (l + r) / 2;
        ax.a[static_cast<std::size_t>(i)] = cell(m, a0, astep, an);
        ax.b[static_cast<std::size_t>(i)] = cell(m, b0, bstep, bn);
        wmin = std::min(wmin, r - l);
        wmax = std::max(wmax, r - l);
    }
    if (n > 0 && wmax - wmin <= 1e-9 * wmax) {
        ax.uniform = true;
        ax.origin = ax.edges.front();
        ax.step = (ax.edges.back() - ax.edges.front()) / n;
    }
    return ax;
}

// A ring in the raster's CRS (x, y up) in overlay index space (u = column, v = row downward). On an axis whose
// intervals differ in width the map is linear only within an interval, so edges are split where they cross
// one: each piece then maps exactly and the fraction of every overlay cell the polygon covers is kept.
Ring to_overlay(const Ring& ring, const Axis& ax, const Axis& ay) {
    Ring out;
    out.reserve(ring.size());
    auto map = [&](double x, double y) { return std::pair{ax.to_index(x), ay.to_index(-y)}; };
    std::vector<double> ts;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const double x1 = ring[i].first, v1 = -ring[i].second, x2 = ring[i + 1].first, v2 = -ring[i + 1].second;
        out.push_back(map(x1, -v1));
        ts.clear();
        auto crossings = [&](const Axis& axis, double c1, double c2) {
            if (axis.uniform || c1 == c2) return;
            const double lo = std::min(c1, c2), hi = std::max(c1, c2);
            for (auto it = std::upper_bound(axis.edges.begin(), axis.edges.end(), lo); it != axis.edges.end() && *it < hi; ++it)
                ts.push_back((*it - c1) / (c2 - c1));
        };
        crossings(ax, x1, x2);
        crossings(ay, v1, v2);
        std::sort(ts.begin(), ts.end());
        for (double t : ts) out.push_back(map(x1 + t * (x2 - x1), -(v1 + t * (v2 - v1))));
    }
    if (!ring.empty()) out.push_back(map(ring.back().first, ring.back().second));
    return out;
}

constexpr int k_slots = 257;            // class slots per year: 256 codes seen, and "no data"
constexpr int k_no_data_slot = 256;

// Class codes of one raster in slots, assigned as a thread meets them (a 16-bit raster can hold any code).
struct Slots {
    std::vector<std::int16_t> slot = std::vector<std::int16_t>(65536, -1);
    std::vector<int> code;
    const io::RasterInfo* info = nullptr;

    int of(int v) {
        std::int16_t& s = slot[static_cast<std::size_t>(v)];
        if (s >= 0) return s;
        if (code.size() >= k_no_data_slot) {
            throw Error({info->path}, tr("{1} holds more than 256 different class codes; a land-cover classification has "
                                         "far fewer.", info->path),
                        tr("Check that it is a class raster (not a continuous index such as NDVI), or that its nodata "
                           "value is set."));
        }
        s = static_cast<std::int16_t>(code.size());
        code.push_back(v);
        return s;
    }
};

}  // namespace

void check_comparable(const io::RasterInfo& before, const io::RasterInfo& after, const Where& where) {
    if (io::same_crs(before, after)) return;
    throw Error(where,
                tr("the two land-cover rasters are in different coordinate systems ({1} is in {2}, {3} in {4}); ecozone "
                   "lays their cells over each other and never resamples.",
                   before.path, before.crs_label, after.path, after.crs_label),
                tr("Warp one of them once onto the other's CRS and grid, e.g.  gdalwarp -t_srs {1} -tr <cell size> -tap "
                   "-r near {2} aligned.tif , and compare with that; nearest-neighbour warping moves class borders by up "
                   "to half a cell, so say so in the report.",
                   before.crs_label, after.path));
}

std::vector<TransitionMatrix> zonal_transitions(const io::RasterSource& before, const io::RasterSource& after,
                                                const std::vector<const GEOSGeometry*>& polygons,
                                                const std::string& working_crs, const ZonalOptions& options) {
    const io::RasterInfo& A = before.info();
    const io::RasterInfo& B = after.info();
    check_comparable(A, B, Where{B.path});
    const std::size_t n = polygons.size();

    // The polygons in the rasters' CRS, and their extent.
    std::vector<std::vector<Ring>> rings(n);
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) { rings[i] = raster_rings(polygons[i], A, working_crs); });
    double xmin = std::numeric_limits<double>::max(), xmax = -xmin, ymin = xmin, ymax = -xmin;
    for (const auto& rs : rings)
        for (const auto& r : rs)
            for (const auto& [x, y] : r) {
                xmin = std::min(xmin, x);
                xmax = std::max(xmax, x);
                ymin = std::min(ymin, y);
                ymax = std::max(ymax, y);
            }
    if (xmin > xmax) xmin = xmax = ymin = ymax = 0;

    // The overlay grid: columns from x, rows from v = −y (downward).
    const Axis ax = make_axis(A.x0, A.dx, A.cols, B.x0, B.dx, B.cols, xmin, xmax);
    const Axis ay = make_axis(-A.y_top, A.dy, A.rows, -B.y_top, B.dy, B.rows, -ymax, -ymin);
    const int cols = ax.size(), rows = ay.size();

    // Each overlay cell's true area: width × a row factor, exact on a geographic grid; on a projected one the
    // planar area scaled by the first raster's cell nearest to it (its true area over its planar area).
    std::vector<double> col_w(static_cast<std::size_t>(cols)), row_f(static_cast<std::size_t>(rows));
    for (int c = 0; c < cols; ++c) col_w[static_cast<std::size_t>(c)] = ax.edges[static_cast<std::size_t>(c) + 1] - ax.edges[static_cast<std::size_t>(c)];
    for (int r = 0; r < rows; ++r) {
        const double top = -ay.edges[static_cast<std::size_t>(r)], bottom = -ay.edges[static_cast<std::size_t>(r) + 1];
        row_f[static_cast<std::size_t>(r)] = A.geographic ? io::band_area_per_degree(A, top, bottom) : top - bottom;
    }
    std::unique_ptr<io::CellAreas> scale;
    std::vector<int> near_a_col, near_a_row;
    if (!A.geographic) {
        scale = std::make_unique<io::CellAreas>(A);
        auto nearest = [](const Axis& axis, double origin, double step, int count) {
            std::vector<int> out(static_cast<std::size_t>(axis.size()));
            for (int i = 0; i < axis.size(); ++i) {
                const double m = (axis.edges[static_cast<std::size_t>(i)] + axis.edges[static_cast<std::size_t>(i) + 1]) / 2;
                out[static_cast<std::size_t>(i)] = std::clamp(static_cast<int>(std::floor((m - origin) / step)), 0, count - 1);
            }
            return out;
        };
        near_a_col = nearest(ax, A.x0, A.dx, A.cols);
        near_a_row = nearest(ay, -A.y_top, A.dy, A.rows);
    }
    const double planar_cell_a = A.dx * A.dy;

    std::vector<std::unique_ptr<PolygonCoverage>> cover(n);
    const int strip_rows = options.strip_rows > 0 ? options.strip_rows
                                                  : std::max(A.block_rows, (256 / A.block_rows) * A.block_rows);
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
        std::vector<Ring> grid;
        grid.reserve(rings[i].size());
        for (const auto& r : rings[i]) grid.push_back(to_overlay(r, ax, ay));
        rings[i].clear();
        cover[i] = std::make_unique<PolygonCoverage>(grid);
        cover[i]->index_rows(strip_rows);
    });

    const int nodata_a = A.nodata ? static_cast<int>(*A.nodata) : -1;
    const int nodata_b = B.nodata ? static_cast<int>(*B.nodata) : -1;
    struct Local {
        std::unique_ptr<io::RasterReader> ra, rb;
        std::vector<std::uint16_t> buf_a, buf_b;
        std::vector<CoverageSpan> spans;
        Slots slots_a, slots_b;
        std::vector<Micro> scratch = std::vector<Micro>(static_cast<std::size_t>(k_slots) * k_slots, 0);
        std::vector<std::uint32_t> touched;
        std::vector<std::map<std::pair<int, int>, Micro>> result;
    };
    tbb::enumerable_thread_specific<Local> locals([&] {
        Local l;
        l.ra = before.reader();
        l.rb = after.reader();
        l.slots_a.info = &A;
        l.slots_b.info = &B;
        l.result.resize(n);
        return l;
    });
    // The rows of one raster that the overlay rows [r0, r1) lie in.
    auto source_rows = [&](const std::vector<int>& rows_of, int r0, int r1) {
        int lo = std::numeric_limits<int>::max(), hi = -1;
        for (int r = r0; r < r1; ++r) {
            const int s = rows_of[static_cast<std::size_t>(r)];
            if (s < 0) continue;
            lo = std::min(lo, s);
            hi = std::max(hi, s);
        }
        return std::pair{lo, hi};
    };
    const int strips = (rows + strip_rows - 1) / strip_rows;
    std::atomic<std::size_t> done{0};
    tbb::parallel_for(0, strips, [&](int s) {
        Local& l = locals.local();
        const int r0 = s * strip_rows, r1 = std::min(rows, r0 + strip_rows);
        bool needed = false;
        for (std::size_t i = 0; i < n && !needed; ++i) needed = cover[i]->row_begin() < r1 && cover[i]->row_end() > r0;
        if (needed) {
            const auto [a_lo, a_hi] = source_rows(ay.a, r0, r1);
            const auto [b_lo, b_hi] = source_rows(ay.b, r0, r1);
            if (a_hi >= 0) l.ra->read_rows(a_lo, a_hi - a_lo + 1, l.buf_a);
            if (b_hi >= 0) l.rb->read_rows(b_lo, b_hi - b_lo + 1, l.buf_b);
            for (std::size_t i = 0; i < n; ++i) {
                const PolygonCoverage& pc = *cover[i];
                const int top = std::max(r0, pc.row_begin()), bottom = std::min(r1, pc.row_end());
                if (top >= bottom) continue;
                const int c0 = pc.col_begin();
                const int j0 = std::max(0, -c0), j1 = std::min(pc.col_end() - c0, cols - c0);
                for (int r = top; r < bottom; ++r) {
                    pc.spans(r, l.spans);
                    const int row_a = ay.a[static_cast<std::size_t>(r)], row_b = ay.b[static_cast<std::size_t>(r)];
                    const std::uint16_t* pa = row_a >= 0 ? l.buf_a.data() + static_cast<std::size_t>(row_a - a_lo) * static_cast<std::size_t>(A.cols) : nullptr;
                    const std::uint16_t* pb = row_b >= 0 ? l.buf_b.data() + static_cast<std::size_t>(row_b - b_lo) * static_cast<std::size_t>(B.cols) : nullptr;
                    const double rf = row_f[static_cast<std::size_t>(r)];
                    for (const CoverageSpan& sp : l.spans) {
                        const double f = sp.value;
                        for (int j = std::max(sp.begin, j0); j < std::min(sp.end, j1); ++j) {
                            const int c = c0 + j;
                            const int col_a = ax.a[static_cast<std::size_t>(c)], col_b = ax.b[static_cast<std::size_t>(c)];
                            int sa = k_no_data_slot, sb = k_no_data_slot;
                            if (pa && col_a >= 0) {
                                const int v = pa[col_a];
                                if (v != nodata_a) sa = l.slots_a.of(v);
                            }
                            if (pb && col_b >= 0) {
                                const int v = pb[col_b];
                                if (v != nodata_b) sb = l.slots_b.of(v);
                            }
                            double area = rf * col_w[static_cast<std::size_t>(c)];
                            if (scale) area *= scale->at(near_a_row[static_cast<std::size_t>(r)], near_a_col[static_cast<std::size_t>(c)]) / planar_cell_a;
                            const auto key = static_cast<std::uint32_t>(sa * k_slots + sb);
                            Micro& m = l.scratch[key];
                            if (m == 0) l.touched.push_back(key);
                            m += to_micro(f * area);
                        }
                    }
                }
                // This polygon's part of the strip, from slots back to class codes.
                auto& out = l.result[i];
                for (std::uint32_t key : l.touched) {
                    Micro& m = l.scratch[key];
                    if (m == 0) continue;
                    const int sa = static_cast<int>(key) / k_slots, sb = static_cast<int>(key) % k_slots;
                    const int ca = sa == k_no_data_slot ? k_no_class : l.slots_a.code[static_cast<std::size_t>(sa)];
                    const int cb = sb == k_no_data_slot ? k_no_class : l.slots_b.code[static_cast<std::size_t>(sb)];
                    out[{ca, cb}] += m;
                    m = 0;
                }
                l.touched.clear();
            }
        }
        const std::size_t k = ++done;
        if (options.progress) options.progress(k, static_cast<std::size_t>(strips));
    });

    std::vector<std::map<std::pair<int, int>, Micro>> sum(n);
    for (auto& l : locals)
        for (std::size_t i = 0; i < n; ++i)
            for (const auto& [key, m] : l.result[i]) sum[i][key] += m;
    std::vector<TransitionMatrix> out(n);
    for (std::size_t i = 0; i < n; ++i)
        for (const auto& [key, m] : sum[i]) out[i][key] = to_m2(m);
    return out;
}

}  // namespace ecozone::stats
