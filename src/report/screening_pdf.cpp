// report.pdf: the screening report as a print-ready A4 document — the one a consultant attaches to an
// environmental impact or planning report. Same content as report.html, maps drawn as vectors.

#include "core/clock.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/units.hpp"
#include "core/version.hpp"
#include "render/document.hpp"
#include "render/scene.hpp"
#include "report/screening_report.hpp"

namespace ecozone::report {

namespace {

std::string verdict_text(screen::Verdict v) {
    return std::string(screen::verdict_label(v)) + " " + std::string(screen::verdict_name(v));
}

std::string size_text(const load::Site& s, const screen::SiteResult& res) {
    if (!res.screened) return "—";
    if (s.kind == load::SiteKind::line) return text::thousands(s.length_m, 1) + " m";
    return text::thousands(units::mu(s.area_m2), 2) + " 亩";
}

}  // namespace

std::string screening_pdf(const ScreeningReport& r, const std::string& date) {
    const std::string title = "项目选址生态环境分区管控符合性分析报告";
    render::Style fallback;
    const render::Style& style = r.style ? *r.style : fallback;
    render::PdfDocument doc(title + " · " + r.catalog.name, date, style);

    doc.heading(title, 1);
    doc.paragraph("Siting screening against ecological zoning", 9, false, nullptr);
    doc.space(2);
    doc.key_values({
        {"项目文件 Sites", r.sites.source + "（" + r.sites.format + "，" + r.sites.source_crs + "）"},
        {"分区管控数据 Zoning data", r.catalog.name},
        {"数据版本 Edition", r.catalog.version.empty() ? "未注明 (not stated)" : r.catalog.version},
        {"数据日期 Data date", r.catalog.date.empty() ? "未注明 (not stated)" : r.catalog.date},
        {"规则 Rules", r.rules.name + " " + r.rules.version + (r.rules.basis.empty() ? "" : "；依据：" + r.rules.basis)},
        {"编制单位 Prepared by", r.catalog.producer.empty() ? "未注明 (not stated)" : r.catalog.producer},
        {"报告日期 Date", chinese_date(date)},
        {"计算方法 Method", "面积、长度、距离均在椭球面上计算（" + r.layers.working_crs_label + "）；距离检索范围 " +
                                text::thousands(r.result.search_m, 0) + " m。1 公顷 = 15 亩，1 亩 = 666.67 m²。"},
        {"工具 Tool", std::string("ecozone ") + ecozone::version}});

    doc.heading("汇总 Summary", 2);
    std::string counts;
    for (auto v : {screen::Verdict::prohibited, screen::Verdict::restricted, screen::Verdict::review, screen::Verdict::clear}) {
        const auto it = r.result.counts.find(v);
        counts += (counts.empty() ? "" : "；") + verdict_text(v) + " " + std::to_string(it == r.result.counts.end() ? 0 : it->second) + " 项";
    }
    doc.paragraph("共 " + std::to_string(r.sites.sites.size()) + " 个项目：" + counts + "。", 9.5, true);
    render::MapInput base;
    base.catalog = &r.catalog;
    base.layers = &r.layers;
    base.style = &style;
    if (r.zones) base.zones = render::map_zones(*r.zones);
    base.date = date;
    if (const auto overview = render::sites_overview_input(base, r.sites, r.result)) doc.map(*overview, 174, 121);
    render::DocTable summary;
    summary.columns = {{"编号", 16}, {"项目名称", 38}, {"类别", 16}, {"面积 / 长度", 22, true}, {"结论", 24}, {"主要原因", 58}};
    for (std::size_t i = 0; i < r.sites.sites.size(); ++i) {
        const auto& s = r.sites.sites[i];
        const auto& res = r.result.sites[i];
        summary.rows.push_back({s.id, s.name, s.category, size_text(s, res), verdict_text(res.verdict),
                                res.reasons.empty() ? "未触及敏感区域" : res.reasons.front().text});
    }
    doc.table(summary);
    const auto notes = r.diagnostics.all();
    if (!notes.empty()) {
        doc.heading("数据提示 Data notes", 2);
        for (const auto& d : notes) doc.paragraph(d.text(), 8);
    }

    for (std::size_t i = 0; i < r.sites.sites.size(); ++i) {
        const auto& s = r.sites.sites[i];
        const auto& res = r.result.sites[i];
        if (r.map_progress) r.map_progress(tr_noop("report.pdf"), i + 1, r.sites.sites.size());
        doc.page_break();
        doc.heading(s.id + " " + s.name + "：" + verdict_text(res.verdict), 2);
        std::string meta = "类别 " + (s.category.empty() ? std::string("未注明") : s.category) + "；形态 " +
                           (res.screened ? std::string(load::site_kind_name(s.kind)) : std::string("未筛查（图形无法使用）"));
        if (res.screened && s.kind != load::SiteKind::line && s.area_m2 > 0) {
            meta += "；面积 " + text::thousands(s.area_m2, 1) + " m² = " + text::thousands(units::ha(s.area_m2), 4) + " ha = " +
                    text::thousands(units::mu(s.area_m2), 2) + " 亩";
        }
        if (s.buffer_m > 0) meta += "（点位按半径 " + text::thousands(s.buffer_m, 0) + " m 的占地圆计算）";
        if (res.screened && s.kind == load::SiteKind::line) meta += "；长度 " + text::thousands(s.length_m, 1) + " m";
        doc.paragraph(meta + "；来源 " + s.origin + "。", 8.5);
        if (res.screened && s.footprint()) doc.map(render::site_map_input(base, s, res), 174, 116);
        if (res.reasons.empty()) {
            doc.paragraph("未占用、未邻近规则所列的生态敏感区域。Touches nothing the rules list as sensitive.", 9);
        }
        for (const auto& reason : res.reasons) {
            doc.paragraph("【" + verdict_text(reason.verdict) + "】" + reason.text +
                              (reason.text_en.empty() ? "" : "（" + reason.text_en + "）"),
                          9);
            const render::Color grey{0.35, 0.35, 0.35, 1, false};
            doc.paragraph("依据：" + (reason.source.empty() ? std::string("规则文件未注明") : reason.source.str()), 7.5, false, &grey);
        }
        if (!res.hits.empty()) {
            render::DocTable hits;
            hits.columns = {{"图层", 24}, {"要素", 44}, {"分区", 18}, {"占用面积 m²", 22, true}, {"亩", 14, true},
                            {"占用长度 m", 18, true}, {"占比", 14, true}, {"距离 m", 14, true}, {"结论", 20}};
            for (const auto& h : res.hits) {
                const auto& layer = r.layers.layers[h.layer];
                const auto& f = layer.features[h.feature];
                hits.rows.push_back({layer.spec.title, f.code + " " + f.name, f.zone,
                                     h.overlap_m2 > 0 ? text::thousands(h.overlap_m2, 1) : "—",
                                     h.overlap_m2 > 0 ? text::thousands(units::mu(h.overlap_m2), 2) : "—",
                                     h.overlap_len_m > 0 ? text::thousands(h.overlap_len_m, 1) : "—",
                                     h.overlaps ? text::thousands(h.overlap_ratio * 100, 2) + " %" : "—",
                                     text::thousands(h.distance_m, 1), verdict_text(h.verdict)});
            }
            doc.table(hits);
        }
        if (!res.screened) {
            doc.paragraph("未筛查：" + s.problem + "；未计算与各图层的距离。Not screened: no distances were measured.", 9);
            continue;
        }
        render::DocTable nearest;
        nearest.columns = {{"图层", 40}, {"最近要素", 100}, {"距离 (m)", 34, true}};
        for (std::size_t l = 0; l < r.layers.layers.size(); ++l) {
            const auto& layer = r.layers.layers[l];
            if (l < res.nearest.size() && res.nearest[l]) {
                const auto& f = layer.features[res.nearest[l]->feature];
                nearest.rows.push_back({layer.spec.title, f.code + " " + f.name, text::thousands(res.nearest[l]->distance_m, 1)});
            } else {
                nearest.rows.push_back({layer.spec.title, text::thousands(r.result.search_m, 0) + " m 范围内无", "—"});
            }
        }
        doc.table(nearest);
        for (const auto& u : res.units) {
            const auto& f = r.layers.layers[u.layer].features[u.feature];
            doc.paragraph("环境管控单元 " + f.code + " " + f.name + "（" + f.zone + "，占项目 " + text::thousands(u.share * 100, 2) + " %）",
                          9, true);
            if (u.requirements) {
                for (const auto& [dim, req] : *u.requirements) doc.paragraph(dim + "：" + req, 8.5);
            }
        }
    }
    doc.space(4);
    const render::Color grey{0.35, 0.35, 0.35, 1, false};
    doc.paragraph("本报告由 ecozone " + std::string(ecozone::version) +
                      " 自动生成，结论依据所列规则与数据版本，供选址研判参考，不替代主管部门审查意见。",
                  8, false, &grey);
    return doc.finish();
}

}  // namespace ecozone::report
