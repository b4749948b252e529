// report.html: one self-contained page a planner can attach to a report.

#include <algorithm>
#include <sstream>

#include "core/clock.hpp"

#include "core/escape.hpp"
#include "core/format.hpp"
#include "core/units.hpp"
#include "core/version.hpp"
#include "report/screening_report.hpp"

namespace ecozone::report {

namespace {

std::string esc(std::string_view s) { return text::xml_escape(s); }

std::string fmt(double v, int decimals) { return text::thousands(v, decimals); }


std::string badge(screen::Verdict v) {
    return "<span class=\"v v-" + std::string(screen::verdict_name(v)) + "\">" + std::string(screen::verdict_label(v)) +
           " " + std::string(screen::verdict_name(v)) + "</span>";
}

const char* k_style = R"(
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:1100px;color:#222;line-height:1.5;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:2em;border-bottom:2px solid #ddd;break-after:avoid}
h3{margin:.2em 0;break-after:avoid}table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:.92em}
th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f3f3f3}
thead{display:table-header-group}tr{break-inside:avoid}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.id,th.id{white-space:nowrap}
th.nw,td.nw{white-space:nowrap}.meta{color:#555;font-size:.9em}
.v{display:inline-block;padding:0 .5em;border-radius:3px;color:#fff;font-weight:bold;white-space:nowrap}
.v-prohibited{background:#c0392b}.v-restricted{background:#d35400}.v-review{background:#b7950b}.v-clear{background:#27ae60}
.card{border:1px solid #ccc;border-radius:6px;padding:.8em 1em;margin:1em 0}
.reasons li{margin:.2em 0}.req dt{font-weight:bold}.req dd{margin:0 0 .4em 1em}
.map{width:100%;max-width:760px;border:1px solid #ccc;margin:.4em 0;display:block}
.warn{background:#fff6e0;border-left:4px solid #e0a800;padding:.4em .8em;margin:.3em 0;font-size:.9em}
.tools{margin:.6em 0}.tools input,.tools select{font:inherit;padding:2px 6px;margin-right:.6em}
#sites td:nth-child(2){min-width:8em}#sites td:nth-child(3){white-space:nowrap}
#sites th.sort{cursor:pointer}#sites th.sort:after{content:" \2195";color:#999}
@page{size:A4;margin:14mm 12mm 16mm 12mm}
@media print{
 body{margin:0;max-width:none;padding:0;font-size:9.5pt}
 .tools,#sites th.sort:after{display:none}
 h2.sites{break-before:page}
 .card{break-inside:auto;border:none;border-top:2px solid #999;border-radius:0;padding:.4em 0;margin:0}
 .card+.card{break-before:page}
 .map{width:180mm;max-width:100%;break-inside:avoid}
 table{font-size:8.5pt}a{color:inherit;text-decoration:none}
}
)";

// Sorting and filtering of the summary table, on the page and offline.
const char* k_script = R"(
(function(){
var t=document.getElementById('sites');if(!t)return;var body=t.tBodies[0];
var q=document.getElementById('q'),fv=document.getElementById('fv'),count=document.getElementById('shown');
function apply(){var s=q.value.trim().toLowerCase(),v=fv.value,n=0;
 for(var r of body.rows){var ok=(!v||r.dataset.verdict===v)&&(!s||r.textContent.toLowerCase().indexOf(s)>=0);
  r.style.display=ok?'':'none';if(ok)n++;}
 count.textContent=n;}
q.addEventListener('input',apply);fv.addEventListener('change',apply);
var ths=t.tHead.rows[0].cells;
for(var i=0;i<ths.length;i++){(function(k){var th=ths[k];if(!th.classList.contains('sort'))return;
 th.addEventListener('click',function(){var asc=th.dataset.dir!=='asc';th.dataset.dir=asc?'asc':'desc';
  var rows=Array.prototype.slice.call(body.rows);
  rows.sort(function(a,b){var x=a.cells[k].dataset.key||a.cells[k].textContent,y=b.cells[k].dataset.key||b.cells[k].textContent;
   var nx=parseFloat(x),ny=parseFloat(y);var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y,'zh-CN',{numeric:true});
   return asc?c:-c;});
  rows.forEach(function(r){body.appendChild(r);});});})(i);}
apply();})();
)";

}  // namespace

std::string screening_html(const ScreeningReport& r, const ReportMaps& maps, const std::string& date) {
    std::ostringstream h;
    h << "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>项目选址生态环境分区管控符合性分析报告</title><style>"
      << k_style << "</style></head><body>\n";
    h << "<h1>项目选址生态环境分区管控符合性分析报告</h1>\n<p class=\"meta\">Siting screening against ecological zoning</p>\n";
    h << "<table><tr><th>分区管控数据 Zoning data</th><td>" << esc(r.catalog.name) << "</td></tr>"
      << "<tr><th>数据版本 Edition</th><td>" << esc(r.catalog.version.empty() ? "未注明 (not stated)" : r.catalog.version)
      << "</td></tr><tr><th>数据日期 Data date</th><td>" << esc(r.catalog.date.empty() ? "未注明 (not stated)" : r.catalog.date)
      << "</td></tr><tr><th>规则 Rules</th><td>" << esc(r.rules.name) << " " << esc(r.rules.version)
      << "</td></tr><tr><th>项目文件 Sites</th><td>" << esc(r.sites.source) << " (" << esc(r.sites.format) << ", "
      << esc(r.sites.source_crs) << ")</td></tr><tr><th>计算方法 Method</th><td>面积、长度、距离均在椭球面上计算（"
      << esc(r.layers.working_crs_label) << "）；距离检索范围 " << fmt(r.result.search_m, 0)
      << " m。1 亩 = 666.67 m²。</td></tr>";
    if (!r.catalog.producer.empty()) h << "<tr><th>编制单位 Prepared by</th><td>" << esc(r.catalog.producer) << "</td></tr>";
    h << "<tr><th>报告日期 Date</th><td>" << esc(chinese_date(date)) << "</td></tr><tr><th>工具 Tool</th><td>ecozone "
      << ecozone::version << "</td></tr></table>\n";

    h << "<h2>汇总 Summary</h2>\n<p>";
    for (auto v : {screen::Verdict::prohibited, screen::Verdict::restricted, screen::Verdict::review, screen::Verdict::clear}) {
        auto it = r.result.counts.find(v);
        h << badge(v) << " " << (it == r.result.counts.end() ? 0 : it->second) << " &nbsp; ";
    }
    h << "</p>\n";
    if (!maps.overview_png.empty()) {
        h << "<img class=\"map\" alt=\"项目位置及筛查结论总图\" src=\"data:image/png;base64," << text::base64(maps.overview_png)
          << "\">\n";
    }
    h << "<div class=\"tools\"><input id=\"q\" type=\"search\" placeholder=\"筛选：编号、名称、原因 Filter\">"
      << "<select id=\"fv\"><option value=\"\">全部结论 All verdicts</option>";
    for (auto v : {screen::Verdict::prohibited, screen::Verdict::restricted, screen::Verdict::review, screen::Verdict::clear}) {
        h << "<option value=\"" << screen::verdict_name(v) << "\">" << screen::verdict_label(v) << " " << screen::verdict_name(v)
          << "</option>";
    }
    h << "</select>显示 <span id=\"shown\">" << r.sites.sites.size() << "</span> / " << r.sites.sites.size()
      << " 项（点击表头排序 Click a header to sort）</div>\n";
    h << "<table id=\"sites\"><thead><tr><th class=\"sort id\">编号</th><th class=\"sort\">项目名称</th><th class=\"sort\">类别</th>"
         "<th class=\"sort nw\">形态</th><th class=\"sort nw\">面积 (亩) / 长度 (m)</th><th class=\"sort nw\">结论</th>"
         "<th>主要原因</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < r.sites.sites.size(); ++i) {
        const auto& s = r.sites.sites[i];
        const auto& res = r.result.sites[i];
        const double size = s.kind == load::SiteKind::line ? s.length_m : units::mu(s.area_m2);
        h << "<tr data-verdict=\"" << screen::verdict_name(res.verdict) << "\"><td class=\"id\"><a href=\"#site-" << esc(s.id)
          << "\">" << esc(s.id) << "</a></td><td>" << esc(s.name) << "</td><td>" << esc(s.category) << "</td><td class=\"nw\">"
          << (res.screened ? std::string(load::site_kind_name(s.kind)) : "未筛查") << "</td><td class=\"n\" data-key=\""
          << (res.screened ? text::fixed(size, 2) : std::string("-1")) << "\">"
          << (!res.screened                    ? std::string("—")
              : s.kind == load::SiteKind::line ? fmt(s.length_m, 1) + " m"
                                               : fmt(units::mu(s.area_m2), 2))
          << "</td><td class=\"nw\" data-key=\"" << static_cast<int>(res.verdict) << "\">" << badge(res.verdict) << "</td><td>"
          << esc(res.reasons.empty() ? "未触及敏感区域" : res.reasons.front().text.str()) << "</td></tr>\n";
    }
    h << "</tbody></table>\n";

    const auto warnings = r.diagnostics.all();
    if (!warnings.empty()) {
        h << "<h2>数据提示 Data notes</h2>\n";
        for (const auto& d : warnings) h << "<div class=\"warn\">" << esc(d.text()) << "</div>\n";
    }

    h << "<h2 class=\"sites\">逐项分析 Per site</h2>\n";
    if (std::any_of(maps.files.begin(), maps.files.end(), [](const std::string& f) { return !f.empty(); })) {
        h << "<p class=\"meta\">" << r.sites.sites.size() << " 个项目的位置图较多，保存在本报告旁的 report_maps 文件夹中。"
          << "The site maps are files in report_maps/ beside this report.</p>\n";
    }
    for (std::size_t i = 0; i < r.sites.sites.size(); ++i) {
        const auto& s = r.sites.sites[i];
        const auto& res = r.result.sites[i];
        h << "<div class=\"card\" id=\"site-" << esc(s.id) << "\"><h3>" << esc(s.id) << " " << esc(s.name) << " "
          << badge(res.verdict) << "</h3>\n<p class=\"meta\">类别 " << esc(s.category.empty() ? "未注明" : s.category)
          << "；形态 " << (res.screened ? std::string(load::site_kind_name(s.kind)) : "未筛查（图形无法使用）");
        if (s.kind != load::SiteKind::line && s.area_m2 > 0) {
            h << "；面积 " << fmt(s.area_m2, 1) << " m² = " << fmt(units::ha(s.area_m2), 4) << " ha = "
              << fmt(units::mu(s.area_m2), 2) << " 亩";
        }
        if (s.buffer_m > 0) h << "（点位按半径 " << fmt(s.buffer_m, 0) << " m 的占地圆计算）";
        if (s.kind == load::SiteKind::line) h << "；长度 " << fmt(s.length_m, 1) << " m";
        h << "；来源 " << esc(s.origin) << "</p>\n";
        if (i < maps.embedded_png.size() && !maps.embedded_png[i].empty()) {
            h << "<img class=\"map\" alt=\"" << esc(s.id) << " 位置图\" src=\"data:image/png;base64," << text::base64(maps.embedded_png[i])
              << "\">\n";
        } else if (i < maps.files.size() && !maps.files[i].empty()) {
            h << "<a href=\"" << esc(maps.files[i]) << "\"><img class=\"map\" loading=\"lazy\" alt=\"" << esc(s.id) << " 位置图\" src=\""
              << esc(maps.files[i]) << "\"></a>\n";
        }
        if (!res.reasons.empty()) {
            h << "<ul class=\"reasons\">";
            for (const auto& reason : res.reasons) {
                h << "<li>" << badge(reason.verdict) << " " << esc(reason.text.str());
                if (!reason.text_en.empty()) h << " <span class=\"meta\">(" << esc(reason.text_en.str()) << ")</span>";
                h << "<br><span class=\"meta\">依据 Source: "
                  << esc(reason.source.empty() ? "规则文件未注明 (not stated in the rule file)" : reason.source.str()) << "</span>";
                h << "</li>";
            }
            h << "</ul>\n";
        } else {
            h << "<p>未占用、未邻近规则所列的生态敏感区域。Touches nothing the rules list as sensitive.</p>\n";
        }
        if (!res.hits.empty()) {
            h << "<table><thead><tr><th>图层</th><th>要素</th><th>分区</th><th class=\"nw\">占用面积 m²</th><th class=\"nw\">ha</th>"
                 "<th class=\"nw\">亩</th><th class=\"nw\">占用长度 m</th><th class=\"nw\">占比</th><th class=\"nw\">距离 m</th>"
                 "<th class=\"nw\">结论</th></tr></thead>\n";
            for (const auto& hit : res.hits) {
                const auto& layer = r.layers.layers[hit.layer];
                const auto& f = layer.features[hit.feature];
                h << "<tr><td class=\"nw\">" << esc(layer.spec.title) << "</td><td>" << esc(f.code) << " " << esc(f.name)
                  << "</td><td class=\"nw\">" << esc(f.zone) << "</td>";
                if (hit.overlap_m2 > 0) {
                    h << "<td class=\"n\">" << fmt(hit.overlap_m2, 1) << "</td><td class=\"n\">" << fmt(units::ha(hit.overlap_m2), 4)
                      << "</td><td class=\"n\">" << fmt(units::mu(hit.overlap_m2), 2) << "</td>";
                } else {
                    h << "<td class=\"n\">—</td><td class=\"n\">—</td><td class=\"n\">—</td>";
                }
                h << "<td class=\"n\">" << (hit.overlap_len_m > 0 ? fmt(hit.overlap_len_m, 1) : "—")
                  << "</td><td class=\"n\">" << (hit.overlaps ? fmt(hit.overlap_ratio * 100, 2) + " %" : "—")
                  << "</td><td class=\"n\">" << fmt(hit.distance_m, 1) << "</td><td>" << badge(hit.verdict) << "</td></tr>\n";
            }
            h << "</table>\n";
        }
        // A site that was not screened has no distances: nothing was measured, so nothing is listed.
        if (!res.screened) {
            h << "<p>未筛查：未计算与各图层的距离。Not screened: no distances were measured.</p>\n</div>\n";
            continue;
        }
        h << "<table><thead><tr><th>图层</th><th>最近要素</th><th class=\"nw\">距离 (m)</th></tr></thead>";
        for (std::size_t l = 0; l < r.layers.layers.size(); ++l) {
            const auto& layer = r.layers.layers[l];
            h << "<tr><td class=\"nw\">" << esc(layer.spec.title) << "</td>";
            if (res.nearest[l]) {
                const auto& f = layer.features[res.nearest[l]->feature];
                h << "<td>" << esc(f.code) << " " << esc(f.name) << "</td><td class=\"n\">" << fmt(res.nearest[l]->distance_m, 1)
                  << "</td>";
            } else {
                h << "<td colspan=\"2\">" << fmt(r.result.search_m, 0) << " m 范围内无</td>";
            }
            h << "</tr>";
        }
        h << "</table>\n";
        for (const auto& u : res.units) {
            const auto& f = r.layers.layers[u.layer].features[u.feature];
            h << "<p><b>环境管控单元</b> " << esc(f.code) << " " << esc(f.name) << "（" << esc(f.zone) << "，占项目 "
              << fmt(u.share * 100, 2) << " %）</p>";
            if (u.requirements) {
                h << "<dl class=\"req\">";
                for (const auto& [dim, text] : *u.requirements) h << "<dt>" << esc(dim) << "</dt><dd>" << esc(text) << "</dd>";
                h << "</dl>";
            }
        }
        h << "</div>\n";
    }
    h << "<p class=\"meta\">本报告由 ecozone " << ecozone::version
      << " 自动生成，结论依据所列规则与数据版本，供选址研判参考，不替代主管部门审查意见。</p>\n<script>" << k_script
      << "</script>\n</body></html>\n";
    return h.str();
}

}  // namespace ecozone::report
