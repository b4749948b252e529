#include "stats/zonal.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <memory>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "geom/geos_context.hpp"
#include "geom/planar.hpp"
#include "stats/coverage.hpp"
#include "stats/micro.hpp"

namespace ecozone::stats {

namespace {

using Ring = geom::XYRing;

Ring ring_coords(const GEOSGeometry* ring) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geom::geos(), ring);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(geom::geos(), seq, &n);
    Ring out(n);
    for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(geom::geos(), seq, i, &out[i].first, &out[i].second);
    return out;
}

}  // namespace

std::vector<geom::XYRing> raster_rings(const GEOSGeometry* g, const io::RasterInfo& raster, const std::string& working_crs) {
    std::vector<std::pair<Ring, bool>> rings;  // ring, is_hole
    auto add_polygon = [&](const GEOSGeometry* poly) {
        if (GEOSisEmpty_r(geom::geos(), poly)) return;
        rings.emplace_back(ring_coords(GEOSGetExteriorRing_r(geom::geos(), poly)), false);
        const int holes = GEOSGetNumInteriorRings_r(geom::geos(), poly);
        for (int i = 0; i < holes; ++i) rings.emplace_back(ring_coords(GEOSGetInteriorRingN_r(geom::geos(), poly, i)), true);
    };
    const int t = GEOSGeomTypeId_r(geom::geos(), g);
    if (t == GEOS_POLYGON) {
        add_polygon(g);
    } else {
        const int n = GEOSGetNumGeometries_r(geom::geos(), g);
        for (int i = 0; i < n; ++i) {
            const GEOSGeometry* part = GEOSGetGeometryN_r(geom::geos(), g, i);
            if (GEOSGeomTypeId_r(geom::geos(), part) == GEOS_POLYGON) add_polygon(part);
        }
    }
    std::vector<double> xs, ys;
    for (const auto& [r, hole] : rings)
        for (const auto& [x, y] : r) {
            xs.push_back(x);
            ys.push_back(y);
        }
    io::transform_to_raster(working_crs, raster, xs, ys);
    std::vector<Ring> out;
    std::size_t k = 0;
    for (auto& [r, hole] : rings) {
        Ring ring(r.size());
        for (auto& p : ring) {
            p = {xs[k], ys[k]};
            ++k;
        }
        // Exterior counter-clockwise, hole clockwise (y up).
        const double a = geom::signed_ring_area(ring);
        if ((a < 0) != hole) std::reverse(ring.begin(), ring.end());
        out.push_back(std::move(ring));
    }
    return out;
}

namespace {

// Rings of a (multi)polygon in grid units: u = column, v = row (downward).
std::vector<Ring> grid_rings(const GEOSGeometry* g, const io::RasterInfo& raster, const std::string& working_crs) {
    std::vector<Ring> out = raster_rings(g, raster, working_crs);
    for (auto& ring : out)
        for (auto& p : ring) p = {(p.first - raster.x0) / raster.dx, (raster.y_top - p.second) / raster.dy};
    return out;
}

struct Accumulator {
    std::vector<std::array<Micro, 256>> dense;  // Byte rasters
    std::vector<std::map<int, Micro>> sparse;   // 16-bit rasters
    std::vector<Micro> nodata;
};

}  // namespace

std::vector<ClassAreas> zonal_class_areas(const io::RasterSource& source, const std::vector<const GEOSGeometry*>& polygons,
                                          const std::string& working_crs, const ZonalOptions& options) {
    const io::RasterInfo& raster = source.info();
    const std::size_t n = polygons.size();
    const int strip_rows = options.strip_rows > 0 ? options.strip_rows
                                                  : std::max(raster.block_rows, (256 / raster.block_rows) * raster.block_rows);
    std::vector<std::unique_ptr<PolygonCoverage>> cover(n);
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
        cover[i] = std::make_unique<PolygonCoverage>(grid_rings(polygons[i], raster, working_crs));
        cover[i]->index_rows(strip_rows);
    });
    const io::CellAreas cell_area(raster);
    const int strips = (raster.rows + strip_rows - 1) / strip_rows;
    const int nodata = raster.nodata ? static_cast<int>(*raster.nodata) : -1;

    struct Local {
        std::unique_ptr<io::RasterReader> reader;
        std::vector<std::uint16_t> buffer;
        std::vector<CoverageSpan> spans;
        Accumulator acc;
    };
    tbb::enumerable_thread_specific<Local> locals([&] {
        Local l;
        l.reader = source.reader();
        // Byte classes of up to a few thousand polygons in arrays; more (sites by the ten thousand), or 16-bit
        // classes, in maps, so that memory follows what the polygons hold.
        if (raster.byte_type && n <= 4096) {
            l.acc.dense.assign(n, std::array<Micro, 256>{});
        } else {
            l.acc.sparse.assign(n, {});
        }
        l.acc.nodata.assign(n, 0);
        return l;
    });
    std::atomic<std::size_t> done{0};
    tbb::parallel_for(0, strips, [&](int s) {
        Local& l = locals.local();
        const int r0 = s * strip_rows, r1 = std::min(raster.rows, r0 + strip_rows);
        // Cells the polygons of this strip need: few (sites scattered over a province, one parcel of a server
        // request) are read window by window, many (counties) with the strip's whole rows at once.
        std::size_t window_cells = 0;
        bool needed = false;
        for (std::size_t i = 0; i < n; ++i) {
            const PolygonCoverage& pc = *cover[i];
            if (pc.row_begin() >= r1 || pc.row_end() <= r0) continue;
            needed = true;
            const int w = std::min(pc.col_end(), raster.cols) - std::max(pc.col_begin(), 0);
            if (w > 0) window_cells += static_cast<std::size_t>(std::min(r1, pc.row_end()) - std::max(r0, pc.row_begin())) * static_cast<std::size_t>(w);
        }
        const bool windows = window_cells * 4 < static_cast<std::size_t>(r1 - r0) * static_cast<std::size_t>(raster.cols);
        if (needed && !windows) l.reader->read_rows(r0, r1 - r0, l.buffer);
        if (needed) {
            for (std::size_t i = 0; i < n; ++i) {
                const PolygonCoverage& pc = *cover[i];
                const int a = std::max(r0, pc.row_begin()), b = std::min(r1, pc.row_end());
                if (a >= b) continue;
                const int c0 = pc.col_begin();
                const int j0 = std::max(0, -c0), j1 = std::min(pc.col_end() - c0, raster.cols - c0);
                if (j0 >= j1) continue;
                // Where row r's cells start in the buffer, and the buffer's first column.
                std::size_t stride = static_cast<std::size_t>(raster.cols);
                int first_row = r0, first_col = 0;
                if (windows) {
                    first_row = a;
                    first_col = c0 + j0;
                    stride = static_cast<std::size_t>(j1 - j0);
                    l.reader->read_window(a, b - a, first_col, j1 - j0, l.buffer);
                }
                for (int r = a; r < b; ++r) {
                    pc.spans(r, l.spans);
                    const std::uint16_t* row_data = l.buffer.data() + static_cast<std::size_t>(r - first_row) * stride;
                    const int off = c0 - first_col;  // cell j of the coverage is row_data[j + off]
                    const double row_area = raster.geographic ? cell_area.at(r, 0) : 0;  // one area per row
                    for (const CoverageSpan& sp : l.spans) {
                        const int from = std::max(sp.begin, j0), to = std::min(sp.end, j1);
                        if (from >= to) continue;
                        if (raster.geographic && !l.acc.dense.empty()) {
                            // The common case, a byte raster in degrees: every cell of the span adds the same
                            // area (a county's inside, most of its cells, the row's cell area as it is); nodata
                            // is counted under its class and moved out once the pass is done.
                            const Micro area = to_micro(sp.value * row_area);
                            std::array<Micro, 256>& hist = l.acc.dense[i];
                            for (int j = from; j < to; ++j) hist[row_data[j + off]] += area;
                            continue;
                        }
                        for (int j = from; j < to; ++j) {
                            const Micro area = to_micro(sp.value * (raster.geographic ? row_area : cell_area.at(r, c0 + j)));
                            const int v = row_data[j + off];
                            if (v == nodata) {
                                l.acc.nodata[i] += area;
                            } else if (!l.acc.dense.empty()) {
                                l.acc.dense[i][static_cast<std::size_t>(v)] += area;
                            } else {
                                l.acc.sparse[i][v] += area;
                            }
                        }
                    }
                }
            }
        }
        const std::size_t k = ++done;
        if (options.progress) options.progress(k, static_cast<std::size_t>(strips));
    });

    std::vector<std::map<int, Micro>> classes(n);
    std::vector<Micro> nodata_sum(n, 0);
    for (auto& l : locals) {
        for (std::size_t i = 0; i < n; ++i) {
            if (!l.acc.dense.empty()) {
                if (nodata >= 0 && nodata < 256) {  // counted under its class in the geographic loop above
                    l.acc.nodata[i] += l.acc.dense[i][static_cast<std::size_t>(nodata)];
                    l.acc.dense[i][static_cast<std::size_t>(nodata)] = 0;
                }
                for (int v = 0; v < 256; ++v)
                    if (l.acc.dense[i][static_cast<std::size_t>(v)] > 0) classes[i][v] += l.acc.dense[i][static_cast<std::size_t>(v)];
            } else {
                for (const auto& [v, a] : l.acc.sparse[i]) classes[i][v] += a;
            }
            nodata_sum[i] += l.acc.nodata[i];
        }
    }
    std::vector<ClassAreas> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        Micro valid = 0;
        for (const auto& [v, a] : classes[i]) {
            out[i].class_m2[v] = to_m2(a);
            valid += a;
        }
        out[i].valid_m2 = to_m2(valid);
        out[i].nodata_m2 = to_m2(nodata_sum[i]);
    }
    return out;
}

}  // namespace ecozone::stats
