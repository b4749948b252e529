#include "cli/cmd_screen.hpp"

#include <exception>
#include <iostream>
#include <mutex>
#include <set>
#include <unistd.h>

#include <tbb/parallel_invoke.h>

#include "catalog/catalog.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/process_exit.hpp"
#include "load/load_layers.hpp"
#include "load/sites.hpp"
#include "render/style.hpp"
#include "report/screening_report.hpp"
#include "screen/screening.hpp"

namespace ecozone::cli {

void ScreenCommand::configure(CLI::App& app) {
    app.add_option("--catalog", m_catalog, tr("Layer catalog (TOML), e.g. layers/sample.toml"))->required();
    auto* sites = app.add_option("--sites", m_sites,
                                 tr("Sites: GeoJSON, GeoPackage, Shapefile, KML, DXF; CSV, Excel (.xlsx) or ODS with 经度/纬度 "
                                    "(decimal or 度分秒); 界址点 TXT"));
    auto* point = app.add_option("--point", m_points, tr("A site to check quickly: LON,LAT in degrees (repeatable; with --buffer-m)"))
                      ->excludes(sites);
    auto* wkt = app.add_option("--wkt", m_wkts, tr("A site as well-known text in longitude/latitude (repeatable)"))->excludes(sites);
    app.add_option("--name", m_site_name, tr("Name of the site given with --point or --wkt"));
    app.add_option("--category", m_site_category, tr("Category (行业类别) of the site given with --point or --wkt, for the rules"));
    (void)point;
    (void)wkt;
    app.add_option("--out", m_out, tr("Output folder (default ./screening/)"));
    app.add_option("--format", m_formats,
                   tr("Outputs to write: json, csv, xlsx, gpkg, html, pdf, kml (comma-separated; default all but "
                      "kml)"))
        ->delimiter(',')
        ->check(CLI::IsMember({"json", "csv", "xlsx", "gpkg", "html", "pdf", "kml"}));
    m_site_file.add_to(app);
    app.add_option("--search-m", m_search_m, tr("Report the nearest feature of each layer within this distance (m)"))
        ->check(finite_range(0, 200'000, "m"));
    app.add_option("--fail-on", m_fail_on, tr("Exit with code 3 when any site has this verdict or a more severe one"))
        ->check(CLI::IsMember(screen::verdict_names()));
    app.add_flag("--quiet", m_quiet, tr("Print no summary or progress"));
    m_cache.add_to(app);
}

int ScreenCommand::run() {
    const bool typed = !m_points.empty() || !m_wkts.empty();
    if (m_sites.empty() && !typed) {
        throw Error({}, tr("no sites to screen."), tr("Pass  --sites FILE  (a table or GIS file of sites), or  --point LON,LAT  or  --wkt WKT."),
                    ErrorKind::usage);
    }
    if (!typed && (!m_site_name.empty() || !m_site_category.empty())) {
        throw Error({}, tr("--name and --category are for a site given with --point or --wkt."),
                    tr("A sites file has its own name and category columns (--name-field, --category-field)."), ErrorKind::usage);
    }
    const catalog::Catalog cat = catalog::load_catalog(m_catalog);
    if (cat.layers.empty()) {
        throw Error({cat.path.string()}, tr("the catalog lists no zoning layers, so there is nothing to screen sites against."),
                    tr("Add [[layers]] sections (生态保护红线, 永久基本农田, 环境管控单元 …) with id, role and source."));
    }
    Diagnostics diagnostics;
    const screen::RuleSet rules = screen::load_rules(cat.rules);
    load::SiteReadOptions site_opt = m_site_file.options();
    site_opt.site_name = m_site_name;
    site_opt.site_category = m_site_category;
    const std::set<std::string> formats(m_formats.begin(), m_formats.end());
    // Overlap geometries and site shapes are drawn (report maps) or written (GeoPackage, KML); the tables
    // need only numbers.
    const bool shapes = formats.count("gpkg") || formats.count("kml") || formats.count("html") || formats.count("pdf");
    site_opt.keep_circles = shapes;
    // The layers and the sites are read at the same time (the sites need only the catalog's CRS); their
    // messages, and an error, come as if the layers had been read first.
    const load::LayerSet frame = load::working_frame(cat);
    load::LayerSet layers;
    load::SiteSet sites;
    Diagnostics site_diagnostics;
    std::exception_ptr layers_failed, sites_failed;
    tbb::parallel_invoke(
        [&] {
            try {
                layers = m_cache.load_layers(name(), cat, diagnostics, tr("nothing was screened"));
            } catch (...) {
                layers_failed = std::current_exception();
            }
        },
        [&] {
            try {
                sites = typed ? load::sites_from_command_line(m_points, m_wkts, site_opt, frame.working_crs, frame.ellipsoid,
                                                              site_diagnostics)
                              : load::read_sites(m_sites, site_opt, frame.working_crs, frame.ellipsoid, site_diagnostics);
            } catch (...) {
                sites_failed = std::current_exception();
            }
        });
    if (layers_failed) std::rethrow_exception(layers_failed);
    for (Diagnostic& d : site_diagnostics.all()) diagnostics.add(std::move(d));
    if (sites_failed) std::rethrow_exception(sites_failed);
    const auto access = load::load_access_lists(cat, diagnostics);

    screen::ScreeningOptions options;
    options.overlay.search_m = m_search_m;
    options.overlay.keep_pieces = shapes;
    // The zones: the data coverage when there are no control units, and the report maps' background.
    Diagnostics quiet;  // the zones' own load messages are not about screening
    load::LoadedSource zones = load::load_catalog_zones(cat, layers, quiet, m_cache.get());
    options.coverage.zones = &zones.features;
    // What each site occupies, when the catalog has land cover (and its carbon, with a carbon table).
    const screen::SiteLandcover landcover = screen::open_site_landcover(cat);
    options.landcover = landcover.options();
    const bool tty = !m_quiet && ::isatty(STDERR_FILENO);
    std::mutex progress_mutex;
    if (tty && sites.sites.size() >= 200) {
        options.progress = [&](std::size_t done, std::size_t total) {
            if (done % 100 != 0 && done != total) return;
            std::lock_guard lock(progress_mutex);
            std::cerr << "\r" << tr("screening sites: {1} / {2}", done, total) << (done == total ? "\n" : "") << std::flush;
        };
    }
    // Indexing here, screening reads no file. The index goes once the sites are screened (the results own
    // their overlap pieces), so that it does not add to the memory the writers need.
    screen::ScreeningResult result = [&] {
        const index::LayerIndex index(layers, 256, /*meridian_cuts_only=*/false, m_cache.get());
        return screen::screen_sites(index, sites, rules, access, options, diagnostics);
    }();

    const render::Style style = render::load_style({});
    report::ScreeningReport rep{cat, layers, sites, rules, result, diagnostics, &style, &zones.features, {}};
    if (tty && (formats.count("html") || formats.count("pdf")) && sites.sites.size() >= 50) {
        rep.map_progress = [&](const char* what, std::size_t done, std::size_t total) {
            if (done % 10 != 0 && done != total) return;
            std::cerr << "\r" << tr("drawing {1}: {2} / {3}",
                                    tr(what), done, total) << (done == total ? "\n" : "") << std::flush;
        };
    }
    const auto written = report::write_screening(rep, m_out, formats);
    m_cache.report(diagnostics);
    print_diagnostics(name(), diagnostics);

    if (!m_quiet) {
        // One language throughout: the verdict and the reason in Chinese under a Chinese locale, else in English.
        const bool zh = messages_in_chinese();
        const auto verdict_word = [zh](screen::Verdict v) {
            return std::string(zh ? screen::verdict_label(v) : screen::verdict_name(v));
        };
        const std::string catalog_name = cat.version.empty() ? cat.name : cat.name + " (" + cat.version + ")";
        std::cout << trn("screened {n} site from {1} against {2} layers of {3}",
                         "screened {n} sites from {1} against {2} layers of {3}", sites.sites.size(),
                         typed ? sites.source : m_sites, layers.layers.size(), catalog_name)
                  << "\n";
        for (auto v : {screen::Verdict::prohibited, screen::Verdict::restricted, screen::Verdict::review,
                       screen::Verdict::clear}) {
            auto it = result.counts.find(v);
            std::cout << "  " << text::pad_right(verdict_word(v), 11) << (it == result.counts.end() ? 0 : it->second) << "\n";
        }
        for (std::size_t i = 0; i < sites.sites.size(); ++i) {
            const auto& s = sites.sites[i];
            const auto& res = result.sites[i];
            if (res.verdict == screen::Verdict::clear) continue;
            std::string why;
            if (!res.reasons.empty()) {
                const auto& r = res.reasons.front();
                why = zh || r.text_en.empty() ? r.text : r.text_en;
            }
            std::cout << "  " << text::pad_right(s.id, 8) << text::pad_right(verdict_word(res.verdict), 11) << s.name << ": "
                      << why << "\n";
        }
        for (const auto& p : written) std::cout << tr("wrote {1}", p.string()) << "\n";
    }
    const int code = !m_fail_on.empty() && result.worst >= *screen::verdict_from_name(m_fail_on) ? exit_fail_on : exit_ok;
    release_at_exit(std::move(result));
    release_at_exit(std::move(sites));
    release_at_exit(std::move(zones));
    release_at_exit(std::move(layers));
    return code;
}

}  // namespace ecozone::cli
