#include "report/map_scene.hpp"

#include <algorithm>
#include <filesystem>

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/suggest.hpp"
#include "io/vector_source.hpp"
#include "render/scene.hpp"
#include "report/change_cells.hpp"
#include "report/result_files.hpp"
#include "screen/rules.hpp"
#include "stats/indicators.hpp"
#include "stats/stats.hpp"

namespace ecozone::report {

namespace fs = std::filesystem;

namespace {

// The features of the `kind` tables of a screening.gpkg (sites_polygon, sites_line, …) that belong to
// `site_id`, picked by comparing the site_id attribute (never by SQL built from the id), with the
// value of `field` of each.
struct SiteFeatures {
    load::LoadedSource source;
    std::vector<std::string> field_values;
};

SiteFeatures features_of_site(const fs::path& gpkg, const std::string& kind, const std::string& site_id,
                              const std::string& field, const load::LayerSet& layers, Diagnostics& diagnostics) {
    SiteFeatures out;
    bool any = false;
    for (const std::string& table : io::list_layers(gpkg.string())) {
        if (!table.starts_with(kind + "_") || table == kind + "_no_geometry") continue;
        any = true;
        load::SourceRequest r;
        r.source = gpkg.string();
        r.as_written = gpkg.string();
        r.layer = table;
        load::LoadedSource src = load::load_source(r, layers.working_crs, layers.ellipsoid, diagnostics);
        const auto id_field = std::find(src.fields.begin(), src.fields.end(), "site_id");
        const auto value_field = std::find(src.fields.begin(), src.fields.end(), field);
        if (id_field == src.fields.end() || value_field == src.fields.end()) {
            throw Error({gpkg.string()}, tr("table '{1}' has no site_id or {2} field: it is not a screening.gpkg from this version of "
                                            "`ecozone screen`.", table, field),
                        tr("Run `ecozone screen` again to make a new one."));
        }
        const auto k = static_cast<std::size_t>(id_field - src.fields.begin());
        const auto v = static_cast<std::size_t>(value_field - src.fields.begin());
        for (std::size_t i = 0; i < src.features.size(); ++i) {
            if (src.values[i][k] != site_id) continue;
            out.field_values.push_back(src.values[i][v]);
            out.source.features.push_back(std::move(src.features[i]));
            out.source.values.push_back(std::move(src.values[i]));
        }
    }
    if (!any && kind == "sites") {
        throw Error({gpkg.string()}, tr("has no sites_polygon, sites_line or sites_point table: it is not a screening.gpkg from "
                                        "this version of `ecozone screen`."),
                    tr("Run `ecozone screen` again to make a new one."));
    }
    return out;
}

// The screened site `site_id` of `screening_json`; throws a usage Error naming the nearest id.
ScreenedSite find_site(const std::string& screening_json, const std::string& site_id) {
    const std::vector<ScreenedSite> screened = read_screening_sites(screening_json);
    std::vector<std::string> ids;
    for (const auto& s : screened) {
        if (s.id == site_id) return s;
        ids.push_back(s.id);
    }
    const std::vector<std::string> first(ids.begin(), ids.begin() + std::min<std::size_t>(ids.size(), 12));
    throw Error({screening_json}, tr("has no site '{1}'.{2}", site_id, text::did_you_mean(site_id, ids)),
                tr("Site ids in this file: {1}…", text::join(first)), ErrorKind::usage);
}

}  // namespace

MapScene build_map_scene(const MapRequest& req, const catalog::Catalog& cat, const load::LayerSet& layers,
                         const render::Style& style, Diagnostics& diagnostics, const load::LayerCache* cache) {
    MapScene scene;
    render::MapInput& in = scene.input;
    in.catalog = &cat;
    in.layers = &layers;
    in.style = &style;
    in.date = production_date();
    scene.zones = load::load_catalog_zones(cat, layers, diagnostics, cache);
    in.zones = render::map_zones(scene.zones.features);
    if (!req.zone.empty()) in.view = render::zone_view(in.zones, req.zone);
    if (!req.bbox.empty()) in.view = render::parse_bbox(req.bbox);
    std::string title = req.title;

    if (!req.change.empty() && !req.stats.empty()) {
        throw Error({}, tr("--change and --stats each draw a choropleth; give one of them."), {}, ErrorKind::usage);
    }
    if (!req.stats.empty()) {
        IndicatorValues v = read_stats_indicator(req.stats, req.indicator);
        if (v.values.empty()) {
            throw Error({req.stats}, tr("has no values of '{1}' for any zone.", req.indicator),
                        tr("Indicators: {1}.", text::join(stats::indicator_names(false))), ErrorKind::usage);
        }
        render::Choropleth c = render::make_choropleth(req.indicator, std::move(v.values));
        auto marks = [](const std::vector<TargetCheck>& checks) {
            std::vector<render::TargetMark> out;
            for (const auto& t : checks) out.push_back({t.label, t.met, t.source});
            return out;
        };
        for (const auto& [id, checks] : v.zone_targets) c.zone_targets[id] = marks(checks);
        for (const auto& g : v.groups) c.groups.push_back({g.name, g.value, marks(g.targets)});
        in.choropleth = std::move(c);
        in.draw_layers = false;
        if (title.empty()) title = render::choropleth_title(req.zone, *in.choropleth);
    }

    if (req.change_cells && req.change.empty()) {
        throw Error({}, tr("--change-cells draws the cells a change.json measured; give --change change.json too."), {},
                    ErrorKind::usage);
    }
    if (req.change_cells) {
        if (in.view.empty) {
            throw Error({}, tr("--change-cells needs --zone (a county) or --bbox: the cells are drawn for one area."),
                        tr("e.g. --zone 游仙区"), ErrorKind::usage);
        }
        const ChangeYears years = read_change_years(req.change);
        auto open = [&](int year, const std::string& path) {
            if (year && cat.landcover) {
                for (const auto& e : cat.landcover->years())
                    if (e.year == year) return stats::open_landcover_raster(cat, e.source, e.nodata, e.crs, Where{cat.path.string(), e.line});
            }
            // A raster given as a file to `ecozone change`: as it was named there.
            return stats::open_landcover_raster(cat, path, cat.landcover ? cat.landcover->nodata : std::nullopt,
                                                cat.landcover ? cat.landcover->crs : "", Where{req.change});
        };
        const auto before = open(years.before_year, years.before_path);
        const auto after = open(years.after_year, years.after_path);
        ChangeCells cells = change_cells(*before, *after, in.view, years.forest_classes, 25'000'000);
        const std::string span = years.before_year && years.after_year
                                     ? std::to_string(years.before_year) + "—" + std::to_string(years.after_year) + "年"
                                     : std::string("两期");
        auto cell_style = [](const char* hex, std::string legend) {
            render::LayerStyle ls;
            ls.fill = *render::parse_color(hex);
            ls.opacity = 1;
            ls.legend = std::move(legend);
            return ls;
        };
        // Losses brown, gains green (as the change choropleth), other changes grey underneath.
        const std::pair<std::vector<geom::GeomPtr>*, render::LayerStyle> kinds[] = {
            {&cells.other, cell_style("#bdbdbd", "其他地类变化")},
            {&cells.forest_lost, cell_style("#a6611a", "森林减少（" + span + "）")},
            {&cells.forest_gained, cell_style("#018571", "森林增加（" + span + "）")}};
        for (const auto& [geoms, ls] : kinds) {
            for (auto& g : *geoms) {
                in.patches.push_back({g.get(), ls});
                scene.cells.push_back(std::move(g));
            }
        }
        in.draw_layers = false;
        if (title.empty()) title = req.zone + "土地覆盖变化图（" + span + "）";
    } else if (!req.change.empty()) {
        std::map<std::string, double> values = read_change_indicator(req.change, req.change_indicator);
        if (values.empty()) {
            throw Error({req.change}, tr("has no values of '{1}' for any zone.", req.change_indicator),
                        tr("Use a change.json written by `ecozone change`."), ErrorKind::usage);
        }
        render::Choropleth c;
        c.indicator = req.change_indicator;
        const bool forest = req.change_indicator == "forest_change_pp";
        c.label = forest ? "森林覆盖率变化（百分点）" : "绿色空间占比变化（百分点）";
        c.unit = "";
        c.values = std::move(values);
        // Diverging: losses brown, gains green (ColorBrewer BrBG, as change.gpkg's style), breaks in points.
        c.classes = {-1e9, -2, -0.5, 0.5, 2, 1e9};
        for (const char* hex : {"#a6611a", "#dfc27d", "#f5f5f5", "#80cdc1", "#018571"}) c.palette.push_back(*render::parse_color(hex));
        in.choropleth = std::move(c);
        in.draw_layers = false;
        if (title.empty()) title = req.zone + (forest ? "森林覆盖率变化分布图" : "绿色空间占比变化分布图");
    }

    if (!req.screening.empty()) {
        if (req.site.empty()) throw Error({}, tr("--screening needs --site ID."), tr("Pass the id of the site to map."), ErrorKind::usage);
        const ScreenedSite site = find_site(req.screening, req.site);
        const fs::path gpkg = fs::path(req.screening).parent_path() / "screening.gpkg";
        std::error_code ec;
        if (!fs::exists(gpkg, ec)) {
            throw Error({gpkg.string()}, tr("is missing: the site's shape is read from the screening.gpkg beside screening.json."),
                        tr("Run `ecozone screen` with --format including gpkg."));
        }
        scene.site = features_of_site(gpkg, "sites", req.site, "verdict", layers, diagnostics).source;
        SiteFeatures overlaps = features_of_site(gpkg, "overlaps", req.site, "verdict", layers, diagnostics);
        scene.overlaps = std::move(overlaps.source);
        if (scene.site.features.empty()) {
            throw Error({gpkg.string()}, tr("has no shape for site '{1}' (it was not screened, or the file belongs to another run).", req.site),
                        tr("Check the site's status in screening.json."));
        }
        render::Highlight h;
        h.site = scene.site.features[0].geom.get();
        // Only overlaps that decide something are highlighted; a site merely inside a general control
        // unit is not shown as occupying sensitive land.
        for (std::size_t i = 0; i < scene.overlaps.features.size(); ++i) {
            const auto v = screen::verdict_from_name(overlaps.field_values[i]);
            if (v && *v != screen::Verdict::clear) h.overlaps.push_back({scene.overlaps.features[i].geom.get(), *v});
        }
        h.verdict = screen::verdict_from_name(site.verdict).value_or(screen::Verdict::clear);  // checked when read
        h.label = site.name;
        in.highlight = h;
        if (in.view.empty) in.view = render::site_view(geom::envelope(h.site));
        if (title.empty()) title = req.site + " " + h.label + "：" + site.verdict_label + "（" + site.verdict + "）";
    }
    if (!req.diff.empty()) {
        if (!req.screening.empty() || !req.stats.empty() || !req.change.empty()) {
            throw Error({}, tr("--diff draws the changes of a zoning edition; give it without --stats, --change or --screening."), {},
                        ErrorKind::usage);
        }
        const std::vector<DiffLayer> diff_layers = read_diff_layers(req.diff);
        std::vector<std::string> ids;
        const DiffLayer* only = nullptr;
        for (const auto& l : diff_layers) {
            ids.push_back(l.id);
            if (l.id == req.diff_layer) only = &l;
        }
        if (!req.diff_layer.empty() && !only) {
            throw Error({req.diff}, tr("has no layer '{1}'.{2}", req.diff_layer, text::did_you_mean(req.diff_layer, ids)),
                        tr("Layers in this file: {1}.", text::join(ids)), ErrorKind::usage);
        }
        const fs::path gpkg = fs::path(req.diff).parent_path() / "diff.gpkg";
        std::error_code ec;
        if (!fs::exists(gpkg, ec)) {
            throw Error({gpkg.string()}, tr("is missing: the pieces gained and lost are read from the diff.gpkg beside diff.json."),
                        tr("Run `ecozone diff` with --format including gpkg."));
        }
        load::SourceRequest r;
        r.source = gpkg.string();
        r.as_written = gpkg.string();
        r.layer = "changes";
        scene.changes = load::load_source(r, layers.working_crs, layers.ellipsoid, diagnostics);
        const auto field = [&](const char* name) {
            const auto it = std::find(scene.changes.fields.begin(), scene.changes.fields.end(), name);
            if (it == scene.changes.fields.end()) {
                throw Error({gpkg.string()}, tr("table 'changes' has no {1} field: it is not a diff.gpkg from this version of `ecozone diff`.", name),
                            tr("Run `ecozone diff` again to make a new one."));
            }
            return static_cast<std::size_t>(it - scene.changes.fields.begin());
        };
        const std::size_t layer_k = field("layer"), change_k = field("change");
        const std::string prefix = only ? only->title : "";
        render::LayerStyle gained, lost;
        // Strong colours with dark outlines, over the layers drawn as usual: 调入 green, 调出 red.
        gained.fill = *render::parse_color("#1a9641");
        gained.stroke = *render::parse_color("#00441b");
        lost.fill = *render::parse_color("#d7191c");
        lost.stroke = *render::parse_color("#67000d");
        for (auto* ls : {&gained, &lost}) {
            ls->opacity = 0.85;
            ls->stroke_width = 0.35;
        }
        gained.legend = prefix + "调入 / 新增";
        lost.legend = prefix + "调出 / 减少";
        geom::Envelope extent;
        for (std::size_t i = 0; i < scene.changes.features.size(); ++i) {
            const auto& values = scene.changes.values[i];
            if (only && values[layer_k] != only->id) continue;
            const GEOSGeometry* g = scene.changes.features[i].geom.get();
            if (!g) continue;
            in.patches.push_back({g, values[change_k] == "lost" ? lost : gained});
            extent.expand(geom::envelope(g));
        }
        // One layer's changes are drawn over that layer alone; a map of every change over all of them.
        if (only) in.only_layers = {only->id};
        if (in.view.empty && !extent.empty) {
            const double dx = std::max(0.02, (extent.max_x - extent.min_x) * 0.08), dy = std::max(0.02, (extent.max_y - extent.min_y) * 0.08);
            in.view = geom::Envelope{extent.min_x - dx, extent.min_y - dy, extent.max_x + dx, extent.max_y + dy, false};
        }
        if (in.patches.empty()) diagnostics.note({req.diff}, tr("nothing was gained or lost{1}, so the map shows the zoning only.",
                                                                only ? " (" + only->id + ")" : ""));
        if (title.empty()) title = req.zone + (only ? only->title : "分区管控") + "调整对比图";
    }
    in.title = title.empty() ? render::zoning_title(req.zone, cat) : title;
    return scene;
}

}  // namespace ecozone::report
