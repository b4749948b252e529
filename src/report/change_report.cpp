#include "report/change_report.hpp"

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
#include "report/stats_report.hpp"
#include "report/xlsx.hpp"
#include "stats/indicators.hpp"

namespace ecozone::report {

using json = nlohmann::ordered_json;

namespace {

double r2(double v) { return std::round(v * 100) / 100; }
double r4(double v) { return std::round(v * 10000) / 10000; }

json class_json(int c) { return c == stats::k_no_class ? json(nullptr) : json(c); }
std::string class_text(int c) { return c == stats::k_no_class ? std::string("nodata") : std::to_string(c); }

json cover_json(const stats::CoverChange& c) {
    return {{"before_m2", r2(c.before_m2)}, {"after_m2", r2(c.after_m2)}, {"before_pct", r4(c.before_pct)},
            {"after_pct", r4(c.after_pct)}, {"change_pp", r4(c.change_pp)}, {"gain_m2", r2(c.gain_m2)},
            {"loss_m2", r2(c.loss_m2)},     {"net_m2", r2(c.net_m2)}};
}

json stock_json(const stats::CarbonStock& s) {
    json o = json::object();
    for (std::size_t p = 0; p < stats::k_pools; ++p) o[std::string(stats::carbon_pool_names()[p])] = r2(s.t[p]);
    o["total"] = r2(s.total());
    return o;
}

json zone_json(const stats::ZoneChange& z, bool group) {
    json matrix = json::array();
    for (const auto& [key, a] : z.matrix) matrix.push_back({{"from", class_json(key.first)}, {"to", class_json(key.second)}, {"m2", r2(a)}});
    json carbon = nullptr;
    if (z.carbon) {
        const double change = z.carbon->change.total();
        carbon = {{"before_t_c", stock_json(z.carbon->before)},
                  {"after_t_c", stock_json(z.carbon->after)},
                  {"change_t_c", stock_json(z.carbon->change)},
                  {"change_t_co2e", r2(change * stats::k_co2_per_c)},
                  {"balance", change > 0 ? "sink" : change < 0 ? "source" : "neutral"}};
    }
    json out = {{"id", z.id},
                {"name", z.name},
                {"group", z.group},
                {"area_m2", r2(z.area_m2)},
                {"no_data_m2", {{"before", r2(z.before_nodata_m2)}, {"after", r2(z.after_nodata_m2)}}},
                {"changed_m2", r2(z.changed_m2)},
                {"unchanged_m2", r2(z.unchanged_m2)},
                {"forest", cover_json(z.forest)},
                {"green", cover_json(z.green)},
                {"carbon", carbon},
                {"matrix", matrix},
                {"targets", targets_json(z.targets)},
                {"notes", z.notes}};
    if (group) out["members"] = z.members;
    return out;
}

json raster_json(const io::RasterInfo& r, int year) {
    return {{"year", year ? json(year) : json(nullptr)}, {"path", r.path}, {"crs", r.crs_label},
            {"size", {r.cols, r.rows}}, {"pixel", {r.dx, r.dy}}};
}

std::string year_label(int year, const std::string& fallback) { return year ? std::to_string(year) : fallback; }

// The choropleth of the net forest change: a diverging palette (ColorBrewer BrBG), losses brown, gains green,
// breaks in percentage points.
std::string change_qml(const std::string& field) {
    struct Range {
        double lo, hi;
        const char* label;
        const char* rgb;
    };
    const Range ranges[] = {{-100, -2, "减少 2 个百分点以上", "166,97,26"},   {-2, -0.5, "减少 0.5–2 个百分点", "223,194,125"},
                            {-0.5, 0.5, "基本不变 (±0.5)", "245,245,245"}, {0.5, 2, "增加 0.5–2 个百分点", "128,205,193"},
                            {2, 100, "增加 2 个百分点以上", "1,133,113"}};
    std::ostringstream o;
    o << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n"
      << "<renderer-v2 type=\"graduatedSymbol\" attr=\"" << field
      << "\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n<ranges>\n";
    for (std::size_t i = 0; i < std::size(ranges); ++i)
        o << "<range lower=\"" << ranges[i].lo << "\" upper=\"" << ranges[i].hi << "\" symbol=\"" << i << "\" label=\""
          << ranges[i].label << "\" render=\"true\"/>\n";
    o << "</ranges>\n<symbols>\n";
    for (std::size_t i = 0; i < std::size(ranges); ++i)
        o << "<symbol type=\"fill\" name=\"" << i << "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
          << "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">"
          << "<prop k=\"color\" v=\"" << ranges[i].rgb << ",255\"/><prop k=\"style\" v=\"solid\"/>"
          << "<prop k=\"outline_color\" v=\"90,90,90,255\"/><prop k=\"outline_style\" v=\"solid\"/>"
          << "<prop k=\"outline_width\" v=\"0.2\"/><prop k=\"outline_width_unit\" v=\"MM\"/></layer></symbol>\n";
    o << "</symbols>\n</renderer-v2>\n<layerGeometryType>2</layerGeometryType>\n</qgis>\n";
    return o.str();
}

}  // namespace

json change_json(const catalog::Catalog& catalog, const std::string& working_crs_label, const stats::ChangeResult& r,
                 const Diagnostics& diagnostics) {
    json zones = json::array(), groups = json::array();
    for (const auto& z : r.zones) zones.push_back(zone_json(z, false));
    for (const auto& g : r.groups) groups.push_back(zone_json(g, true));
    json carbon = nullptr;
    if (r.carbon) {
        json classes = json::array();
        for (const auto& c : r.carbon->classes) {
            json d = {{"code", c.code}, {"name", c.name}};
            for (std::size_t p = 0; p < stats::k_pools; ++p) d[std::string(stats::carbon_pool_names()[p])] = c.t_per_ha[p];
            d["source"] = c.source;
            classes.push_back(d);
        }
        carbon = {{"path", r.carbon->path}, {"name", r.carbon->name}, {"unit", "t C/ha"}, {"note", r.carbon->note}, {"classes", classes}};
    }
    return {{"tool", {{"name", "ecozone"}, {"version", ecozone::version}}},
            {"catalog", catalog_json(catalog)},
            {"zones_source", r.zones_source},
            {"before", raster_json(r.before, r.before_year)},
            {"after", raster_json(r.after, r.after_year)},
            {"forest_classes", r.forest_classes},
            {"green_classes", r.green_classes},
            {"carbon_table", carbon},
            {"targets", r.targets_name.empty() ? json(nullptr) : json(r.targets_name)},
            {"method",
             "Areas on the ellipsoid of " + working_crs_label +
                 ". The two rasters are laid over each other without resampling: each piece where a cell of the first "
                 "year overlaps a cell of the second counts with its true area, weighted by the exact fraction of it the "
                 "zone covers. matrix: m² from class `from` (first year) to class `to` (second year); null = no data "
                 "(a nodata cell, or outside that year's raster). Percentages use the zone's whole area, as 森林覆盖率 "
                 "does. gain/loss: area that entered/left the classes, where both years have data. Carbon: t C per pool "
                 "(InVEST Carbon model's four pools) = Σ area (ha) × density (t C/ha); the change is over the area both "
                 "years have data for; t CO₂e = t C × 44/12; sink = the stock grew."},
            {"zones", zones},
            {"groups", groups},
            {"warnings", diagnostics_json(diagnostics)}};
}

std::string change_csv(const catalog::Catalog& catalog, const stats::ChangeResult& r) {
    std::ostringstream out;
    out << "\xEF\xBB\xBF";
    const std::string y1 = year_label(r.before_year, "before"), y2 = year_label(r.after_year, "after");
    std::vector<std::string> header = {"level", "id", "name", "group", "area_m2",
                                       "forest_pct_" + y1, "forest_pct_" + y2, "forest_change_pp", "forest_gain_m2",
                                       "forest_loss_m2", "forest_net_m2", "forest_net_ha", "forest_net_mu",
                                       "green_pct_" + y1, "green_pct_" + y2, "green_change_pp",
                                       "changed_m2", "no_data_m2_" + y1, "no_data_m2_" + y2,
                                       "carbon_t_c_" + y1, "carbon_t_c_" + y2, "carbon_change_t_c", "carbon_change_t_co2e",
                                       "carbon_balance", "targets", "notes", "catalog_version"};
    out << text::join(header, ",") << "\r\n";
    auto num = [](double v, int d) { return text::fixed(v, d); };
    auto emit = [&](const stats::ZoneChange& z, const char* level) {
        std::vector<std::string> row = {level, z.id, z.name, z.group, num(z.area_m2, 2),
                                        num(z.forest.before_pct, 4), num(z.forest.after_pct, 4), num(z.forest.change_pp, 4),
                                        num(z.forest.gain_m2, 2), num(z.forest.loss_m2, 2), num(z.forest.net_m2, 2),
                                        num(units::ha(z.forest.net_m2), 4), num(units::mu(z.forest.net_m2), 2),
                                        num(z.green.before_pct, 4), num(z.green.after_pct, 4), num(z.green.change_pp, 4),
                                        num(z.changed_m2, 2), num(z.before_nodata_m2, 2), num(z.after_nodata_m2, 2)};
        if (z.carbon) {
            const double change = z.carbon->change.total();
            for (double v : {z.carbon->before.total(), z.carbon->after.total(), change, change * stats::k_co2_per_c}) row.push_back(num(v, 2));
            row.push_back(change > 0 ? "sink" : change < 0 ? "source" : "neutral");
        } else {
            row.insert(row.end(), 5, "");
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

std::string change_matrix_csv(const stats::ChangeResult& r) {
    std::ostringstream out;
    out << "\xEF\xBB\xBF" << "level,id,name,from_class,to_class,area_m2,area_ha,area_mu\r\n";
    auto emit = [&](const stats::ZoneChange& z, const char* level) {
        for (const auto& [key, a] : z.matrix) {
            const std::vector<std::string> row = {level, z.id, z.name, class_text(key.first), class_text(key.second),
                                                  text::fixed(a, 2), text::fixed(units::ha(a), 4), text::fixed(units::mu(a), 2)};
            for (std::size_t k = 0; k < row.size(); ++k) out << (k ? "," : "") << csv_cell(row[k]);
            out << "\r\n";
        }
    };
    for (const auto& z : r.zones) emit(z, "zone");
    for (const auto& g : r.groups) emit(g, "group");
    return out.str();
}

namespace {

void write_change_xlsx(const catalog::Catalog& catalog, const std::string& working_crs_label, const stats::ChangeResult& r,
                       const std::filesystem::path& path, const std::string& label, const std::string& date) {
    using K = XlsxColumn::Kind;
    const std::string y1 = year_label(r.before_year, "前期"), y2 = year_label(r.after_year, "后期");
    XlsxBook book(path, label, date, "土地覆盖变化与碳储量");
    const std::vector<XlsxColumn> cols = {
        {"编码", "id", K::text, 0, 12},
        {"名称", "name", K::text, 0, 16},
        {"所属", "group", K::text, 0, 10},
        {"面积 (公顷)", "area_ha", K::number, 2, 14},
        {"森林覆盖率 " + y1 + " (%)", "forest_pct_before", K::number, 2, 14},
        {"森林覆盖率 " + y2 + " (%)", "forest_pct_after", K::number, 2, 14},
        {"变化 (百分点)", "forest_change_pp", K::number, 2, 12},
        {"森林增加 (公顷)", "forest_gain_ha", K::number, 2, 13},
        {"森林减少 (公顷)", "forest_loss_ha", K::number, 2, 13},
        {"森林净变化 (公顷)", "forest_net_ha", K::number, 2, 14},
        {"森林净变化 (亩)", "forest_net_mu", K::number, 0, 13},
        {"绿色空间 " + y1 + " (%)", "green_pct_before", K::number, 2, 13},
        {"绿色空间 " + y2 + " (%)", "green_pct_after", K::number, 2, 13},
        {"碳储量 " + y1 + " (t C)", "carbon_t_c_before", K::number, 0, 15},
        {"碳储量 " + y2 + " (t C)", "carbon_t_c_after", K::number, 0, 15},
        {"碳储量变化 (t C)", "carbon_change_t_c", K::number, 0, 14},
        {"折合 CO₂ (t CO₂e)", "carbon_change_t_co2e", K::number, 0, 15},
        {"碳汇/碳源", "carbon_balance", K::text, 0, 9},
        {"说明", "notes", K::text, 0, 40}};
    auto rows = [&](XlsxBook::Sheet& sheet, const std::vector<stats::ZoneChange>& zs) {
        for (const auto& z : zs) {
            sheet.row();
            sheet.text(z.id);
            sheet.text(z.name);
            sheet.text(z.group);
            sheet.number(units::ha(z.area_m2));
            sheet.number(z.forest.before_pct);
            sheet.number(z.forest.after_pct);
            sheet.number(z.forest.change_pp);
            sheet.number(units::ha(z.forest.gain_m2));
            sheet.number(units::ha(z.forest.loss_m2));
            sheet.number(units::ha(z.forest.net_m2));
            sheet.number(units::mu(z.forest.net_m2));
            sheet.number(z.green.before_pct);
            sheet.number(z.green.after_pct);
            const double change = z.carbon ? z.carbon->change.total() : NAN;
            sheet.number(z.carbon ? z.carbon->before.total() : NAN);
            sheet.number(z.carbon ? z.carbon->after.total() : NAN);
            sheet.number(change);
            sheet.number(change * stats::k_co2_per_c);
            sheet.text(!z.carbon ? "" : change > 0 ? "碳汇" : change < 0 ? "碳源" : "持平");
            sheet.text(text::join(z.notes, "; "));
        }
    };
    if (!r.targets_name.empty()) {
        // One row per target checked, each value in its indicator's unit.
        XlsxBook::Sheet& t = book.add_sheet("目标 Targets", {
            {"层级", "level", K::text, 0, 7},          {"编码", "id", K::text, 0, 12},
            {"名称", "name", K::text, 0, 16},          {"目标编号", "target_id", K::text, 0, 26},
            {"指标", "indicator", K::text, 0, 20},     {"指标名称", "label", K::text, 0, 18},
            {"比较", "comparison", K::text, 0, 6},     {"目标值", "target", K::number, 2, 12},
            {"现状值", "actual", K::number, 2, 14},    {"单位", "unit", K::text, 0, 8},
            {"结论", "met", K::text, 0, 8},            {"来源", "source", K::text, 0, 50}});
        auto target_rows = [&](const std::vector<stats::ZoneChange>& zs, const char* level) {
            for (const auto& z : zs)
                for (const auto& tr_ : z.targets) {
                    const stats::ChangeIndicator* ci = stats::find_change_indicator(tr_.target->indicator);
                    t.row();
                    t.text(level);
                    t.text(z.id);
                    t.text(z.name);
                    t.text(tr_.target->id);
                    t.text(tr_.target->indicator);
                    t.text(tr_.target->label);
                    t.text(std::string(stats::comparison_symbol(tr_.target->comparison)));
                    t.number(tr_.target->value);
                    t.number(tr_.actual ? *tr_.actual : NAN);
                    t.text(ci ? std::string(ci->unit) : "");
                    t.text(!tr_.actual ? "无数据" : tr_.met ? "达标" : "未达标");
                    t.text(tr_.target->source);
                }
        };
        target_rows(r.zones, "县区");
        target_rows(r.groups, "市");
    }
    rows(book.add_sheet("县区 Zones", cols), r.zones);
    if (!r.groups.empty()) rows(book.add_sheet("市 Groups", cols), r.groups);
    XlsxBook::Sheet& m = book.add_sheet("转移矩阵 Transitions", {
        {"层级", "level", K::text, 0, 7},  {"编码", "id", K::text, 0, 12},  {"名称", "name", K::text, 0, 16},
        {y1 + " 地类", "from_class", K::text, 0, 10}, {y2 + " 地类", "to_class", K::text, 0, 10},
        {"面积 (公顷)", "area_ha", K::number, 4, 14}, {"面积 (亩)", "area_mu", K::number, 2, 14}});
    auto matrix_rows = [&](const std::vector<stats::ZoneChange>& zs, const char* level) {
        for (const auto& z : zs)
            for (const auto& [key, a] : z.matrix) {
                m.row();
                m.text(level);
                m.text(z.id);
                m.text(z.name);
                m.text(key.first == stats::k_no_class ? "无数据" : std::to_string(key.first));
                m.text(key.second == stats::k_no_class ? "无数据" : std::to_string(key.second));
                m.number(units::ha(a));
                m.number(units::mu(a));
            }
    };
    matrix_rows(r.zones, "县区");
    matrix_rows(r.groups, "市");
    std::vector<std::pair<std::string, std::string>> notes = {
        {"分区管控数据 Zoning data", catalog.name},
        {"行政区 Zones", r.zones_source},
        {"前期土地覆盖 First year", y1 + "：" + r.before.path},
        {"后期土地覆盖 Second year", y2 + "：" + r.after.path},
        {"碳密度表 Carbon table", r.carbon ? r.carbon->path + (r.carbon->name.empty() ? "" : "（" + r.carbon->name + "）") : "未给出 (none)"},
        {"编制单位 Prepared by", catalog.producer},
        {"日期 Date", date},
        {"计算方法 Method", "面积在椭球面上计算（" + working_crs_label +
                                "）；两期栅格不重采样，按像元相交部分的真实面积及行政区精确覆盖比例计。碳储量 = 面积 × 四库碳密度"
                                "（地上、地下、土壤、死亡有机质，t C/ha），变化量只计两期均有数据的面积；CO₂e = C × 44/12。"},
        {"工具 Tool", std::string("ecozone ") + ecozone::version}};
    book.add_notes("说明 About", notes);
    book.close();
}

}  // namespace

std::vector<std::filesystem::path> write_change(const catalog::Catalog& catalog, const std::string& working_crs,
                                                const std::string& working_crs_label, const stats::ChangeResult& r,
                                                const Diagnostics& diagnostics, const std::filesystem::path& dir,
                                                const std::set<std::string>& formats) {
    OutputBatch batch(dir);
    const std::filesystem::path* json_tmp = formats.count("json") ? &batch.add("change.json") : nullptr;
    const std::filesystem::path* csv_tmp = formats.count("csv") ? &batch.add("change.csv") : nullptr;
    const std::filesystem::path* matrix_tmp = formats.count("csv") ? &batch.add("change_matrix.csv") : nullptr;
    const std::filesystem::path* xlsx_tmp = formats.count("xlsx") ? &batch.add("change.xlsx") : nullptr;
    const std::filesystem::path* gpkg_tmp = formats.count("gpkg") ? &batch.add("change.gpkg") : nullptr;
    if (json_tmp) write_bytes(*json_tmp, change_json(catalog, working_crs_label, r, diagnostics).dump(2) + "\n", (dir / "change.json").string());
    if (csv_tmp) write_bytes(*csv_tmp, change_csv(catalog, r), (dir / "change.csv").string());
    if (matrix_tmp) write_bytes(*matrix_tmp, change_matrix_csv(r), (dir / "change_matrix.csv").string());
    if (xlsx_tmp) write_change_xlsx(catalog, working_crs_label, r, *xlsx_tmp, (dir / "change.xlsx").string(), production_date());
    if (gpkg_tmp) {
        using io::OutField;
        const std::vector<OutField> fields = {
            {"id", OutField::Type::text},                 {"name", OutField::Type::text},
            {"group_name", OutField::Type::text},         {"area_km2", OutField::Type::real},
            {"forest_pct_before", OutField::Type::real},  {"forest_pct_after", OutField::Type::real},
            {"forest_change_pp", OutField::Type::real},   {"forest_gain_ha", OutField::Type::real},
            {"forest_loss_ha", OutField::Type::real},     {"forest_net_ha", OutField::Type::real},
            {"green_change_pp", OutField::Type::real},    {"carbon_change_t_c", OutField::Type::real},
            {"carbon_change_t_co2e", OutField::Type::real}};
        auto layer_of = [&](const std::vector<stats::ZoneChange>& zs, const std::string& name) {
            io::OutLayer out{name, fields, {}, io::OutGeometry::multipolygon};
            for (const auto& z : zs) {
                const double carbon = z.carbon ? z.carbon->change.total() : NAN;
                std::vector<io::OutValue> v = {z.id, z.name, z.group, z.area_m2 / 1e6, z.forest.before_pct, z.forest.after_pct,
                                               z.forest.change_pp, units::ha(z.forest.gain_m2), units::ha(z.forest.loss_m2),
                                               units::ha(z.forest.net_m2), z.green.change_pp, carbon, carbon * stats::k_co2_per_c};
                const geom::GeomPtr area = z.geom ? geom::multi_part_of_dimension(z.geom.get(), 2) : nullptr;
                out.features.push_back({area ? geom::to_wkb(area.get()) : std::vector<unsigned char>{}, v});
            }
            return out;
        };
        std::vector<io::OutLayer> out_layers = {layer_of(r.zones, "zones")};
        std::vector<io::OutStyle> styles = {{"zones", "forest_change_pp", change_qml("forest_change_pp"), ""}};
        if (!r.groups.empty()) {
            out_layers.push_back(layer_of(r.groups, "groups"));
            styles.push_back({"groups", "forest_change_pp", change_qml("forest_change_pp"), ""});
        }
        io::write_gpkg(gpkg_tmp->string(), working_crs, out_layers, styles, (dir / "change.gpkg").string());
    }
    return batch.commit();
}

}  // namespace ecozone::report
