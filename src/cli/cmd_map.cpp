#include "cli/cmd_map.hpp"

#include <iostream>

#include "catalog/catalog.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/suggest.hpp"
#include "load/load_layers.hpp"
#include "render/map.hpp"
#include "render/style.hpp"
#include "report/map_scene.hpp"
#include "stats/indicators.hpp"

namespace ecozone::cli {

void MapCommand::configure(CLI::App& app) {
    app.add_option("--catalog", m_catalog, tr("Layer catalog (TOML)"))->required();
    app.add_option("--style", m_style, tr("Map style (TOML); default styles/default.toml"));
    m_cache.add_to(app);
    auto* zone = app.add_option("--zone", m_request.zone, tr("Map one zone, by name or code (a county, or a city = group)"));
    app.add_option("--bbox", m_request.bbox, tr("Map a box: W,S,E,N in degrees"))->excludes(zone);
    app.add_option("--stats", m_request.stats, tr("stats.json from `ecozone stats`: draw a choropleth of --indicator"));
    app.add_option("--indicator", m_request.indicator,
                   tr("Indicator for the choropleth: {1}", text::join(stats::indicator_names(/*for_targets=*/false))))
        ->check([](const std::string& v) {
            return stats::is_indicator(v, false) ? std::string{}
                                                 : tr("'{1}' is no indicator.{2}",
                                                      v, text::did_you_mean(v, stats::indicator_names(false)));
        });
    app.add_option("--diff", m_request.diff, tr("diff.json from `ecozone diff`: draw the areas gained and lost (from diff.gpkg beside it)"));
    app.add_option("--diff-layer", m_request.diff_layer, tr("With --diff: only this layer's changes (e.g. redline)"));
    app.add_option("--change", m_request.change, tr("change.json from `ecozone change`: draw the change of --change-indicator"));
    app.add_flag("--change-cells", m_request.change_cells,
                 tr("With --change and --zone: draw the cells that changed (forest gained, lost, other) instead of the choropleth"));
    app.add_option("--change-indicator", m_request.change_indicator,
                   tr("What the change map shows: forest_change_pp (default) or green_change_pp"))
        ->check(CLI::IsMember({"forest_change_pp", "green_change_pp"}));
    app.add_option("--screening", m_request.screening, tr("screening.json from `ecozone screen` (screening.gpkg beside it)"));
    app.add_option("--site", m_request.site, tr("Site id to map from --screening"));
    app.add_option("--title", m_request.title, tr("Map title"));
    app.add_option("--size", m_size, tr("Page: A4, A3, A4-portrait, A3-portrait or WxHmm (default A4 landscape)"));
    app.add_option("--dpi", m_dpi, tr("Resolution of PNG output (default 200)"))->check(finite_range(50, 1200, "dpi"));
    app.add_option("--out", m_out, tr("Output file: .png, .svg or .pdf"))->required();
}

int MapCommand::run() {
    const auto format = render::format_from_path(m_out);
    if (!format) {
        throw Error({m_out}, tr("the map must be a .png, .svg or .pdf file."), tr("Choose an --out name ending in .png, .svg or .pdf."),
                    ErrorKind::usage);
    }
    auto page = render::parse_page_size(m_size);
    if (!page) {
        throw Error({}, tr("--size '{1}' is not a page size.",
                           m_size), tr("Use A4, A3, A4-portrait, A3-portrait or WxHmm (e.g. 400x300mm)."),
                    ErrorKind::usage);
    }
    page->dpi = m_dpi;
    if (*format == render::Format::png) render::check_png_size(*page);
    const catalog::Catalog cat = catalog::load_catalog(m_catalog);
    const render::Style style = render::load_style(m_style);
    Diagnostics diagnostics;
    const load::LayerSet layers = m_cache.load_layers(name(), cat, diagnostics, tr("no map was drawn"));

    const report::MapScene scene = report::build_map_scene(m_request, cat, layers, style, diagnostics, m_cache.get());

    AtomicFile file(m_out);
    const render::MapInfo info = render::render_map(scene.input, *page, *format, file.temp_path().string(), m_out);
    file.commit();
    m_cache.report(diagnostics);
    print_diagnostics(name(), diagnostics);
    std::cout << tr("wrote {1} ({2} × {3} mm, scale {4}, {5} legend entries)", m_out, text::thousands(page->width_mm, 0),
                    text::thousands(page->height_mm, 0), render::scale_label(info.scale_denominator), info.legend.size())
              << "\n";
    return exit_ok;
}

}  // namespace ecozone::cli
