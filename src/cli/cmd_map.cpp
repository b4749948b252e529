#include "cli/cmd_map.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "catalog/catalog.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/suggest.hpp"
#include "load/load_layers.hpp"
#include "render/map.hpp"
#include "render/style.hpp"
#include "report/result_files.hpp"
#include "report/style_export.hpp"
#include "screen/rules.hpp"
#include "stats/indicators.hpp"

namespace ecozone::cli {

namespace fs = std::filesystem;

void MapCommand::configure(CLI::App& app) {
    app.add_option("--catalog", m_catalog, "Layer catalog (TOML)")->required();
    app.add_option("--style", m_style, "Map style (TOML); default styles/default.toml");
    m_cache.add_to(app);
    auto* zone = app.add_option("--zone", m_zone, "Map one zone, by name or code (a county, or a city = group)");
    app.add_option("--bbox", m_bbox, "Map a box: W,S,E,N in degrees")->excludes(zone);
    app.add_option("--stats", m_stats, "stats.json from `ecozone stats`: draw a choropleth of --indicator");
    app.add_option("--indicator", m_indicator,
                   "Indicator for the choropleth: " + text::join(stats::indicator_names(/*for_targets=*/false)))
        ->check([](const std::string& v) {
            return stats::is_indicator(v, false) ? std::string{}
                                                 : "'" + v + "' is no indicator." + text::did_you_mean(v, stats::indicator_names(false));
        });
    app.add_option("--screening", m_screening, "screening.json from `ecozone screen` (screening.gpkg beside it)");
    app.add_option("--site", m_site, "Site id to map from --screening");
    app.add_option("--title", m_title, "Map title");
    app.add_option("--size", m_size, "Page: A4, A3, A4-portrait, A3-portrait or WxHmm (default A4 landscape)");
    app.add_option("--dpi", m_dpi, "Resolution of PNG output (default 200)")->check(finite_range(50, 1200, "dpi"));
    app.add_option("--out", m_out, "Output file: .png, .svg or .pdf")->required();
}

namespace {


}  // namespace

int MapCommand::run() {
    const auto format = render::format_from_path(m_out);
    if (!format) {
        throw Error({m_out}, "the map must be a .png, .svg or .pdf file.", "Choose an --out name ending in .png, .svg or .pdf.",
                    ErrorKind::usage);
    }
    auto page = render::parse_page_size(m_size);
    if (!page) {
        throw Error({}, "--size '" + m_size + "' is not a page size.", "Use A4, A3, A4-portrait, A3-portrait or WxHmm (e.g. 400x300mm).",
                    ErrorKind::usage);
    }
    page->dpi = m_dpi;
    if (*format == render::Format::png) render::check_png_size(*page);
    const catalog::Catalog cat = catalog::load_catalog(m_catalog);
    const render::Style style = render::load_style(m_style);
    Diagnostics diagnostics;
    const load::LayerSet layers = m_cache.load_layers(name(), cat, diagnostics, "no map was drawn");

    render::MapInput in;
    in.catalog = &cat;
    in.layers = &layers;
    in.style = &style;
    const load::LoadedSource zones = load::load_catalog_zones(cat, layers, diagnostics, m_cache.get());
    for (const auto& f : zones.features) in.zones.push_back({f.code, f.name, f.zone, f.geom.get()});
    std::string place;
    if (!m_zone.empty()) {
        for (const auto& z : in.zones) {
            if (z.id == m_zone || z.name == m_zone || z.group == m_zone) in.view.expand(geom::envelope(z.geom));
        }
        if (in.view.empty) {
            std::vector<std::string> names;
            for (const auto& z : in.zones) names.push_back(z.name);
            throw Error({}, "no zone is called or coded '" + m_zone + "'." + text::did_you_mean(m_zone, names),
                        in.zones.empty() ? "The catalog has no [zones] section." : "Use a county name or code, or a city name.",
                        ErrorKind::usage);
        }
        place = m_zone;
    }
    if (!m_bbox.empty()) {
        double w, s, e, n;
        char tail = 0;
        if (std::sscanf(m_bbox.c_str(), "%lf,%lf,%lf,%lf%c", &w, &s, &e, &n, &tail) != 4 || !std::isfinite(w) ||
            !std::isfinite(s) || !std::isfinite(e) || !std::isfinite(n) || w >= e || s >= n || w < -180 || e > 180 ||
            s < -90 || n > 90) {
            throw Error({}, "--bbox '" + m_bbox + "' is not W,S,E,N in degrees.", "Example: --bbox 104.3,29.9,105.0,30.4",
                        ErrorKind::usage);
        }
        in.view = geom::Envelope{w, s, e, n, false};
    }

    // Choropleth from stats.json.
    if (!m_stats.empty()) {
        report::IndicatorValues v = report::read_stats_indicator(m_stats, m_indicator);
        if (v.values.empty()) {
            throw Error({m_stats}, "has no values of '" + m_indicator + "' for any zone.",
                        "Indicators: " + text::join(stats::indicator_names(false)) + ".",
                        ErrorKind::usage);
        }
        render::Choropleth c;
        c.indicator = m_indicator;
        c.label = stats::indicator_label(m_indicator) + "（%）";
        c.values = std::move(v.values);
        c.target_met = std::move(v.target_met);
        c.target_label = std::move(v.target_label);
        in.choropleth = c;
        in.draw_layers = false;
        if (m_title.empty()) m_title = (place.empty() ? "" : place) + c.label.substr(0, c.label.find("（")) + "分布图";
    }

    // Screening map of one site.
    load::LoadedSource sites, overlaps;
    if (!m_screening.empty()) {
        if (m_site.empty()) throw Error({}, "--screening needs --site ID.", "Pass the id of the site to map.", ErrorKind::usage);
        const std::vector<report::ScreenedSite> screened = report::read_screening_sites(m_screening);
        const report::ScreenedSite* site = nullptr;
        std::vector<std::string> ids;
        for (const auto& s : screened) {
            ids.push_back(s.id);
            if (s.id == m_site) site = &s;
        }
        if (!site) {
            throw Error({m_screening}, "has no site '" + m_site + "'." + text::did_you_mean(m_site, ids),
                        "Site ids in this file: " + text::join(std::vector<std::string>(ids.begin(), ids.begin() + std::min<std::size_t>(ids.size(), 12))) + "…",
                        ErrorKind::usage);
        }
        const fs::path gpkg = fs::path(m_screening).parent_path() / "screening.gpkg";
        std::error_code ec;
        if (!fs::exists(gpkg, ec)) {
            throw Error({gpkg.string()}, "is missing: the site's shape is read from the screening.gpkg beside screening.json.",
                        "Run `ecozone screen` with --format including gpkg.");
        }
        // The site's features are picked by comparing the site_id attribute, never by SQL built from the id.
        auto of_site = [&](const std::string& layer) {
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
                if (src.values[i][k] != m_site) continue;
                out.features.push_back(std::move(src.features[i]));
                out.values.push_back(std::move(src.values[i]));
            }
            return out;
        };
        sites = of_site("sites");
        overlaps = of_site("overlaps");
        if (sites.features.empty()) {
            throw Error({gpkg.string()}, "has no shape for site '" + m_site + "' (it was not screened, or the file belongs to another run).",
                        "Check the site's status in screening.json.");
        }
        render::Highlight h;
        h.site = sites.features[0].geom.get();
        for (const auto& f : overlaps.features) h.overlaps.push_back(f.geom.get());
        h.verdict = screen::verdict_from_name(site->verdict).value_or(screen::Verdict::clear);  // checked when read
        h.label = site->name;
        in.highlight = h;
        if (in.view.empty) in.view = render::site_view(geom::envelope(h.site));
        if (m_title.empty()) m_title = m_site + " " + h.label + "：" + site->verdict_label + "（" + site->verdict + "）";
    }
    if (m_title.empty()) m_title = (place.empty() ? cat.name : place + "生态环境分区管控图");
    in.title = m_title;

    AtomicFile file(m_out);
    const render::MapInfo info = render::render_map(in, *page, *format, file.temp_path().string(), m_out);
    file.commit();
    m_cache.report(diagnostics);
    print_diagnostics(name(), diagnostics);
    std::cout << "wrote " << m_out << " (" << text::thousands(page->width_mm, 0) << " × " << text::thousands(page->height_mm, 0)
              << " mm, scale 1:" << text::thousands(std::round(info.scale_denominator / 100) * 100, 0) << ", "
              << info.legend.size() << " legend entries)\n";
    return exit_ok;
}

void StyleCommand::configure(CLI::App& app) {
    app.add_option("action", m_action, "export")->required()->check(CLI::IsMember({"export"}));
    app.add_option("--style", m_style, "Map style (TOML); default styles/default.toml");
    app.add_option("--format", m_format, "sld (GeoServer, QGIS) or qml (QGIS)")->check(CLI::IsMember({"sld", "qml"}));
    app.add_option("--out", m_out, "Output file (default: print)");
}

int StyleCommand::run() {
    const render::Style style = render::load_style(m_style);
    const std::string text = m_format == "sld" ? report::zoning_sld(style) : report::zoning_qml(style);
    if (m_out.empty()) {
        std::cout << text;
    } else {
        write_file_atomically(m_out, text);
        std::cout << "wrote " << m_out << "\n";
    }
    return exit_ok;
}

}  // namespace ecozone::cli
