#include "report/diff_report.hpp"

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

json delta_json(const diff::ZoneDelta& d) {
    return {{"id", d.id}, {"name", d.name}, {"group", d.group}, {"gained_m2", r2(d.gained_m2)}, {"lost_m2", r2(d.lost_m2)},
            {"net_m2", r2(d.net_m2())}};
}

json reasons_json(const std::vector<const screen::Reason*>& reasons) {
    json out = json::array();
    for (const screen::Reason* r : reasons)
        out.push_back({{"rule", r->rule}, {"verdict", screen::verdict_name(r->verdict)}, {"layer", r->layer_id},
                       {"feature", r->feature_code}, {"text", r->text}});
    return out;
}

json side_json(screen::Verdict v, bool screened, const std::vector<const screen::Reason*>& reasons) {
    return {{"verdict", screen::verdict_name(v)}, {"verdict_label", screen::verdict_label(v)}, {"screened", screened},
            {"reasons", reasons_json(reasons)}};
}

std::string reasons_text(const std::vector<const screen::Reason*>& reasons) {
    std::vector<std::string> parts;
    for (const screen::Reason* r : reasons)
        parts.push_back(r->rule + (r->feature_code.empty() ? "" : " (" + r->layer_id + " " + r->feature_code + ")"));
    return text::join(parts, "; ");
}

std::string kind_label(std::string_view kind) {
    return kind == "stricter" ? "从严" : kind == "looser" ? "放宽" : "理由变化";
}

const std::string k_method =
    "Features are matched by the layer's code_field (by their exact shape when it has none); a code whose "
    "geometries differ in any vertex is 'geometry', one whose shapes are identical but whose name or zone "
    "value differs is 'attributes'. gained_m2: area the layer covers in the later edition and no feature of it "
    "covered in the earlier one; lost_m2 the reverse — exact overlay of the two editions in the working CRS, "
    "each layer's own overlaps counted once, areas on the ellipsoid. A feature's gained_m2 and lost_m2 are "
    "against its own other version. Zones split the gained and lost areas exactly; 'outside' is what lies "
    "outside every zone.";

}  // namespace

json diff_json(const DiffReport& r) {
    json layers = json::array();
    for (const auto& l : r.result->layers) {
        json counts = {{"before", l.old_features}, {"after", l.new_features}, {"unchanged", l.unchanged}};
        for (auto c : {diff::Change::added, diff::Change::removed, diff::Change::geometry, diff::Change::attributes}) {
            const auto it = l.counts.find(c);
            counts[std::string(diff::change_name(c))] = it == l.counts.end() ? 0 : it->second;
        }
        json zones = json::array(), groups = json::array(), changes = json::array();
        for (const auto& z : l.zones) zones.push_back(delta_json(z));
        for (const auto& g : l.groups) groups.push_back(delta_json(g));
        for (const auto& f : l.features)
            changes.push_back({{"code", f.code},
                               {"change", diff::change_name(f.change)},
                               {"change_label", diff::change_label(f.change)},
                               {"before", {{"name", f.old_name}, {"zone", f.old_zone}, {"features", f.old_parts}, {"area_m2", r2(f.old_m2)}}},
                               {"after", {{"name", f.new_name}, {"zone", f.new_zone}, {"features", f.new_parts}, {"area_m2", r2(f.new_m2)}}},
                               {"gained_m2", r2(f.gained_m2)},
                               {"lost_m2", r2(f.lost_m2)}});
        layers.push_back({{"id", l.id},
                          {"title", l.title},
                          {"role", catalog::role_name(l.role)},
                          {"in_before", l.in_old},
                          {"in_after", l.in_new},
                          {"matched_by", l.matched_by.empty() ? json(nullptr) : json(l.matched_by)},
                          {"areal", l.areal},
                          {"features", counts},
                          {"gained_m2", r2(l.gained_m2)},
                          {"lost_m2", r2(l.lost_m2)},
                          {"net_m2", r2(l.net_m2())},
                          {"net_ha", std::round(units::ha(l.net_m2()) * 10000) / 10000},
                          {"net_mu", r2(units::mu(l.net_m2()))},
                          {"zones", zones},
                          {"groups", groups},
                          {"outside", {{"gained_m2", r2(l.outside.gained_m2)}, {"lost_m2", r2(l.outside.lost_m2)}}},
                          {"changes", changes},
                          {"notes", l.notes}});
    }
    json sites = nullptr;
    if (r.sites) {
        json list = json::array();
        std::map<std::string, std::size_t> kinds = {{"stricter", 0}, {"looser", 0}, {"reasons", 0}};
        for (const auto& c : r.sites->changes) {
            const load::Site& s = r.sites->sites->sites[c.site];
            ++kinds[std::string(c.kind())];
            list.push_back({{"id", s.id},
                            {"name", s.name},
                            {"change", c.kind()},
                            {"before", side_json(c.old_verdict, c.old_screened, c.old_reasons)},
                            {"after", side_json(c.new_verdict, c.new_screened, c.new_reasons)}});
        }
        sites = {{"source", r.sites->sites->source},
                 {"screened", r.sites->sites->sites.size()},
                 {"changed", r.sites->changes.size()},
                 {"stricter", kinds["stricter"]},
                 {"looser", kinds["looser"]},
                 {"reasons", kinds["reasons"]},
                 {"sites", list}};
    }
    return {{"tool", {{"name", "ecozone"}, {"version", ecozone::version}}},
            {"before", catalog_json(*r.before)},
            {"after", catalog_json(*r.after)},
            {"crs", r.working_crs_label},
            {"zones_source", r.zones_source.empty() ? json(nullptr) : json(r.zones_source)},
            {"method", k_method},
            {"layers", layers},
            {"sites", sites},
            {"warnings", diagnostics_json(*r.diagnostics)}};
}

namespace {

void emit(std::ostringstream& out, const std::vector<std::string>& row) {
    for (std::size_t k = 0; k < row.size(); ++k) out << (k ? "," : "") << csv_cell(row[k]);
    out << "\r\n";
}

std::string diff_csv(const DiffReport& r) {
    std::ostringstream out;
    out << "\xEF\xBB\xBF"
        << "layer,layer_title,level,id,name,group,gained_m2,gained_ha,gained_mu,lost_m2,lost_ha,lost_mu,net_m2,net_ha,net_mu,"
           "before_version,after_version\r\n";
    auto row = [&](const diff::LayerDiff& l, const char* level, const diff::ZoneDelta& d) {
        emit(out, {l.id, l.title, level, d.id, d.name, d.group, text::fixed(d.gained_m2, 2), text::fixed(units::ha(d.gained_m2), 4),
                   text::fixed(units::mu(d.gained_m2), 2), text::fixed(d.lost_m2, 2), text::fixed(units::ha(d.lost_m2), 4),
                   text::fixed(units::mu(d.lost_m2), 2), text::fixed(d.net_m2(), 2), text::fixed(units::ha(d.net_m2()), 4),
                   text::fixed(units::mu(d.net_m2()), 2), r.before->version, r.after->version});
    };
    for (const auto& l : r.result->layers) {
        if (!l.areal) continue;
        row(l, "layer", {"", "", "", l.gained_m2, l.lost_m2});
        for (const auto& z : l.zones) row(l, "zone", z);
        for (const auto& g : l.groups) row(l, "group", g);
        if (!r.zones_source.empty()) row(l, "outside", l.outside);
    }
    return out.str();
}

std::string features_csv(const DiffReport& r) {
    std::ostringstream out;
    out << "\xEF\xBB\xBF"
        << "layer,layer_title,code,change,change_label,before_name,after_name,before_zone,after_zone,before_features,"
           "after_features,before_m2,after_m2,gained_m2,lost_m2\r\n";
    for (const auto& l : r.result->layers)
        for (const auto& f : l.features)
            emit(out, {l.id, l.title, f.code, std::string(diff::change_name(f.change)), std::string(diff::change_label(f.change)),
                       f.old_name, f.new_name, f.old_zone, f.new_zone, std::to_string(f.old_parts), std::to_string(f.new_parts),
                       text::fixed(f.old_m2, 2), text::fixed(f.new_m2, 2), text::fixed(f.gained_m2, 2), text::fixed(f.lost_m2, 2)});
    return out.str();
}

std::string sites_csv(const SitesDiff& s) {
    std::ostringstream out;
    out << "\xEF\xBB\xBF"
        << "id,name,change,before_verdict,before_verdict_label,after_verdict,after_verdict_label,before_reasons,after_reasons,"
           "after_reason_text\r\n";
    for (const auto& c : s.changes) {
        const load::Site& site = s.sites->sites[c.site];
        std::vector<std::string> texts;
        for (const auto* reason : c.new_reasons) texts.push_back(reason->text);
        emit(out, {site.id, site.name, std::string(c.kind()), std::string(screen::verdict_name(c.old_verdict)),
                   std::string(screen::verdict_label(c.old_verdict)), std::string(screen::verdict_name(c.new_verdict)),
                   std::string(screen::verdict_label(c.new_verdict)), reasons_text(c.old_reasons), reasons_text(c.new_reasons),
                   text::join(texts, "；")});
    }
    return out.str();
}

void write_diff_xlsx(const DiffReport& r, const std::filesystem::path& path, const std::string& label, const std::string& date) {
    using K = XlsxColumn::Kind;
    XlsxBook book(path, label, date, "分区管控数据版本对比");
    XlsxBook::Sheet& sum = book.add_sheet("图层 Layers", {{"图层", "layer", K::text, 0, 12},
                                                          {"名称", "title", K::text, 0, 16},
                                                          {"前版要素", "before_features", K::number, 0, 10},
                                                          {"新版要素", "after_features", K::number, 0, 10},
                                                          {"未变", "unchanged", K::number, 0, 8},
                                                          {"新增", "added", K::number, 0, 8},
                                                          {"删除", "removed", K::number, 0, 8},
                                                          {"范围调整", "geometry", K::number, 0, 9},
                                                          {"属性变更", "attributes", K::number, 0, 9},
                                                          {"调入 (公顷)", "gained_ha", K::number, 4, 13},
                                                          {"调出 (公顷)", "lost_ha", K::number, 4, 13},
                                                          {"净变化 (公顷)", "net_ha", K::number, 4, 13},
                                                          {"净变化 (亩)", "net_mu", K::number, 2, 13},
                                                          {"说明", "notes", K::text, 0, 40}});
    for (const auto& l : r.result->layers) {
        sum.row();
        sum.text(l.id);
        sum.text(l.title);
        sum.number(static_cast<double>(l.old_features));
        sum.number(static_cast<double>(l.new_features));
        sum.number(static_cast<double>(l.unchanged));
        for (auto c : {diff::Change::added, diff::Change::removed, diff::Change::geometry, diff::Change::attributes}) {
            const auto it = l.counts.find(c);
            sum.number(it == l.counts.end() ? 0.0 : static_cast<double>(it->second));
        }
        sum.number(l.areal ? units::ha(l.gained_m2) : NAN);
        sum.number(l.areal ? units::ha(l.lost_m2) : NAN);
        sum.number(l.areal ? units::ha(l.net_m2()) : NAN);
        sum.number(l.areal ? units::mu(l.net_m2()) : NAN);
        sum.text(text::join(l.notes, "; "));
    }
    if (!r.zones_source.empty()) {
        XlsxBook::Sheet& z = book.add_sheet("县区 Zones", {{"图层", "layer", K::text, 0, 12},
                                                            {"层级", "level", K::text, 0, 7},
                                                            {"编码", "id", K::text, 0, 12},
                                                            {"名称", "name", K::text, 0, 16},
                                                            {"所属", "group", K::text, 0, 10},
                                                            {"调入 (公顷)", "gained_ha", K::number, 4, 13},
                                                            {"调出 (公顷)", "lost_ha", K::number, 4, 13},
                                                            {"净变化 (公顷)", "net_ha", K::number, 4, 13},
                                                            {"净变化 (亩)", "net_mu", K::number, 2, 13}});
        auto row = [&](const diff::LayerDiff& l, const char* level, const diff::ZoneDelta& d) {
            z.row();
            z.text(l.id);
            z.text(level);
            z.text(d.id);
            z.text(d.name);
            z.text(d.group);
            z.number(units::ha(d.gained_m2));
            z.number(units::ha(d.lost_m2));
            z.number(units::ha(d.net_m2()));
            z.number(units::mu(d.net_m2()));
        };
        for (const auto& l : r.result->layers) {
            if (!l.areal || (l.gained_m2 == 0 && l.lost_m2 == 0)) continue;
            for (const auto& d : l.zones)
                if (d.gained_m2 > 0 || d.lost_m2 > 0) row(l, "县区", d);
            for (const auto& d : l.groups)
                if (d.gained_m2 > 0 || d.lost_m2 > 0) row(l, "市", d);
            if (l.outside.gained_m2 > 0 || l.outside.lost_m2 > 0) row(l, "区域外", l.outside);
        }
    }
    XlsxBook::Sheet& f = book.add_sheet("要素 Features", {{"图层", "layer", K::text, 0, 12},
                                                          {"编码", "code", K::text, 0, 16},
                                                          {"变化", "change", K::text, 0, 9},
                                                          {"前版名称", "before_name", K::text, 0, 22},
                                                          {"新版名称", "after_name", K::text, 0, 22},
                                                          {"前版面积 (公顷)", "before_ha", K::number, 4, 14},
                                                          {"新版面积 (公顷)", "after_ha", K::number, 4, 14},
                                                          {"调入 (公顷)", "gained_ha", K::number, 4, 13},
                                                          {"调出 (公顷)", "lost_ha", K::number, 4, 13}});
    for (const auto& l : r.result->layers)
        for (const auto& c : l.features) {
            f.row();
            f.text(l.id);
            f.text(c.code);
            f.text(std::string(diff::change_label(c.change)));
            f.text(c.old_name);
            f.text(c.new_name);
            f.number(l.areal ? units::ha(c.old_m2) : NAN);
            f.number(l.areal ? units::ha(c.new_m2) : NAN);
            f.number(l.areal ? units::ha(c.gained_m2) : NAN);
            f.number(l.areal ? units::ha(c.lost_m2) : NAN);
        }
    if (r.sites) {
        XlsxBook::Sheet& s = book.add_sheet("项目 Sites", {{"编号", "id", K::text, 0, 10},
                                                           {"项目名称", "name", K::text, 0, 22},
                                                           {"变化", "change", K::text, 0, 9},
                                                           {"前版结论", "before_verdict", K::text, 0, 9},
                                                           {"新版结论", "after_verdict", K::text, 0, 9},
                                                           {"前版理由", "before_reasons", K::text, 0, 36},
                                                           {"新版理由", "after_reasons", K::text, 0, 36}});
        for (const auto& c : r.sites->changes) {
            const load::Site& site = r.sites->sites->sites[c.site];
            s.row();
            s.text(site.id);
            s.text(site.name);
            s.text(kind_label(c.kind()));
            s.text(std::string(screen::verdict_label(c.old_verdict)));
            s.text(std::string(screen::verdict_label(c.new_verdict)));
            s.text(reasons_text(c.old_reasons));
            s.text(reasons_text(c.new_reasons));
        }
    }
    auto edition = [](const catalog::Catalog& c) {
        return c.name + (c.version.empty() ? "" : "（" + c.version + "）") + (c.date.empty() ? "" : "，" + c.date) + "：" + c.path.string();
    };
    book.add_notes("说明 About", {{"前版 Earlier edition", edition(*r.before)},
                                  {"新版 Later edition", edition(*r.after)},
                                  {"行政区 Zones", r.zones_source.empty() ? "未给出 (none)" : r.zones_source},
                                  {"项目 Sites", r.sites ? r.sites->sites->source : "未给出 (none)"},
                                  {"编制单位 Prepared by", r.after->producer},
                                  {"日期 Date", date},
                                  {"计算方法 Method",
                                   "要素按编码字段（code_field）匹配，无编码字段的图层按几何完全相同匹配；几何任一顶点不同即为范围调整。"
                                   "调入面积 = 新版图层覆盖而前版图层未覆盖的面积，调出反之；两版精确叠加，图层内部重叠只计一次，"
                                   "面积在椭球面上计算（" + r.working_crs_label + "）。"},
                                  {"工具 Tool", std::string("ecozone ") + ecozone::version}});
    book.close();
}

void write_diff_gpkg(const DiffReport& r, const std::filesystem::path& tmp, const std::string& label) {
    using io::OutField;
    const std::vector<OutField> fields = {{"layer", OutField::Type::text},     {"layer_title", OutField::Type::text},
                                          {"change", OutField::Type::text},    {"change_label", OutField::Type::text},
                                          {"zone_id", OutField::Type::text},   {"zone_name", OutField::Type::text},
                                          {"area_m2", OutField::Type::real},   {"area_mu", OutField::Type::real}};
    io::OutLayer pieces{"changes", fields, {}, io::OutGeometry::multipolygon};
    for (const auto& l : r.result->layers)
        for (const auto& p : l.pieces) {
            if (!p.geom) continue;
            const geom::GeomPtr g = geom::multi_part_of_dimension(p.geom.get(), 2);
            if (!g) continue;
            pieces.features.push_back({geom::to_wkb(g.get()),
                                       {l.id, l.title, std::string(p.gained ? "gained" : "lost"), std::string(p.gained ? "调入" : "调出"),
                                        p.zone_id, p.zone_name, p.area_m2, units::mu(p.area_m2)}});
        }
    io::write_gpkg(tmp.string(), r.working_crs, {pieces}, {{"changes", "change", diff_pieces_qml("change"), ""}}, label);
}

}  // namespace

std::vector<std::filesystem::path> write_diff(const DiffReport& r, const std::filesystem::path& dir, const std::set<std::string>& formats) {
    OutputBatch batch(dir);
    const auto* json_tmp = formats.count("json") ? &batch.add("diff.json") : nullptr;
    const auto* csv_tmp = formats.count("csv") ? &batch.add("diff.csv") : nullptr;
    const auto* features_tmp = formats.count("csv") ? &batch.add("diff_features.csv") : nullptr;
    const auto* sites_tmp = formats.count("csv") && r.sites ? &batch.add("diff_sites.csv") : nullptr;
    const auto* xlsx_tmp = formats.count("xlsx") ? &batch.add("diff.xlsx") : nullptr;
    const auto* gpkg_tmp = formats.count("gpkg") ? &batch.add("diff.gpkg") : nullptr;
    if (json_tmp) write_bytes(*json_tmp, diff_json(r).dump(2) + "\n", (dir / "diff.json").string());
    if (csv_tmp) write_bytes(*csv_tmp, diff_csv(r), (dir / "diff.csv").string());
    if (features_tmp) write_bytes(*features_tmp, features_csv(r), (dir / "diff_features.csv").string());
    if (sites_tmp) write_bytes(*sites_tmp, sites_csv(*r.sites), (dir / "diff_sites.csv").string());
    if (xlsx_tmp) write_diff_xlsx(r, *xlsx_tmp, (dir / "diff.xlsx").string(), production_date());
    if (gpkg_tmp) write_diff_gpkg(r, *gpkg_tmp, (dir / "diff.gpkg").string());
    return batch.commit();
}

}  // namespace ecozone::report
