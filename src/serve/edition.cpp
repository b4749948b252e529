#include "serve/edition.hpp"

#include "core/clock.hpp"
#include "core/i18n.hpp"

namespace ecozone::serve {

nlohmann::ordered_json Edition::describe() const {
    return {{"catalog", catalog.name},
            {"version", catalog.version},
            {"date", catalog.date},
            {"edition", number},
            {"loaded", loaded_at}};
}

std::string Edition::label() const {
    std::string out = catalog.name;
    if (!catalog.version.empty()) out += " " + catalog.version;
    if (!catalog.date.empty()) out += " " + tr("(data date {1})", catalog.date);
    return out + ", " + tr("edition {1}", number);
}

std::shared_ptr<const Edition> load_edition(const std::filesystem::path& path, const load::LayerCache* cache,
                                            int number) {
    auto e = std::make_shared<Edition>();
    e->number = number;
    e->loaded_at = utc_timestamp();
    e->catalog = catalog::load_catalog(path);
    if (e->catalog.layers.empty()) {
        throw Error({e->catalog.path.string()}, tr("the catalog lists no zoning layers, so there is nothing to screen sites against."),
                    tr("Add [[layers]] sections (生态保护红线, 永久基本农田, 环境管控单元 …) with id, role and source."));
    }
    load::LoadOptions options;
    options.compute_union_area = false;
    options.measure_features = false;
    options.cache = cache;
    e->layers = load::load_layers(e->catalog, e->diagnostics, options);
    load::require_all_loaded(e->layers);
    e->rules = screen::load_rules(e->catalog.rules);
    e->landcover = screen::open_site_landcover(e->catalog);
    e->access = load::load_access_lists(e->catalog, e->diagnostics);
    Diagnostics quiet;  // the zones' own load messages are not about screening
    e->zones = load::load_catalog_zones(e->catalog, e->layers, quiet, cache);
    e->style = render::load_style({});
    e->index = std::make_unique<index::LayerIndex>(e->layers, 256, /*meridian_cuts_only=*/false, cache);
    for (const auto& layer : e->layers.layers) {
        auto& envs = e->envelopes.emplace_back();
        envs.reserve(layer.features.size());
        for (const auto& f : layer.features) envs.push_back(geom::envelope(f.geom.get()));
    }
    for (const auto& z : e->zones.features) {
        e->zone_envelopes.push_back(geom::envelope(z.geom.get()));
        e->zone_lines.emplace_back(GEOSBoundary_r(geom::geos(), z.geom.get()));
    }
    return e;
}

}  // namespace ecozone::serve
