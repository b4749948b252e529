#pragma once
// Exact coverage of raster cells by a polygon: for every cell of a row, the fraction of the cell the
// polygon covers — interior cells 1, boundary cells exactly, by Green's theorem applied to the
// polygon's edges clipped to the row (∮ min(u, c) dv). Coordinates are in grid units: u = column,
// v = row (downward), so a cell is the unit square [j, j+1] × [r, r+1].

#include <cstdint>
#include <vector>

namespace ecozone::stats {

struct Edge {
    double u1, v1, u2, v2;
};

// Cells [begin, end) of a row (counted from col_begin) that the polygon covers by the same fraction, > 0.
struct CoverageSpan {
    int begin = 0, end = 0;
    double value = 0;
};

class PolygonCoverage {
public:
    // `rings`: closed rings (first point repeated) in grid units; exterior rings and holes in any
    // orientation as long as a polygon's holes run opposite to its exterior (as in valid GEOS output
    // after normalising). The overall sign is fixed from the signed area.
    explicit PolygonCoverage(const std::vector<std::vector<std::pair<double, double>>>& rings);

    int row_begin() const { return m_row0; }
    int row_end() const { return m_row1; }  // exclusive
    int col_begin() const { return m_col0; }
    int col_end() const { return m_col1; }  // exclusive
    double area() const { return m_area; }  // in cell units

    // Fractions for the cells [col_begin, col_end) of row `row` (written to `cov`, length col_end − col_begin):
    // spans() below written out cell by cell. With index_rows(), only the row's band of edges is scanned.
    void row(int row, std::vector<double>& cov) const;

    // The same fractions as spans, in column order, leaving out the cells not covered: a cell an edge
    // passes through is a span of its own (unless covered as much as its neighbour), the cells between
    // two such cells one span (1 inside the polygon). A row of a county thousands of cells wide is a few
    // dozen spans.
    void spans(int row, std::vector<CoverageSpan>& out) const;

    // Prepares an edge list per band of `band_rows` rows so row() touches only nearby edges.
    void index_rows(int band_rows);

private:
    std::vector<Edge> m_edges;
    std::vector<std::vector<std::uint32_t>> m_bands;
    int m_band_rows = 0;
    int m_row0 = 0, m_row1 = 0, m_col0 = 0, m_col1 = 0;
    double m_area = 0;
    double m_sign = 1;
};

}  // namespace ecozone::stats
