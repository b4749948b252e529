#include "stats/coverage.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ecozone::stats {

namespace {

// ∫₀¹ min(u(t), c) dt for u linear from ua to ub.
double g(double ua, double ub, double c) {
    const double lo = std::min(ua, ub), hi = std::max(ua, ub);
    if (c >= hi) return (ua + ub) / 2;
    if (c <= lo) return c;
    const double t = (c - ua) / (ub - ua);
    if (ua < ub) return t * (ua + c) / 2 + (1 - t) * c;
    return (1 - t) * (c + ub) / 2 + t * c;
}

}  // namespace

PolygonCoverage::PolygonCoverage(const std::vector<std::vector<std::pair<double, double>>>& rings) {
    double umin = std::numeric_limits<double>::max(), umax = -umin, vmin = umin, vmax = -umin;
    double signed_area = 0;
    for (const auto& ring : rings) {
        for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
            const auto [u1, v1] = ring[i];
            const auto [u2, v2] = ring[i + 1];
            signed_area += u1 * v2 - u2 * v1;
            umin = std::min({umin, u1, u2});
            umax = std::max({umax, u1, u2});
            vmin = std::min({vmin, v1, v2});
            vmax = std::max({vmax, v1, v2});
            if (v1 != v2) m_edges.push_back({u1, v1, u2, v2});
        }
    }
    signed_area /= 2;
    m_area = std::fabs(signed_area);
    if (m_edges.empty()) return;
    // ∮ u dv equals the signed area; orient so that coverage comes out positive.
    double green = 0;
    for (const auto& e : m_edges) green += (e.u1 + e.u2) / 2 * (e.v2 - e.v1);
    m_sign = green < 0 ? -1 : 1;
    m_row0 = static_cast<int>(std::floor(vmin));
    m_row1 = static_cast<int>(std::ceil(vmax));
    if (m_row1 == m_row0) ++m_row1;
    m_col0 = static_cast<int>(std::floor(umin));
    m_col1 = static_cast<int>(std::ceil(umax));
    if (m_col1 == m_col0) ++m_col1;
}

void PolygonCoverage::index_rows(int band_rows) {
    m_band_rows = std::max(1, band_rows);
    const int bands = (m_row1 - m_row0 + m_band_rows - 1) / m_band_rows;
    m_bands.assign(static_cast<std::size_t>(std::max(bands, 0)), {});
    for (std::uint32_t i = 0; i < m_edges.size(); ++i) {
        const Edge& e = m_edges[i];
        const int r0 = static_cast<int>(std::floor(std::min(e.v1, e.v2))) - m_row0;
        const int r1 = static_cast<int>(std::ceil(std::max(e.v1, e.v2))) - m_row0;  // exclusive
        for (int b = std::max(0, r0 / m_band_rows); b <= std::min(bands - 1, (r1 - 1) / m_band_rows); ++b) {
            m_bands[static_cast<std::size_t>(b)].push_back(i);
        }
    }
}

void PolygonCoverage::spans(int row, std::vector<CoverageSpan>& out) const {
    out.clear();
    if (row < m_row0 || row >= m_row1 || m_edges.empty()) return;
    const int width = m_col1 - m_col0;
    // Per thread, kept zero between calls: the edges' exact shares of the cells they pass through, and the
    // changes of the running sum (∫ min(u, c) dv of the edges wholly left of a column) at the columns where
    // they start; `cols` lists the entries set.
    struct Scratch {
        std::vector<double> cov, diff;
        std::vector<int> cols;
    };
    thread_local Scratch s;
    if (s.cov.size() < static_cast<std::size_t>(width) + 1) {
        s.cov.assign(static_cast<std::size_t>(width) + 1, 0.0);
        s.diff.assign(static_cast<std::size_t>(width) + 1, 0.0);
    }
    s.cols.clear();
    s.cols.push_back(0);
    const double top = row, bottom = row + 1;
    auto visit = [&](const Edge& e) {
        const double lo = std::min(e.v1, e.v2), hi = std::max(e.v1, e.v2);
        if (hi <= top || lo >= bottom) return;
        // Clip the edge to the row band v ∈ [top, bottom].
        const double va = std::clamp(e.v1, top, bottom), vb = std::clamp(e.v2, top, bottom);
        const double k = (e.u2 - e.u1) / (e.v2 - e.v1);
        const double ua = e.u1 + (va - e.v1) * k, ub = e.u1 + (vb - e.v1) * k;
        const double dv = vb - va;
        if (dv == 0) return;
        const double umin = std::min(ua, ub), umax = std::max(ua, ub);
        // Columns wholly left of the edge get dv each (∫ min(u, c) dv grows by one cell width).
        const int first = std::clamp(static_cast<int>(std::floor(umin)) - m_col0, 0, width);
        s.diff[0] += dv;
        s.diff[static_cast<std::size_t>(first)] -= dv;
        s.cols.push_back(first);
        // Columns the edge passes through: exact.
        const int last = std::clamp(static_cast<int>(std::ceil(umax)) - m_col0, 0, width);
        for (int j = first; j < std::max(last, first + 1) && j < width; ++j) {
            const double c0 = m_col0 + j, c1 = c0 + 1;
            s.cov[static_cast<std::size_t>(j)] += dv * (g(ua, ub, c1) - g(ua, ub, c0));
            s.cols.push_back(j);
        }
    };
    if (!m_bands.empty()) {
        for (std::uint32_t i : m_bands[static_cast<std::size_t>((row - m_row0) / m_band_rows)]) visit(m_edges[i]);
    } else {
        for (const auto& e : m_edges) visit(e);
    }
    std::sort(s.cols.begin(), s.cols.end());
    s.cols.erase(std::unique(s.cols.begin(), s.cols.end()), s.cols.end());
    auto emit = [&](int begin, int end, double v) {
        v = v < 0 ? 0 : (v > 1 ? 1 : v);
        if (begin >= end || !(v > 0)) return;
        if (!out.empty() && out.back().end == begin && out.back().value == v) {
            out.back().end = end;  // a boundary cell as covered as its neighbours (an edge along a grid line)
        } else {
            out.push_back({begin, end, v});
        }
    };
    // The running sum changes only at the listed columns; between them every cell has the same fraction.
    double run = 0;
    int next = 0;  // the first column not yet given out
    for (const int c : s.cols) {
        if (c >= width) break;
        emit(next, c, m_sign * run);
        run += s.diff[static_cast<std::size_t>(c)];
        emit(c, c + 1, m_sign * (s.cov[static_cast<std::size_t>(c)] + run));
        next = c + 1;
    }
    emit(next, width, m_sign * run);
    for (const int c : s.cols) {
        s.cov[static_cast<std::size_t>(c)] = 0;
        s.diff[static_cast<std::size_t>(c)] = 0;
    }
}

void PolygonCoverage::row(int row, std::vector<double>& cov) const {
    cov.assign(static_cast<std::size_t>(m_col1 - m_col0), 0.0);
    thread_local std::vector<CoverageSpan> spans_of_row;
    spans(row, spans_of_row);
    for (const CoverageSpan& sp : spans_of_row)
        std::fill(cov.begin() + sp.begin, cov.begin() + sp.end, sp.value);
}

}  // namespace ecozone::stats
