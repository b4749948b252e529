#include "report/screening_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string_view>

#include <tbb/parallel_for.h>

#include "core/atomic_file.hpp"
#include "core/clock.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/units.hpp"
#include "core/version.hpp"
#include "geom/geos_context.hpp"
#include "io/gpkg_writer.hpp"
#include "render/map.hpp"
#include "render/scene.hpp"
#include "report/csv.hpp"
#include "report/json_text.hpp"
#include "report/kml.hpp"
#include "report/layers_report.hpp"
#include "report/style_export.hpp"
#include "report/xlsx.hpp"

namespace ecozone::report {

namespace {

// A file name for a site's map: its position and its id, with anything but letters, digits, - and _
// replaced, so that no id can reach outside the folder or clash with another.
std::string map_file_name(std::size_t index, const std::string& id) {
    char n[32];
    std::snprintf(n, sizeof n, "%05zu", index + 1);
    std::string safe;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        safe += ok ? c : '_';
        if (safe.size() >= 40) break;
    }
    return "report_maps/" + std::string(n) + (safe.empty() ? "" : "-" + safe) + ".png";
}

// Draws report.html's maps; above k_max_embedded_maps sites the site maps go to files in `batch`.
ReportMaps draw_report_maps(const ScreeningReport& r, OutputBatch& batch, const std::string& date) {
    ReportMaps maps;
    const std::size_t n = r.sites.sites.size();
    maps.embedded_png.resize(n);
    maps.files.resize(n);
    if (!r.style) return maps;
    render::MapInput base;
    base.catalog = &r.catalog;
    base.layers = &r.layers;
    base.style = r.style;
    if (r.zones) base.zones = render::map_zones(*r.zones);
    base.date = date;
    maps.overview_png = render::sites_overview_png(base, r.sites, r.result, render::PageSpec{180, 125, 200});
    const bool embed = n <= k_max_embedded_maps;
    // Printed at 180 mm wide: 200 dpi keeps legend text sharp; files for large runs at 150 dpi.
    const render::PageSpec page{180, 120, embed ? 200.0 : 150.0};
    for (std::size_t i = 0; i < n; ++i) {
        std::string png = render::site_map_png(base, r.sites.sites[i], r.result.sites[i], page);
        if (!png.empty()) {
            if (embed) {
                maps.embedded_png[i] = std::move(png);
            } else {
                maps.files[i] = map_file_name(i, r.sites.sites[i].id);
                batch.write(maps.files[i], png);
            }
        }
        if (r.map_progress) r.map_progress(tr_noop("report.html maps"), i + 1, n);
    }
    return maps;
}

}  // namespace

using json = nlohmann::ordered_json;

namespace {

const load::Feature& feature_of(const ScreeningReport& r, std::size_t layer, std::size_t feature) {
    return r.layers.layers[layer].features[feature];
}

// (of strings, or of a hit's shared reason texts)
template <class Text>
std::string join_reasons(const std::vector<Text>& reasons) {
    std::string out;
    for (const std::string& s : reasons) {
        if (s.empty()) continue;
        if (!out.empty()) out += "；";
        out += s;
    }
    return out;
}

double round_to(double v, int decimals) {
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

}  // namespace

namespace {

// One site of screening.json, as ordered_json's dump(2) writes it, every line after the first `indent`
// spaces in.
void write_site(const ScreeningReport& r, std::size_t i, std::string& out, int indent) {
    const load::Site& site = r.sites.sites[i];
    const screen::SiteResult& res = r.result.sites[i];
    JsonText w(out, indent);
    auto text_or_null = [&](std::string_view key, const std::string& s) {
        w.key(key);
        s.empty() ? w.null() : w.string(s);
    };
    auto measured = [&](std::string_view key, double v, int decimals) {
        w.key(key);
        res.screened ? w.number(round_to(v, decimals)) : w.null();
    };
    w.begin_object();
    w.field("id", site.id);
    w.field("name", site.name);
    w.field("category", site.category);
    w.field("geometry_type", load::site_kind_name(site.kind));
    w.field("origin", site.origin);
    w.field("buffer_m", site.buffer_m);
    measured("area_m2", site.area_m2, 2);
    measured("area_ha", units::ha(site.area_m2), 4);
    measured("area_mu", units::mu(site.area_m2), 2);
    measured("length_m", site.length_m, 2);
    w.field("verdict", screen::verdict_name(res.verdict));
    w.field("verdict_label", screen::verdict_label(res.verdict));
    w.field("screened", res.screened);
    text_or_null("problem", site.problem);
    w.field("coverage_share", round_to(res.coverage_share, 6));
    w.begin_array("reasons");
    for (const auto& reason : res.reasons) {
        w.begin_object();
        w.field("rule", reason.rule.str());
        w.field("verdict", screen::verdict_name(reason.verdict));
        w.field("reason", reason.text.str());
        w.field("reason_en", reason.text_en.str());
        text_or_null("source", reason.source);
        text_or_null("layer", reason.layer_id);
        text_or_null("feature_code", reason.feature_code);
        w.end_object();
    }
    w.end_array();
    w.begin_array("hits");
    for (const auto& h : res.hits) {
        const load::Layer& layer = r.layers.layers[h.layer];
        const load::Feature& f = feature_of(r, h.layer, h.feature);
        w.begin_object();
        w.field("layer", layer.spec.id);
        w.field("role", catalog::role_name(layer.spec.role));
        w.field("feature_code", f.code);
        w.field("feature_name", f.name);
        w.field("zone", f.zone);
        w.field("overlaps", h.overlaps);
        w.field("overlap_m2", round_to(h.overlap_m2, 2));
        w.field("overlap_ha", round_to(units::ha(h.overlap_m2), 4));
        w.field("overlap_mu", round_to(units::mu(h.overlap_m2), 2));
        w.field("overlap_len_m", round_to(h.overlap_len_m, 2));
        w.field("overlap_ratio", round_to(h.overlap_ratio, 6));
        w.field("distance_m", round_to(h.distance_m, 2));
        w.field("verdict", screen::verdict_name(h.verdict));
        w.field("reason", join_reasons(h.reasons));
        w.field("reason_en", join_reasons(h.reasons_en));
        w.end_object();
    }
    w.end_array();
    // A site that was not screened measured nothing: no distances (null would say "none within search_m").
    w.begin_object("nearest");
    for (std::size_t l = 0; res.screened && l < r.layers.layers.size(); ++l) {
        w.key(r.layers.layers[l].spec.id);
        const auto& n = res.nearest[l];
        if (!n) {
            w.null();
            continue;
        }
        const load::Feature& f = feature_of(r, l, n->feature);
        w.begin_object();
        w.field("distance_m", round_to(n->distance_m, 2));
        w.field("feature_code", f.code);
        w.field("feature_name", f.name);
        w.field("zone", f.zone);
        w.end_object();
    }
    w.end_object();
    w.begin_array("control_units");
    for (const auto& u : res.units) {
        const load::Feature& f = feature_of(r, u.layer, u.feature);
        w.begin_object();
        w.field("layer", r.layers.layers[u.layer].spec.id);
        w.field("code", f.code);
        w.field("name", f.name);
        w.field("type", f.zone);
        w.field("share", round_to(u.share, 6));
        w.field("overlap_m2", round_to(u.overlap_m2, 2));
        w.key("requirements");
        if (u.requirements) {
            w.string_object(*u.requirements);
        } else {
            w.begin_object();
            w.end_object();
        }
        w.end_object();
    }
    w.end_array();
    w.begin_object("layer_overlap");
    for (std::size_t l = 0; l < r.layers.layers.size(); ++l) {
        if (res.layer_overlap_m2[l] > 0 || res.layer_overlap_len_m[l] > 0) {
            w.begin_object(r.layers.layers[l].spec.id);
            w.field("overlap_m2", round_to(res.layer_overlap_m2[l], 2));
            w.field("overlap_len_m", round_to(res.layer_overlap_len_m[l], 2));
            w.end_object();
        }
    }
    w.end_object();
    w.key("landcover");
    if (res.landcover.available) {
        const double forest = res.landcover.forest_m2;
        w.begin_object();
        w.begin_object("class_m2");
        for (const auto& [c, a] : res.landcover.class_m2) w.field(std::to_string(c), round_to(a, 2));
        w.end_object();
        w.field("no_data_m2", round_to(res.landcover.nodata_m2, 2));
        w.field("forest_m2", round_to(forest, 2));
        w.field("forest_ha", round_to(units::ha(forest), 4));
        w.field("forest_mu", round_to(units::mu(forest), 2));
        w.field("green_m2", round_to(res.landcover.green_m2, 2));
        w.key("carbon_t_c");
        res.landcover.carbon_t_c ? w.number(round_to(*res.landcover.carbon_t_c, 2)) : w.null();
        w.end_object();
    } else {
        w.null();
    }
    w.key("attributes");
    w.string_object(site.attributes);
    w.end_object();
}

json site_json(const ScreeningReport& r, std::size_t i) {
    std::string text;
    write_site(r, i, text, 0);
    return json::parse(text);
}

// screening.json with `sites` as the list of sites.
json document(const ScreeningReport& r, json sites) {
    json summary = {{"sites", r.sites.sites.size()}};
    for (auto v : {screen::Verdict::prohibited, screen::Verdict::restricted, screen::Verdict::review, screen::Verdict::clear}) {
        auto it = r.result.counts.find(v);
        summary[std::string(screen::verdict_name(v))] = it == r.result.counts.end() ? 0 : it->second;
    }
    json layers = json::array();
    for (const auto& l : r.layers.layers) {
        layers.push_back({{"id", l.spec.id}, {"role", catalog::role_name(l.spec.role)}, {"title", l.spec.title},
                          {"features", l.features.size()}});
    }
    return {{"tool", {{"name", "ecozone"}, {"version", ecozone::version}}},
            {"catalog", catalog_json(r.catalog)},
            {"rules", {{"name", r.rules.name}, {"version", r.rules.version}, {"path", r.rules.path}}},
            {"sites_file", {{"path", r.sites.source}, {"format", r.sites.format}, {"crs", r.sites.source_crs}}},
            {"search_m", r.result.search_m},
            {"coverage", r.result.coverage},
            {"areas", "geodesic on the ellipsoid of " + r.layers.working_crs_label},
            {"layers", layers},
            {"summary", summary},
            {"sites", std::move(sites)},
            {"warnings", diagnostics_json(r.diagnostics)}};
}

}  // namespace

json screening_json(const ScreeningReport& r) {
    json sites = json::array();
    for (std::size_t i = 0; i < r.sites.sites.size(); ++i) sites.push_back(site_json(r, i));
    return document(r, std::move(sites));
}

void write_screening_json(const ScreeningReport& r, std::ostream& out) {
    // The document as screening_json(r).dump(2) would write it, without ever holding all of it: the frame
    // around an empty list of sites, then the sites, drawn up in parallel a block at a time.
    const std::string frame = document(r, json::array()).dump(2);
    const std::string marker = "\n  \"sites\": [],\n";
    const std::size_t at = frame.find(marker);
    const std::size_t n = r.sites.sites.size();
    if (at == std::string::npos || n == 0) {
        out << frame << "\n";
        return;
    }
    out << std::string_view(frame).substr(0, at) << "\n  \"sites\": [";
    constexpr std::size_t k_block = 512;
    std::vector<std::string> texts;
    for (std::size_t first = 0; first < n; first += k_block) {
        const std::size_t count = std::min(k_block, n - first);
        texts.assign(count, {});
        tbb::parallel_for(std::size_t{0}, count, [&](std::size_t k) {
            // Each site at the depth of the list, four spaces in.
            std::string& t = texts[k];
            t += first + k ? ",\n    " : "\n    ";
            write_site(r, first + k, t, 4);
        });
        for (const auto& t : texts) out << t;
    }
    out << "\n  ]," << std::string_view(frame).substr(at + marker.size() - 1);
    out << "\n";
}

namespace {

std::string num(double v, int decimals) { return text::fixed(v, decimals); }

}  // namespace

std::string screening_csv(const ScreeningReport& r) {
    std::ostringstream out;
    write_screening_csv(r, out);
    return out.str();
}

void write_screening_csv(const ScreeningReport& r, std::ostream& out) {
    out << "\xEF\xBB\xBF";  // BOM: Excel then reads UTF-8 Chinese correctly
    const std::vector<std::string> header = {
        "site_id", "site_name", "category", "geometry_type", "site_area_m2", "site_area_mu", "site_length_m",
        "site_verdict", "site_reasons", "layer", "role", "feature_code", "feature_name", "zone", "overlaps",
        "overlap_m2", "overlap_ha", "overlap_mu", "overlap_len_m", "overlap_ratio", "distance_m", "hit_verdict",
        "hit_reason", "catalog_version", "catalog_date", "site_screened", "site_coverage_pct", "site_forest_m2",
        "site_forest_mu", "site_carbon_t_c"};
    out << text::join(header, ",") << "\r\n";
    for (std::size_t i = 0; i < r.sites.sites.size(); ++i) {
        const load::Site& site = r.sites.sites[i];
        const screen::SiteResult& res = r.result.sites[i];
        std::vector<std::string> site_reasons;
        for (const auto& reason : res.reasons) site_reasons.push_back(reason.text);
        const std::vector<std::string> head = {
            site.id, site.name, site.category, std::string(load::site_kind_name(site.kind)),
            res.screened ? num(site.area_m2, 2) : "", res.screened ? num(units::mu(site.area_m2), 2) : "",
            res.screened ? num(site.length_m, 2) : "", std::string(screen::verdict_name(res.verdict)), join_reasons(site_reasons)};
        auto emit = [&](const std::vector<std::string>& tail) {
            std::vector<std::string> row = head;
            row.insert(row.end(), tail.begin(), tail.end());
            row.push_back(r.catalog.version);
            row.push_back(r.catalog.date);
            row.push_back(res.screened ? "1" : "0");
            row.push_back(num(100.0 * res.coverage_share, 2));
            row.push_back(res.landcover.available ? num(res.landcover.forest_m2, 2) : "");
            row.push_back(res.landcover.available ? num(units::mu(res.landcover.forest_m2), 2) : "");
            row.push_back(res.landcover.carbon_t_c ? num(*res.landcover.carbon_t_c, 2) : "");
            for (std::size_t k = 0; k < row.size(); ++k) out << (k ? "," : "") << csv_cell(row[k]);
            out << "\r\n";
        };
        if (res.hits.empty()) emit(std::vector<std::string>(14, ""));
        for (const auto& h : res.hits) {
            const load::Layer& layer = r.layers.layers[h.layer];
            const load::Feature& f = feature_of(r, h.layer, h.feature);
            emit({layer.spec.id, std::string(catalog::role_name(layer.spec.role)), f.code, f.name, f.zone,
                  h.overlaps ? "1" : "0", num(h.overlap_m2, 2), num(units::ha(h.overlap_m2), 4),
                  num(units::mu(h.overlap_m2), 2), num(h.overlap_len_m, 2), num(h.overlap_ratio, 6),
                  num(h.distance_m, 2), std::string(screen::verdict_name(h.verdict)), join_reasons(h.reasons)});
        }
    }
}

namespace {

struct GeometryTable {
    int dimension;
    const char* suffix;
    io::OutGeometry type;
    Symbol symbol;
};
constexpr GeometryTable k_geometry_tables[] = {
    {2, "polygon", io::OutGeometry::multipolygon, Symbol::fill},
    {1, "line", io::OutGeometry::multilinestring, Symbol::line},
    {0, "point", io::OutGeometry::multipoint, Symbol::marker},
};

// Rows of one kind (sites, overlaps) put into one table per geometry type: `<base>_polygon`,
// `<base>_line` and `<base>_point`, each only when it has rows. A geometry that mixes types keeps
// its parts of the highest dimension (slivers of a lower one are not part of the answer). Rows
// without a geometry go to `<base>_no_geometry` when `no_geometry` is true, so none is lost.
std::vector<io::OutLayer> tables_by_geometry(const std::string& base, const std::vector<io::OutField>& fields,
                                             std::vector<std::pair<const GEOSGeometry*, std::vector<io::OutValue>>> rows,
                                             bool no_geometry) {
    std::vector<io::OutLayer> tables;
    for (const auto& t : k_geometry_tables) {
        io::OutLayer table{base + "_" + t.suffix, fields, {}, t.type};
        for (auto& [g, values] : rows) {
            if (!g || geom::top_dimension(g) != t.dimension) continue;
            const geom::GeomPtr part = geom::multi_part_of_dimension(g, t.dimension);
            table.features.push_back({geom::to_wkb(part.get()), values});
        }
        if (!table.features.empty()) tables.push_back(std::move(table));
    }
    io::OutLayer none{base + "_no_geometry", fields, {}, io::OutGeometry::none};
    for (auto& [g, values] : rows)
        if (!g || geom::top_dimension(g) < 0) none.features.push_back({{}, std::move(values)});
    if (no_geometry && !none.features.empty()) tables.push_back(std::move(none));
    return tables;
}

Symbol symbol_of(const io::OutLayer& table) {
    for (const auto& t : k_geometry_tables)
        if (t.type == table.geometry) return t.symbol;
    return Symbol::fill;
}

}  // namespace

void write_screening_gpkg(const ScreeningReport& r, const std::filesystem::path& path, const std::string& label) {
    using io::OutField;
    const std::vector<OutField> site_fields{{"site_id", OutField::Type::text},
                                            {"name", OutField::Type::text},
                                            {"category", OutField::Type::text},
                                            {"geometry_type", OutField::Type::text},
                                            {"area_m2", OutField::Type::real},
                                            {"length_m", OutField::Type::real},
                                            {"verdict", OutField::Type::text},
                                            {"verdict_label", OutField::Type::text},
                                            {"reasons", OutField::Type::text},
                                            {"hits", OutField::Type::integer},
                                            {"screened", OutField::Type::integer},
                                            {"coverage_pct", OutField::Type::real}};
    const std::vector<OutField> piece_fields{{"site_id", OutField::Type::text},
                                             {"layer", OutField::Type::text},
                                             {"role", OutField::Type::text},
                                             {"feature_code", OutField::Type::text},
                                             {"feature_name", OutField::Type::text},
                                             {"zone", OutField::Type::text},
                                             {"overlap_m2", OutField::Type::real},
                                             {"overlap_len_m", OutField::Type::real},
                                             {"overlap_ratio", OutField::Type::real},
                                             {"verdict", OutField::Type::text},
                                             {"reason", OutField::Type::text}};
    std::vector<std::pair<const GEOSGeometry*, std::vector<io::OutValue>>> sites, pieces;
    for (std::size_t i = 0; i < r.sites.sites.size(); ++i) {
        const load::Site& site = r.sites.sites[i];
        const screen::SiteResult& res = r.result.sites[i];
        std::vector<std::string> reasons;
        for (const auto& reason : res.reasons) reasons.push_back(reason.text);
        sites.emplace_back(site.footprint(),
                           std::vector<io::OutValue>{site.id, site.name, site.category, std::string(load::site_kind_name(site.kind)),
                                                     site.area_m2, site.length_m, std::string(screen::verdict_name(res.verdict)),
                                                     std::string(screen::verdict_label(res.verdict)), join_reasons(reasons),
                                                     static_cast<long long>(res.hits.size()), static_cast<long long>(res.screened),
                                                     100.0 * res.coverage_share});
        for (const auto& h : res.hits) {
            if (!h.piece) continue;
            const load::Layer& layer = r.layers.layers[h.layer];
            const load::Feature& f = feature_of(r, h.layer, h.feature);
            pieces.emplace_back(h.piece.get(),
                                std::vector<io::OutValue>{site.id, layer.spec.id, std::string(catalog::role_name(layer.spec.role)),
                                                          f.code, f.name, f.zone, h.overlap_m2, h.overlap_len_m, h.overlap_ratio,
                                                          std::string(screen::verdict_name(h.verdict)), join_reasons(h.reasons)});
        }
    }
    std::vector<io::OutLayer> tables = tables_by_geometry("sites", site_fields, std::move(sites), true);
    std::vector<io::OutLayer> piece_tables = tables_by_geometry("overlaps", piece_fields, std::move(pieces), false);
    std::vector<io::OutStyle> styles;
    if (r.style) {
        for (const auto& t : tables) {
            if (t.geometry == io::OutGeometry::none) continue;
            const Symbol sym = symbol_of(t);
            styles.push_back({t.name, "ecozone verdicts", sites_qml(*r.style, sym), sites_sld(*r.style, t.name, sym)});
        }
        for (const auto& t : piece_tables) {
            const Symbol sym = symbol_of(t);
            styles.push_back({t.name, "ecozone roles", zoning_qml(*r.style, sym), overlaps_sld(*r.style, t.name, sym)});
        }
    }
    for (auto& t : piece_tables) tables.push_back(std::move(t));
    io::write_gpkg(path.string(), r.layers.working_crs, tables, styles, label);
}

void write_screening_xlsx(const ScreeningReport& r, const std::filesystem::path& path, const std::string& label,
                          const std::string& date) {
    using K = XlsxColumn::Kind;
    XlsxBook book(path, label, date, "项目选址生态环境分区管控符合性分析");
    // One row per site: what it is, the verdict and why, its size, and how far each layer is.
    std::vector<XlsxColumn> cols = {
        {"编号", "site_id", K::text, 0, 12},         {"项目名称", "site_name", K::text, 0, 28},
        {"类别", "category", K::text, 0, 10},        {"形态", "geometry_type", K::text, 0, 9},
        {"结论", "verdict_label", K::text, 0, 8},     {"结论（英文）", "verdict", K::text, 0, 11},
        {"主要原因", "main_reason", K::text, 0, 60},  {"依据", "main_reason_source", K::text, 0, 36},
        {"面积 (m²)", "area_m2", K::number, 2, 14},
        {"面积 (公顷)", "area_ha", K::number, 4, 12}, {"面积 (亩)", "area_mu", K::number, 2, 12},
        {"长度 (m)", "length_m", K::number, 2, 12},   {"已筛查", "screened", K::text, 0, 7},
        {"数据覆盖 (%)", "coverage_pct", K::number, 2, 11}};
    for (const auto& l : r.layers.layers) {
        cols.push_back({"距" + l.spec.title + " (m)", "nearest_m:" + l.spec.id, K::number, 1, 14});
    }
    XlsxBook::Sheet& sites = book.add_sheet("项目 Sites", cols);
    for (std::size_t i = 0; i < r.sites.sites.size(); ++i) {
        const load::Site& site = r.sites.sites[i];
        const screen::SiteResult& res = r.result.sites[i];
        sites.row();
        sites.text(site.id);
        sites.text(site.name);
        sites.text(site.category);
        sites.text(std::string(load::site_kind_name(site.kind)));
        sites.text(std::string(screen::verdict_label(res.verdict)));
        sites.text(std::string(screen::verdict_name(res.verdict)));
        sites.text(res.reasons.empty() ? "未触及敏感区域" : res.reasons.front().text);
        sites.text(res.reasons.empty() ? "" : res.reasons.front().source);
        const bool area = res.screened && site.kind != load::SiteKind::line;
        sites.number(area ? site.area_m2 : NAN);
        sites.number(area ? units::ha(site.area_m2) : NAN);
        sites.number(area ? units::mu(site.area_m2) : NAN);
        sites.number(res.screened && site.kind == load::SiteKind::line ? site.length_m : NAN);
        sites.text(res.screened ? "是" : "否");
        sites.number(100.0 * res.coverage_share);
        for (std::size_t l = 0; l < r.layers.layers.size(); ++l) {
            // Empty: nothing of the layer within the search distance, or the site was not screened.
            sites.number(res.screened && l < res.nearest.size() && res.nearest[l] ? res.nearest[l]->distance_m : NAN);
        }
    }
    // One row per site and hit.
    XlsxBook::Sheet& hits = book.add_sheet("占用与邻近 Hits", {
        {"编号", "site_id", K::text, 0, 12},           {"项目名称", "site_name", K::text, 0, 24},
        {"项目结论", "site_verdict", K::text, 0, 11},   {"图层", "layer", K::text, 0, 18},
        {"图层类型", "role", K::text, 0, 16},           {"要素编码", "feature_code", K::text, 0, 18},
        {"要素名称", "feature_name", K::text, 0, 24},   {"分区", "zone", K::text, 0, 12},
        {"占用", "overlaps", K::text, 0, 6},            {"占用面积 (m²)", "overlap_m2", K::number, 2, 14},
        {"占用面积 (公顷)", "overlap_ha", K::number, 4, 13}, {"占用面积 (亩)", "overlap_mu", K::number, 2, 13},
        {"占用长度 (m)", "overlap_len_m", K::number, 2, 13}, {"占比", "overlap_ratio", K::percent, 2, 10},
        {"距离 (m)", "distance_m", K::number, 1, 11},   {"结论", "hit_verdict", K::text, 0, 11},
        {"原因", "hit_reason", K::text, 0, 60}});
    for (std::size_t i = 0; i < r.sites.sites.size(); ++i) {
        const load::Site& site = r.sites.sites[i];
        const screen::SiteResult& res = r.result.sites[i];
        for (const auto& h : res.hits) {
            const load::Layer& layer = r.layers.layers[h.layer];
            const load::Feature& f = feature_of(r, h.layer, h.feature);
            hits.row();
            hits.text(site.id);
            hits.text(site.name);
            hits.text(std::string(screen::verdict_name(res.verdict)));
            hits.text(layer.spec.title.empty() ? layer.spec.id : layer.spec.title);
            hits.text(std::string(catalog::role_name(layer.spec.role)));
            hits.text(f.code);
            hits.text(f.name);
            hits.text(f.zone);
            hits.text(h.overlaps ? "是" : "否");
            hits.number(h.overlaps ? h.overlap_m2 : NAN);
            hits.number(h.overlaps ? units::ha(h.overlap_m2) : NAN);
            hits.number(h.overlaps ? units::mu(h.overlap_m2) : NAN);
            hits.number(h.overlaps && h.overlap_len_m > 0 ? h.overlap_len_m : NAN);
            hits.number(h.overlaps ? h.overlap_ratio : NAN);
            hits.number(h.distance_m);
            hits.text(std::string(screen::verdict_name(h.verdict)));
            hits.text(join_reasons(h.reasons));
        }
    }
    book.add_notes("说明 About", {
        {"分区管控数据 Zoning data", r.catalog.name},
        {"数据版本 Edition", r.catalog.version.empty() ? "未注明 (not stated)" : r.catalog.version},
        {"数据日期 Data date", r.catalog.date.empty() ? "未注明 (not stated)" : r.catalog.date},
        {"规则 Rules", r.rules.name + " " + r.rules.version},
        {"项目文件 Sites", r.sites.source + " (" + r.sites.format + ", " + r.sites.source_crs + ")"},
        {"编制单位 Prepared by", r.catalog.producer},
        {"日期 Date", date},
        {"计算方法 Method", "面积、长度、距离均在椭球面上计算（" + r.layers.working_crs_label +
                                "）。1 公顷 = 15 亩，1 亩 = 666.67 m²。占比 overlap_ratio = 占用面积（或长度）/ 项目面积（或长度），"
                                "为 0–1 的比值，此处按百分比显示；screening.json 与 screening.csv 中为同一比值。"},
        {"距离 Distances", "各图层最近要素的距离，检索范围 " + text::thousands(r.result.search_m, 0) + " m；空白表示范围内没有。"},
        {"工具 Tool", std::string("ecozone ") + ecozone::version}});
    book.close();
}

std::vector<std::filesystem::path> write_screening(const ScreeningReport& r, const std::filesystem::path& dir,
                                                   const std::set<std::string>& formats) {
    // Every output is refused before any is written when it would replace an input, and all are moved
    // into place only when all were written.
    OutputBatch batch(dir);
    auto add = [&](const char* format, const char* name) { return formats.count(format) ? &batch.add(name) : nullptr; };
    const std::filesystem::path* json_tmp = add("json", "screening.json");
    const std::filesystem::path* csv_tmp = add("csv", "screening.csv");
    const std::filesystem::path* gpkg_tmp = add("gpkg", "screening.gpkg");
    const std::filesystem::path* html_tmp = add("html", "report.html");
    const std::filesystem::path* xlsx_tmp = add("xlsx", "screening.xlsx");
    const std::filesystem::path* kml_tmp = add("kml", "screening.kml");
    const std::filesystem::path* pdf_tmp = add("pdf", "report.pdf");
    if (json_tmp) write_stream(*json_tmp, [&](std::ostream& out) { write_screening_json(r, out); }, (dir / "screening.json").string());
    if (csv_tmp) write_stream(*csv_tmp, [&](std::ostream& out) { write_screening_csv(r, out); }, (dir / "screening.csv").string());
    if (gpkg_tmp) write_screening_gpkg(r, *gpkg_tmp, (dir / "screening.gpkg").string());
    const std::string date = production_date();
    if (xlsx_tmp) write_screening_xlsx(r, *xlsx_tmp, (dir / "screening.xlsx").string(), date);
    if (kml_tmp) write_bytes(*kml_tmp, screening_kml(r), (dir / "screening.kml").string());
    if (pdf_tmp) write_bytes(*pdf_tmp, screening_pdf(r, date), (dir / "report.pdf").string());
    if (html_tmp) {
        const ReportMaps maps = draw_report_maps(r, batch, date);
        write_bytes(*html_tmp, screening_html(r, maps, date), (dir / "report.html").string());
    }
    return batch.commit();
}

}  // namespace ecozone::report
