#include "report/stats_report.hpp"

#include <cmath>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/clock.hpp"
#include "core/format.hpp"
#include "core/units.hpp"
#include "core/version.hpp"
#include "io/gpkg_writer.hpp"
#include "report/csv.hpp"
#include "report/layers_report.hpp"
#include "report/style_export.hpp"
#include "report/xlsx.hpp"

namespace ecozone::report {

using json = nlohmann::ordered_json;

namespace {

double r2(double v) { return std::round(v * 100) / 100; }
double r4(double v) { return std::round(v * 10000) / 10000; }

}  // namespace

json targets_json(const std::vector<stats::TargetResult>& results) {
    json targets = json::array();
    for (const auto& t : results) {
        targets.push_back({{"id", t.target->id},
                           {"indicator", t.target->indicator},
                           {"label", t.target->label},
                           {"comparison", stats::comparison_symbol(t.target->comparison)},
                           {"target", t.target->value},
                           {"actual", t.actual ? json(r4(*t.actual)) : json(nullptr)},
                           {"met", t.actual ? json(t.met) : json(nullptr)},
                           {"gap", t.actual ? json(r4(t.gap)) : json(nullptr)},
                           {"year", t.target->year},
                           {"source", t.target->source}});
    }
    return targets;
}

std::string targets_text(const std::vector<stats::TargetResult>& results) {
    std::vector<std::string> ts;
    for (const auto& t : results) {
        ts.push_back(t.target->label + " " + std::string(stats::comparison_symbol(t.target->comparison)) + " " +
                     text::fixed(t.target->value, 2) + ": " +
                     (t.actual ? text::fixed(*t.actual, 2) + (t.met ? " 达标" : " 未达标") : std::string("无数据")));
    }
    return text::join(ts, "; ");
}

namespace {

json zone_json(const stats::ZoneFigures& z, bool group) {
    json lc = nullptr;
    if (z.landcover.available) {
        json classes = json::object();
        for (const auto& [c, a] : z.landcover.class_m2) classes[std::to_string(c)] = r2(a);
        lc = {{"valid_m2", r2(z.landcover.valid_m2)},
              {"coverage_pct", r4(z.landcover.coverage_pct)},
              {"complete", !z.landcover.partial},
              {"class_m2", classes},
              {"forest_m2", r2(z.landcover.forest_m2)},
              {"forest_pct", r4(z.landcover.forest_pct)},
              {"green_m2", r2(z.landcover.green_m2)},
              {"green_pct", r4(z.landcover.green_pct)}};
    }
    json urban = nullptr;
    if (z.urban.available) {
        urban = {{"area_m2", r2(z.urban.area_m2)},
                 {"green_m2", z.urban.raster ? json(r2(z.urban.green_m2)) : json(nullptr)},
                 {"green_pct", z.urban.raster ? json(r4(z.urban.green_pct)) : json(nullptr)},
                 {"green_space_m2", z.urban.has_green_space ? json(r2(z.urban.green_space_m2)) : json(nullptr)},
                 {"green_space_pct", z.urban.has_green_space ? json(r4(z.urban.green_space_pct)) : json(nullptr)}};
    }
    json layers = json::object();
    for (const auto& s : z.layers) {
        json zones = json::object();
        for (const auto& [v, a] : s.by_zone) zones[v] = {{"area_m2", r2(a.area_m2)}, {"pct", r4(a.pct)}};
        json entry = {{"area_m2", r2(s.total.area_m2)}, {"pct", r4(s.total.pct)}};
        if (!zones.empty()) entry["zones"] = zones;
        layers[s.layer] = entry;
    }
    const json targets = targets_json(z.targets);
    json out = {{"id", z.id}, {"name", z.name}, {"group", z.group}, {"area_m2", r2(z.area_m2)}, {"landcover", lc},
                {"urban", urban}, {"layers", layers}, {"targets", targets}, {"notes", z.notes}};
    if (group) out["members"] = z.members;
    return out;
}

}  // namespace

json stats_json(const catalog::Catalog& catalog, const load::LayerSet& layers, const stats::StatsResult& r,
                const Diagnostics& diagnostics) {
    json zones = json::array(), groups = json::array();
    for (const auto& z : r.zones) zones.push_back(zone_json(z, false));
    for (const auto& g : r.groups) groups.push_back(zone_json(g, true));
    json raster = nullptr;
    if (r.raster) {
        raster = {{"path", r.raster->path},
                  {"crs", r.raster->crs_label},
                  {"size", {r.raster->cols, r.raster->rows}},
                  {"pixel", {r.raster->dx, r.raster->dy}},
                  {"forest_classes", r.forest_classes},
                  {"green_classes", r.green_classes}};
    }
    return {{"tool", {{"name", "ecozone"}, {"version", ecozone::version}}},
            {"catalog", catalog_json(catalog)},
            {"zones_source", r.zones_source},
            {"landcover", raster},
            {"targets", r.targets_name},
            {"method",
             "Areas on the ellipsoid of " + layers.working_crs_label +
                 ". Land cover: every cell counts by the exact fraction of it the zone covers, weighted by its true "
                 "area; percentages use the zone's whole area (water included) as in 森林覆盖率. urban.green_pct is "
                 "绿化覆盖率 (green land-cover classes ÷ urban area); urban.green_space_pct is 绿地率 (green-space "
                 "polygons ÷ urban area); the urban area is the catalog's urban_boundary layer."},
            {"zones", zones},
            {"groups", groups},
            {"warnings", diagnostics_json(diagnostics)}};
}

std::string stats_csv(const catalog::Catalog& catalog, const load::LayerSet& layers, const stats::StatsResult& r) {
    std::ostringstream out;
    out << "\xEF\xBB\xBF";
    std::vector<std::string> header = {"level", "id", "name", "group", "area_m2", "area_km2", "landcover_coverage_pct",
                                       "forest_m2", "forest_pct", "green_m2", "green_pct", "urban_area_m2",
                                       "urban_green_pct_绿化覆盖率", "urban_green_space_pct_绿地率"};
    for (const auto& l : layers.layers) {
        if (l.spec.role == catalog::Role::control_unit) continue;
        header.push_back("layer_" + l.spec.id + "_pct");
    }
    header.push_back("targets");
    header.push_back("notes");
    header.push_back("catalog_version");
    out << text::join(header, ",") << "\r\n";
    auto num = [](double v, int d) { return text::fixed(v, d); };
    auto emit = [&](const stats::ZoneFigures& z, const char* level) {
        std::vector<std::string> row = {level, z.id, z.name, z.group, num(z.area_m2, 2), num(z.area_m2 / 1e6, 4)};
        row.push_back(z.landcover.available ? num(z.landcover.coverage_pct, 4) : "");
        row.push_back(z.landcover.available ? num(z.landcover.forest_m2, 2) : "");
        row.push_back(z.landcover.available ? num(z.landcover.forest_pct, 4) : "");
        row.push_back(z.landcover.available ? num(z.landcover.green_m2, 2) : "");
        row.push_back(z.landcover.available ? num(z.landcover.green_pct, 4) : "");
        row.push_back(z.urban.available ? num(z.urban.area_m2, 2) : "");
        row.push_back(z.urban.raster ? num(z.urban.green_pct, 4) : "");
        row.push_back(z.urban.has_green_space ? num(z.urban.green_space_pct, 4) : "");
        for (const auto& l : layers.layers) {
            if (l.spec.role == catalog::Role::control_unit) continue;
            std::string v;
            for (const auto& s : z.layers)
                if (s.layer == l.spec.id) v = num(s.total.pct, 4);
            row.push_back(v);
        }
        row.push_back(targets_text(z.targets));
        row.push_back(text::join(z.notes, "; "));
        row.push_back(catalog.version);
        for (std::size_t k = 0; k < row.size(); ++k) out << (k ? "," : "") << csv_cell(row[k]);
        out << "\r\n";
    };
    for (const auto& z : r.zones) emit(z, "zone");
    for (const auto& g : r.groups) emit(g, "group");
    return out.str();
}

void write_stats_xlsx(const catalog::Catalog& catalog, const load::LayerSet& layers, const stats::StatsResult& r,
                      const std::filesystem::path& path, const std::string& label, const std::string& date) {
    using K = XlsxColumn::Kind;
    XlsxBook book(path, label, date, "县域生态指标统计");
    // One row per target checked: for a county (zone) or a city (group).
    XlsxBook::Sheet& targets = book.add_sheet("目标 Targets", {
        {"层级", "level", K::text, 0, 7},           {"编码", "id", K::text, 0, 12},
        {"名称", "name", K::text, 0, 16},           {"所属", "group", K::text, 0, 10},
        {"目标编号", "target_id", K::text, 0, 26},  {"指标", "indicator", K::text, 0, 18},
        {"指标名称", "label", K::text, 0, 16},      {"比较", "comparison", K::text, 0, 6},
        {"目标值 (%)", "target_pct", K::number, 2, 11}, {"现状值 (%)", "actual_pct", K::number, 2, 11},
        {"差距 (百分点)", "gap_pp", K::number, 2, 12},  {"结论", "met", K::text, 0, 8},
        {"目标年", "year", K::number, 0, 8},        {"来源", "source", K::text, 0, 50}});
    auto target_rows = [&](const stats::ZoneFigures& z, const char* level) {
        for (const auto& t : z.targets) {
            targets.row();
            targets.text(level);
            targets.text(z.id);
            targets.text(z.name);
            targets.text(z.group);
            targets.text(t.target->id);
            targets.text(t.target->indicator);
            targets.text(t.target->label);
            targets.text(std::string(stats::comparison_symbol(t.target->comparison)));
            targets.number(t.target->value);
            targets.number(t.actual ? *t.actual : NAN);
            targets.number(t.actual ? t.gap : NAN);
            targets.text(!t.actual ? "无数据" : t.met ? "达标" : "未达标");
            targets.number(t.target->year > 0 ? static_cast<double>(t.target->year) : NAN);
            targets.text(t.target->source);
        }
    };
    for (const auto& z : r.zones) target_rows(z, "县区");
    for (const auto& g : r.groups) target_rows(g, "市");
    // The figures of every zone, and of every group.
    std::vector<XlsxColumn> cols = {
        {"编码", "id", K::text, 0, 12},                 {"名称", "name", K::text, 0, 16},
        {"所属", "group", K::text, 0, 10},              {"面积 (km²)", "area_km2", K::number, 4, 12},
        {"面积 (公顷)", "area_ha", K::number, 2, 14},   {"地类覆盖 (%)", "landcover_coverage_pct", K::number, 2, 12},
        {"森林覆盖率 (%)", "forest_pct", K::number, 2, 13}, {"林地面积 (公顷)", "forest_ha", K::number, 2, 14},
        {"绿色空间 (%)", "green_pct", K::number, 2, 12}, {"城镇面积 (公顷)", "urban_area_ha", K::number, 2, 14},
        {"绿化覆盖率 (%)", "urban_green_pct", K::number, 2, 13}, {"绿地率 (%)", "urban_green_space_pct", K::number, 2, 11}};
    for (const auto& l : layers.layers) {
        if (l.spec.role == catalog::Role::control_unit) continue;
        cols.push_back({(l.spec.title.empty() ? l.spec.id : l.spec.title) + "占比 (%)", "layer_" + l.spec.id + "_pct", K::number, 2, 14});
    }
    cols.push_back({"说明", "notes", K::text, 0, 40});
    auto figure_rows = [&](XlsxBook::Sheet& sheet, const std::vector<stats::ZoneFigures>& zs) {
        for (const auto& z : zs) {
            sheet.row();
            sheet.text(z.id);
            sheet.text(z.name);
            sheet.text(z.group);
            sheet.number(z.area_m2 / 1e6);
            sheet.number(units::ha(z.area_m2));
            const auto& lc = z.landcover;
            sheet.number(lc.available ? lc.coverage_pct : NAN);
            sheet.number(lc.available ? lc.forest_pct : NAN);
            sheet.number(lc.available ? units::ha(lc.forest_m2) : NAN);
            sheet.number(lc.available ? lc.green_pct : NAN);
            sheet.number(z.urban.available ? units::ha(z.urban.area_m2) : NAN);
            sheet.number(z.urban.raster ? z.urban.green_pct : NAN);
            sheet.number(z.urban.has_green_space ? z.urban.green_space_pct : NAN);
            for (const auto& l : layers.layers) {
                if (l.spec.role == catalog::Role::control_unit) continue;
                double v = NAN;
                for (const auto& share : z.layers)
                    if (share.layer == l.spec.id) v = share.total.pct;
                sheet.number(v);
            }
            sheet.text(text::join(z.notes, "; "));
        }
    };
    figure_rows(book.add_sheet("县区 Zones", cols), r.zones);
    if (!r.groups.empty()) figure_rows(book.add_sheet("市 Groups", cols), r.groups);
    book.add_notes("说明 About", {
        {"分区管控数据 Zoning data", catalog.name},
        {"数据版本 Edition", catalog.version.empty() ? "未注明 (not stated)" : catalog.version},
        {"行政区 Zones", r.zones_source},
        {"目标 Targets", r.targets_name.empty() ? "未给出 (none)" : r.targets_name},
        {"编制单位 Prepared by", catalog.producer},
        {"日期 Date", date},
        {"计算方法 Method", "面积在椭球面上计算（" + layers.working_crs_label +
                                "）；森林覆盖率等按栅格像元与行政区的精确覆盖比例加权。百分比均为 0–100。"},
        {"工具 Tool", std::string("ecozone ") + ecozone::version}});
    book.close();
}

std::vector<std::filesystem::path> write_stats(const catalog::Catalog& catalog, const load::LayerSet& layers,
                                               const stats::StatsResult& r, const Diagnostics& diagnostics,
                                               const std::filesystem::path& dir, const std::set<std::string>& formats,
                                               const render::Style* style) {
    // All outputs are checked against the inputs first and moved into place only when all were written.
    OutputBatch batch(dir);
    const std::filesystem::path* json_tmp = formats.count("json") ? &batch.add("stats.json") : nullptr;
    const std::filesystem::path* csv_tmp = formats.count("csv") ? &batch.add("stats.csv") : nullptr;
    const std::filesystem::path* gpkg_tmp = formats.count("gpkg") ? &batch.add("stats.gpkg") : nullptr;
    const std::filesystem::path* xlsx_tmp = formats.count("xlsx") ? &batch.add("stats.xlsx") : nullptr;
    if (xlsx_tmp) write_stats_xlsx(catalog, layers, r, *xlsx_tmp, (dir / "stats.xlsx").string(), production_date());
    if (json_tmp) write_bytes(*json_tmp, stats_json(catalog, layers, r, diagnostics).dump(2) + "\n", (dir / "stats.json").string());
    if (csv_tmp) write_bytes(*csv_tmp, stats_csv(catalog, layers, r), (dir / "stats.csv").string());
    if (gpkg_tmp) {
        using io::OutField;
        std::vector<OutField> fields = {{"id", OutField::Type::text},          {"name", OutField::Type::text},
                                        {"group_name", OutField::Type::text},  {"area_km2", OutField::Type::real},
                                        {"forest_pct", OutField::Type::real},  {"green_pct", OutField::Type::real},
                                        {"coverage_pct", OutField::Type::real}, {"urban_green_pct", OutField::Type::real},
                                        {"urban_green_space_pct", OutField::Type::real}, {"targets_met", OutField::Type::integer},
                                        {"targets_missed", OutField::Type::integer}};
        for (const auto& l : layers.layers)
            if (l.spec.role != catalog::Role::control_unit) fields.push_back({"layer_" + l.spec.id + "_pct", OutField::Type::real});
        auto layer_of = [&](const std::vector<stats::ZoneFigures>& zs, const std::string& name) {
            io::OutLayer out{name, fields, {}, io::OutGeometry::multipolygon};
            for (const auto& z : zs) {
                long long met = 0, missed = 0;
                for (const auto& t : z.targets) {
                    if (t.actual) (t.met ? met : missed)++;
                }
                std::vector<io::OutValue> v = {z.id, z.name, z.group, z.area_m2 / 1e6, z.landcover.forest_pct,
                                               z.landcover.green_pct, z.landcover.coverage_pct, z.urban.green_pct,
                                               z.urban.green_space_pct, met, missed};
                for (const auto& l : layers.layers) {
                    if (l.spec.role == catalog::Role::control_unit) continue;
                    double p = 0;
                    for (const auto& s : z.layers)
                        if (s.layer == l.spec.id) p = s.total.pct;
                    v.push_back(p);
                }
                const geom::GeomPtr area = z.geom ? geom::multi_part_of_dimension(z.geom.get(), 2) : nullptr;
                out.features.push_back({area ? geom::to_wkb(area.get()) : std::vector<unsigned char>{}, v});
            }
            return out;
        };
        std::vector<io::OutLayer> out_layers = {layer_of(r.zones, "zones")};
        if (!r.groups.empty()) out_layers.push_back(layer_of(r.groups, "groups"));
        std::vector<io::OutStyle> styles;
        if (style) {
            styles.push_back({"zones", "forest_pct", zones_qml(*style, "forest_pct"), zones_sld(*style, "forest_pct")});
            if (!r.groups.empty()) {
                styles.push_back({"groups", "forest_pct", zones_qml(*style, "forest_pct"), zones_sld(*style, "forest_pct")});
            }
        }
        io::write_gpkg(gpkg_tmp->string(), layers.working_crs, out_layers, styles, (dir / "stats.gpkg").string());
    }
    return batch.commit();
}

}  // namespace ecozone::report
