#include "report/map_scene.hpp"

#include <algorithm>
#include <filesystem>

#include "core/error.hpp"
#include "core/format.hpp"
#include "core/suggest.hpp"
#include "render/scene.hpp"
#include "report/result_files.hpp"
#include "screen/rules.hpp"
#include "stats/indicators.hpp"

namespace ecozone::report {

namespace fs = std::filesystem;

namespace {

// The features of `layer` of a screening.gpkg that belong to `site_id`, picked by comparing the
// site_id attribute (never by SQL built from the id).
load::LoadedSource features_of_site(const fs::path& gpkg, const std::string& layer, const std::string& site_id,
                                    const load::LayerSet& layers, Diagnostics& diagnostics) {
    load::SourceRequest r;
    r.source = gpkg.string();
    r.as_written = gpkg.string();
    r.layer = layer;
    load::LoadedSource src = load::load_source(r, layers.working_crs, layers.ellipsoid, diagnostics);
    const auto field = std::find(src.fields.begin(), src.fields.end(), "site_id");
    if (field == src.fields.end()) {
        throw Error({gpkg.string()}, "layer '" + layer + "' has no site_id field: it is not a screening.gpkg from `ecozone screen`.",
                    "Run `ecozone screen` again to make a new one.");
    }
    const std::size_t k = static_cast<std::size_t>(field - src.fields.begin());
    load::LoadedSource out;
    for (std::size_t i = 0; i < src.features.size(); ++i) {
        if (src.values[i][k] != site_id) continue;
        out.features.push_back(std::move(src.features[i]));
        out.values.push_back(std::move(src.values[i]));
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
    throw Error({screening_json}, "has no site '" + site_id + "'." + text::did_you_mean(site_id, ids),
                "Site ids in this file: " + text::join(first) + "…", ErrorKind::usage);
}

}  // namespace

MapScene build_map_scene(const MapRequest& req, const catalog::Catalog& cat, const load::LayerSet& layers,
                         const render::Style& style, Diagnostics& diagnostics, const load::LayerCache* cache) {
    MapScene scene;
    render::MapInput& in = scene.input;
    in.catalog = &cat;
    in.layers = &layers;
    in.style = &style;
    scene.zones = load::load_catalog_zones(cat, layers, diagnostics, cache);
    in.zones = render::map_zones(scene.zones.features);
    if (!req.zone.empty()) in.view = render::zone_view(in.zones, req.zone);
    if (!req.bbox.empty()) in.view = render::parse_bbox(req.bbox);
    std::string title = req.title;

    if (!req.stats.empty()) {
        IndicatorValues v = read_stats_indicator(req.stats, req.indicator);
        if (v.values.empty()) {
            throw Error({req.stats}, "has no values of '" + req.indicator + "' for any zone.",
                        "Indicators: " + text::join(stats::indicator_names(false)) + ".", ErrorKind::usage);
        }
        in.choropleth = render::make_choropleth(req.indicator, std::move(v.values), std::move(v.target_met),
                                                std::move(v.target_label));
        in.draw_layers = false;
        if (title.empty()) title = render::choropleth_title(req.zone, *in.choropleth);
    }

    if (!req.screening.empty()) {
        if (req.site.empty()) throw Error({}, "--screening needs --site ID.", "Pass the id of the site to map.", ErrorKind::usage);
        const ScreenedSite site = find_site(req.screening, req.site);
        const fs::path gpkg = fs::path(req.screening).parent_path() / "screening.gpkg";
        std::error_code ec;
        if (!fs::exists(gpkg, ec)) {
            throw Error({gpkg.string()}, "is missing: the site's shape is read from the screening.gpkg beside screening.json.",
                        "Run `ecozone screen` with --format including gpkg.");
        }
        scene.site = features_of_site(gpkg, "sites", req.site, layers, diagnostics);
        scene.overlaps = features_of_site(gpkg, "overlaps", req.site, layers, diagnostics);
        if (scene.site.features.empty()) {
            throw Error({gpkg.string()}, "has no shape for site '" + req.site + "' (it was not screened, or the file belongs to another run).",
                        "Check the site's status in screening.json.");
        }
        render::Highlight h;
        h.site = scene.site.features[0].geom.get();
        for (const auto& f : scene.overlaps.features) h.overlaps.push_back(f.geom.get());
        h.verdict = screen::verdict_from_name(site.verdict).value_or(screen::Verdict::clear);  // checked when read
        h.label = site.name;
        in.highlight = h;
        if (in.view.empty) in.view = render::site_view(geom::envelope(h.site));
        if (title.empty()) title = req.site + " " + h.label + "：" + site.verdict_label + "（" + site.verdict + "）";
    }
    in.title = title.empty() ? render::zoning_title(req.zone, cat) : title;
    return scene;
}

}  // namespace ecozone::report
