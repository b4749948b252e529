#include "report/change_cells.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "io/polygonize.hpp"

namespace ecozone::report {

namespace {

// The window of `info`'s cells that covers the view (clamped to the raster).
struct Window {
    int col0 = 0, row0 = 0, cols = 0, rows = 0;
};

Window window_of(const io::RasterInfo& info, const geom::Envelope& v) {
    Window w;
    w.col0 = std::clamp(static_cast<int>(std::floor((v.min_x - info.x0) / info.dx)), 0, info.cols);
    const int col1 = std::clamp(static_cast<int>(std::ceil((v.max_x - info.x0) / info.dx)), 0, info.cols);
    w.row0 = std::clamp(static_cast<int>(std::floor((info.y_top - v.max_y) / info.dy)), 0, info.rows);
    const int row1 = std::clamp(static_cast<int>(std::ceil((info.y_top - v.min_y) / info.dy)), 0, info.rows);
    w.cols = col1 - w.col0;
    w.rows = row1 - w.row0;
    return w;
}

bool is_nodata(const io::RasterInfo& info, std::uint16_t v) { return info.nodata && static_cast<double>(v) == *info.nodata; }

enum Code : std::uint8_t { none = 0, gained = 1, lost = 2, other = 3 };

}  // namespace

ChangeCells change_cells(const io::RasterSource& before, const io::RasterSource& after, const geom::Envelope& view,
                         const std::vector<int>& forest, std::size_t max_cells) {
    const io::RasterInfo& a = before.info();
    const io::RasterInfo& b = after.info();
    const Window wa = window_of(a, view);
    ChangeCells out;
    out.cells = static_cast<std::size_t>(wa.cols) * static_cast<std::size_t>(wa.rows);
    if (out.cells > max_cells) {
        throw Error({a.path}, tr("the map's view holds {1} cells of the land cover; a map of changed cells draws at most {2}.",
                                 text::thousands(static_cast<double>(out.cells), 0), text::thousands(static_cast<double>(max_cells), 0)),
                    tr("Give --zone with one county (or a smaller --bbox), or leave out --change-cells for the choropleth."),
                    ErrorKind::usage);
    }
    if (out.cells == 0) {
        // An empty map would read as "nothing changed here".
        throw Error({a.path}, tr("the land cover does not reach the map's view, so it cannot show what changed there."),
                    tr("Give --zone or --bbox inside the land cover's extent."), ErrorKind::usage);
    }
    std::vector<std::uint16_t> va, vb;
    before.reader()->read_window(wa.row0, wa.rows, wa.col0, wa.cols, va);
    // The later year at the earlier year's cell centres: its own window over the same view.
    geom::Envelope bv{a.x0 + wa.col0 * a.dx, a.y_top - (wa.row0 + wa.rows) * a.dy, a.x0 + (wa.col0 + wa.cols) * a.dx,
                      a.y_top - wa.row0 * a.dy, false};
    const Window wb = window_of(b, bv);
    if (wb.cols > 0 && wb.rows > 0) after.reader()->read_window(wb.row0, wb.rows, wb.col0, wb.cols, vb);
    auto in_forest = [&](std::uint16_t v) { return std::find(forest.begin(), forest.end(), static_cast<int>(v)) != forest.end(); };
    std::vector<std::uint8_t> codes(out.cells, none);
    for (int r = 0; r < wa.rows; ++r) {
        const double y = a.y_top - (wa.row0 + r + 0.5) * a.dy;
        const int rb = static_cast<int>(std::floor((b.y_top - y) / b.dy)) - wb.row0;
        for (int c = 0; c < wa.cols; ++c) {
            const std::uint16_t from = va[static_cast<std::size_t>(r) * wa.cols + c];
            const double x = a.x0 + (wa.col0 + c + 0.5) * a.dx;
            const int cb = static_cast<int>(std::floor((x - b.x0) / b.dx)) - wb.col0;
            if (rb < 0 || rb >= wb.rows || cb < 0 || cb >= wb.cols) continue;
            const std::uint16_t to = vb[static_cast<std::size_t>(rb) * wb.cols + cb];
            if (is_nodata(a, from) || is_nodata(b, to) || from == to) continue;
            const bool f0 = in_forest(from), f1 = in_forest(to);
            codes[static_cast<std::size_t>(r) * wa.cols + c] = !f0 && f1 ? gained : f0 && !f1 ? lost : other;
        }
    }
    // Cells of one code that touch become one polygon.
    io::CodeGrid grid{wa.cols, wa.rows, a.x0 + wa.col0 * a.dx, a.y_top - wa.row0 * a.dy, a.dx, a.dy, std::move(codes)};
    for (auto& [code, g] : io::polygonize(grid, a.path)) {
        switch (code) {
            case gained: out.forest_gained.push_back(std::move(g)); break;
            case lost: out.forest_lost.push_back(std::move(g)); break;
            case other: out.other.push_back(std::move(g)); break;
            default: break;
        }
    }
    return out;
}

}  // namespace ecozone::report
