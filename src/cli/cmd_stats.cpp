#include "cli/cmd_stats.hpp"

#include <algorithm>

#include <iostream>
#include <mutex>
#include <set>
#include <unistd.h>

#include "catalog/catalog.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/process_exit.hpp"
#include "index/layer_index.hpp"
#include "index/layer_overlaps.hpp"
#include "load/load_layers.hpp"
#include "render/style.hpp"
#include "report/stats_report.hpp"
#include "stats/stats.hpp"

namespace ecozone::cli {

void StatsCommand::configure(CLI::App& app) {
    app.add_option("--catalog", m_catalog, tr("Layer catalog (TOML), e.g. layers/sample.toml"))->required();
    m_zones.add_to(app);
    app.add_option("--targets", m_targets, tr("Targets (TOML), e.g. layers/targets-sample.toml"));
    app.add_option("--out", m_out, tr("Output folder (default ./stats/)"));
    app.add_option("--format", m_formats, tr("Outputs: json, csv, xlsx, gpkg (comma-separated; default all)"))
        ->delimiter(',')
        ->check(CLI::IsMember({"json", "csv", "xlsx", "gpkg"}));
    app.add_flag("--quiet", m_quiet, tr("Print no summary or progress"));
    m_cache.add_to(app);
}

int StatsCommand::run() {
    const catalog::Catalog cat = catalog::load_catalog(m_catalog);
    const stats::ZonesRequest zones = m_zones.request(cat);
    std::optional<stats::TargetSet> targets;
    if (!m_targets.empty()) targets = stats::load_targets(m_targets);

    Diagnostics diagnostics;
    load::LayerSet layers = m_cache.load_layers(name(), cat, diagnostics, tr("no statistics were made"));
    // Loading and indexing here; the statistics themselves read no file.
    stats::StatsInput input;
    input.zones = stats::load_zones(zones, layers, m_cache.get(), diagnostics);
    input.zones_source = zones.source;
    input.grouped = !zones.zone_field.empty();
    index::LayerIndex index(layers, 256, /*meridian_cuts_only=*/true, m_cache.get());
    index::LayerOverlaps overlaps(layers, m_cache.get());
    const stats::Landcover landcover = stats::open_landcover(cat);
    input.layers = &layers;
    input.index = &index;
    input.overlaps = &overlaps;
    input.landcover = &landcover;
    input.targets = targets ? &*targets : nullptr;
    stats::StatsOptions options;
    options.group_outlines = std::find(m_formats.begin(), m_formats.end(), "gpkg") != m_formats.end();
    std::mutex progress_mutex;
    if (!m_quiet && ::isatty(STDERR_FILENO)) {
        options.progress = [&](std::size_t done, std::size_t total) {
            std::lock_guard lock(progress_mutex);
            std::cerr << "\r" << tr("land cover: strip {1} / {2}", done, total) << (done == total ? "\n" : "") << std::flush;
        };
    }
    stats::StatsResult result = stats::compute_stats(std::move(input), options, diagnostics);
    const render::Style style = render::load_style({});
    const auto written = report::write_stats(cat, layers, result, diagnostics, m_out,
                                             std::set<std::string>(m_formats.begin(), m_formats.end()), &style);
    m_cache.report(diagnostics);
    print_diagnostics(name(), diagnostics);
    if (!m_quiet) {
        auto line = [](const stats::ZoneFigures& z) {
            std::string s = "  " + text::pad_right(z.name.empty() ? z.id : z.name, 18) +
                            text::pad_left(text::thousands(z.area_m2 / 1e6, 1), 10) + " km²";
            if (z.landcover.available) {
                s += "  " + tr("forest {1} %", text::pad_left(text::thousands(z.landcover.forest_pct, 2), 6));
                s += "  " + tr("green {1} %", text::pad_left(text::thousands(z.landcover.green_pct, 2), 6));
                if (z.landcover.partial) s += "  " + tr("(raster covers {1} % only!)",
                                                        text::thousands(z.landcover.coverage_pct, 1));
            }
            for (const auto& t : z.targets) {
                if (!t.actual) continue;
                const std::string gap = (t.gap >= 0 ? "+" : "") + text::thousands(t.gap, 2);
                s += "  " + (t.met ? tr("{1} met ({2} pp)",
                                        t.target->label, gap) : tr("{1} not met ({2} pp)", t.target->label, gap));
            }
            return s + "\n";
        };
        std::cout << trn("statistics for {n} zone of {1} ({2})", "statistics for {n} zones of {1} ({2})",
                         result.zones.size(), zones.source, cat.version.empty() ? cat.name : cat.name + ", " + cat.version)
                  << "\n";
        for (const auto& z : result.zones) std::cout << line(z);
        if (!result.groups.empty()) std::cout << tr("groups:") << "\n";
        for (const auto& g : result.groups) std::cout << line(g);
        for (const auto& p : written) std::cout << tr("wrote {1}", p.string()) << "\n";
    }
    release_at_exit(std::move(result));
    release_at_exit(std::move(overlaps));
    release_at_exit(std::move(index));
    release_at_exit(std::move(layers));
    return exit_ok;
}

}  // namespace ecozone::cli
