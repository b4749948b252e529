#include <catch2/catch.hpp>

#include <numeric>

#include "stats/coverage.hpp"

using namespace ecozone::stats;

namespace {

using Ring = std::vector<std::pair<double, double>>;

Ring box(double u0, double v0, double u1, double v1, bool clockwise = false) {
    Ring r = {{u0, v0}, {u1, v0}, {u1, v1}, {u0, v1}, {u0, v0}};
    if (clockwise) std::reverse(r.begin(), r.end());
    return r;
}

double total(const PolygonCoverage& pc) {
    double sum = 0;
    std::vector<double> cov;
    for (int r = pc.row_begin(); r < pc.row_end(); ++r) {
        pc.row(r, cov);
        sum += std::accumulate(cov.begin(), cov.end(), 0.0);
    }
    return sum;
}

}  // namespace

TEST_CASE("a rectangle covers known fractions of cells", "[stats][coverage]") {
    // [0.5, 2.5] × [0.25, 1.75]: corner cells 0.5 × 0.75, edge cells 1 × 0.75 …
    for (bool cw : {false, true}) {
        PolygonCoverage pc({box(0.5, 0.25, 2.5, 1.75, cw)});
        std::vector<double> cov;
        REQUIRE(pc.col_begin() == 0);
        REQUIRE(pc.col_end() == 3);
        pc.row(0, cov);
        CHECK(cov[0] == Approx(0.5 * 0.75));
        CHECK(cov[1] == Approx(0.75));
        CHECK(cov[2] == Approx(0.5 * 0.75));
        pc.row(1, cov);
        CHECK(cov[0] == Approx(0.5 * 0.75));
        CHECK(cov[1] == Approx(0.75));
        CHECK(total(pc) == Approx(2.0 * 1.5));
    }
}

TEST_CASE("a triangle's boundary cells are exact", "[stats][coverage]") {
    // Right triangle (0,0)-(2,0)-(0,2): cell (0,0) fully in, (1,0) and (0,1) half, (1,1) outside.
    PolygonCoverage pc({{{0, 0}, {2, 0}, {0, 2}, {0, 0}}});
    std::vector<double> cov;
    pc.row(0, cov);
    CHECK(cov[0] == Approx(1.0));
    CHECK(cov[1] == Approx(0.5));
    pc.row(1, cov);
    CHECK(cov[0] == Approx(0.5));
    CHECK(cov[1] == Approx(0.0).margin(1e-12));
    CHECK(total(pc) == Approx(2.0));
}

TEST_CASE("holes are left out and large polygons sum to their area", "[stats][coverage]") {
    PolygonCoverage pc({box(0, 0, 10, 10), box(2.5, 2.5, 4.5, 7.5, true)});
    std::vector<double> cov;
    pc.row(3, cov);
    CHECK(cov[2] == Approx(0.5));
    CHECK(cov[3] == Approx(0.0).margin(1e-12));
    CHECK(cov[4] == Approx(0.5));
    CHECK(total(pc) == Approx(100.0 - 10.0));
    // A polygon with many vertices off the grid lines: an irregular 200-gon.
    Ring ring;
    for (int i = 0; i <= 200; ++i) {
        const double t = 2 * 3.14159265358979 * (i % 200) / 200;
        const double r = 37.3 + 5 * std::sin(5 * t);
        ring.emplace_back(50.17 + r * std::cos(t), 48.61 + r * std::sin(t));
    }
    PolygonCoverage blob({ring});
    blob.index_rows(16);
    CHECK(total(blob) == Approx(blob.area()).epsilon(1e-12));
}

TEST_CASE("a row comes as spans: the inside in one, each boundary cell on its own, nothing outside", "[stats][coverage]") {
    // A square of 100 cells with a 20 × 40 hole, and rows of a 200-gon: spans in column order, apart,
    // every fraction > 0, adding up (fraction × cells) to the known areas.
    PolygonCoverage holed({box(0.5, 0.5, 100.5, 100.5), box(30, 20, 50, 60, true)});
    std::vector<CoverageSpan> spans;
    holed.spans(40, spans);  // through the hole: the cell at 0 (half), 1…29 whole, 50…99 whole, 100 half
    REQUIRE(spans.size() == 4);
    CHECK(spans[0].begin == 0);
    CHECK(spans[0].end == 1);
    CHECK(spans[0].value == Approx(0.5));
    CHECK(spans[1].begin == 1);
    CHECK(spans[1].end == 30);
    CHECK(spans[1].value == 1.0);
    CHECK(spans[2].begin == 50);
    CHECK(spans[2].end == 100);
    CHECK(spans[2].value == 1.0);
    CHECK(spans[3].begin == 100);
    CHECK(spans[3].value == Approx(0.5));
    holed.spans(200, spans);
    CHECK(spans.empty());

    Ring ring;
    for (int i = 0; i <= 200; ++i) {
        const double t = 2 * 3.14159265358979 * (i % 200) / 200;
        const double r = 370.3 + 50 * std::sin(5 * t);
        ring.emplace_back(500.17 + r * std::cos(t), 480.61 + r * std::sin(t));
    }
    for (auto [pc, area] : {std::pair{&holed, 100.0 * 100.0 - 20.0 * 40.0}, std::pair<PolygonCoverage*, double>{nullptr, 0.0}}) {
        PolygonCoverage blob({ring});
        blob.index_rows(64);
        if (!pc) {
            pc = &blob;
            area = blob.area();
        }
        double sum = 0;
        std::size_t most = 0;
        std::vector<double> cov;
        for (int r = pc->row_begin(); r < pc->row_end(); ++r) {
            pc->spans(r, spans);
            pc->row(r, cov);
            most = std::max(most, spans.size());
            int end = 0;
            double row_sum = 0;
            for (const CoverageSpan& s : spans) {
                CHECK(s.begin >= end);
                CHECK(s.end > s.begin);
                CHECK(s.value > 0);
                CHECK(s.value <= 1);
                end = s.end;
                row_sum += s.value * (s.end - s.begin);
            }
            CHECK(end <= pc->col_end() - pc->col_begin());
            sum += row_sum;
            CHECK(row_sum == Approx(std::accumulate(cov.begin(), cov.end(), 0.0)).epsilon(1e-12));
        }
        CHECK(sum == Approx(area).epsilon(1e-9));
        CHECK(most < 100);  // rows up to 840 cells wide: at most the cells the boundary runs through, and the runs between
    }
}
