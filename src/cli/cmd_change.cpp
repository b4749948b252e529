#include "cli/cmd_change.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <mutex>
#include <set>
#include <unistd.h>

#include "catalog/catalog.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/units.hpp"
#include "load/load_layers.hpp"
#include "report/change_report.hpp"
#include "stats/land_change.hpp"

namespace ecozone::cli {

namespace {

struct Chosen {
    int year = 0;
    std::unique_ptr<io::RasterSource> source;
};

bool is_year(const std::string& s) {
    return s.size() == 4 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// --before / --after: a year the catalog's [landcover] names, or a raster file.
Chosen choose(const catalog::Catalog& cat, const std::string& value, const char* option, bool first) {
    const catalog::LandcoverSpec* spec = cat.landcover ? &*cat.landcover : nullptr;
    const std::vector<catalog::LandcoverEdition> years = spec ? spec->years() : std::vector<catalog::LandcoverEdition>{};
    std::vector<std::string> listed;
    for (const auto& y : years) listed.push_back(std::to_string(y.year));
    const Where cat_where{cat.path.string(), spec ? spec->line : 0};
    Chosen c;
    if (value.empty() || is_year(value)) {
        const catalog::LandcoverEdition* e = nullptr;
        if (value.empty()) {
            if (years.size() < 2) {
                throw Error(cat_where,
                            tr("the catalog names {1} year(s) of land cover, so there is nothing to compare.", std::to_string(years.size())),
                            tr("Add the other years under [landcover] (year = 2023 for its source, and editions = [{year = "
                               "2020, source = \"…\"}]), or pass --before and --after (a year or a raster file)."),
                            ErrorKind::usage);
            }
            e = first ? &years.front() : &years.back();
        } else {
            for (const auto& y : years)
                if (std::to_string(y.year) == value) e = &y;
            if (!e) {
                throw Error(cat_where,
                            tr("{1} {2}: the catalog has no land cover of {2} (it has: {3}).", option, value,
                               listed.empty() ? tr("none with a year") : text::join(listed)),
                            tr("Add it under [landcover] editions, or give the raster file itself."), ErrorKind::usage);
            }
        }
        c.year = e->year;
        c.source = stats::open_landcover_raster(cat, e->source, e->nodata, e->crs, Where{cat.path.string(), e->line});
        return c;
    }
    c.source = stats::open_landcover_raster(cat, value, spec ? spec->nodata : std::nullopt, spec ? spec->crs : "", Where{value});
    return c;
}

}  // namespace

void ChangeCommand::configure(CLI::App& app) {
    app.add_option("--catalog", m_catalog, tr("Layer catalog (TOML), e.g. layers/sample.toml"))->required();
    app.add_option("--before", m_before, tr("First year: a year named under [landcover] or a raster file (default: the earliest)"));
    app.add_option("--after", m_after, tr("Second year: a year named under [landcover] or a raster file (default: the latest)"));
    m_zones.add_to(app);
    app.add_option("--carbon", m_carbon, tr("Carbon densities per class (TOML or InVEST CSV); default: [landcover] carbon"));
    app.add_flag("--no-carbon", m_no_carbon, tr("Leave carbon out, even when the catalog names a carbon table"));
    app.add_option("--targets", m_targets, tr("Targets (TOML): those on a change (forest_change_pp, carbon_change_t_co2e, …) are checked"));
    app.add_option("--out", m_out, tr("Output folder (default ./change/)"));
    app.add_option("--format", m_formats, tr("Outputs: json, csv, xlsx, gpkg (comma-separated; default all)"))
        ->delimiter(',')
        ->check(CLI::IsMember({"json", "csv", "xlsx", "gpkg"}));
    app.add_flag("--quiet", m_quiet, tr("Print no summary or progress"));
    m_cache.add_to(app);
}

int ChangeCommand::run() {
    const catalog::Catalog cat = catalog::load_catalog(m_catalog);
    const stats::ZonesRequest zones = m_zones.request(cat);
    if (!m_carbon.empty() && m_no_carbon) {
        throw Error({}, tr("--carbon and --no-carbon contradict each other."), tr("Give one of them."), ErrorKind::usage);
    }
    Chosen before = choose(cat, m_before, "--before", true);
    Chosen after = choose(cat, m_after, "--after", false);
    if (before.source->info().path == after.source->info().path) {
        throw Error({before.source->info().path}, tr("--before and --after are the same raster; there is no change to measure."),
                    tr("Give two different years."), ErrorKind::usage);
    }
    if (before.year && after.year && before.year > after.year) {
        throw Error({cat.path.string()}, tr("--before {1} is later than --after {2}.", std::to_string(before.year), std::to_string(after.year)),
                    tr("Give the earlier year as --before: gains and losses are counted from it."), ErrorKind::usage);
    }
    std::optional<stats::CarbonTable> carbon;
    const std::string carbon_path = m_no_carbon ? "" : !m_carbon.empty() ? m_carbon : cat.landcover ? cat.landcover->carbon : "";
    if (!carbon_path.empty()) carbon = stats::load_carbon_table(carbon_path);
    std::optional<stats::TargetSet> targets;
    if (!m_targets.empty()) targets = stats::load_targets(m_targets);

    Diagnostics diagnostics;
    m_cache.open();
    const load::LayerSet frame = load::working_frame(cat);
    stats::ChangeInput input;
    input.zones = stats::load_zones(zones, frame, m_cache.get(), diagnostics);
    input.zones_source = zones.source;
    input.grouped = !zones.zone_field.empty();
    input.working_crs = frame.working_crs;
    input.before = {before.year, before.source.get()};
    input.after = {after.year, after.source.get()};
    input.forest_classes = cat.landcover ? cat.landcover->forest_classes : std::vector<int>{10};
    input.green_classes = cat.landcover ? cat.landcover->green_classes : std::vector<int>{10, 20, 30};
    input.carbon = carbon ? &*carbon : nullptr;
    input.targets = targets ? &*targets : nullptr;
    stats::ChangeOptions options;
    options.group_outlines = std::find(m_formats.begin(), m_formats.end(), "gpkg") != m_formats.end();
    std::mutex progress_mutex;
    if (!m_quiet && ::isatty(STDERR_FILENO)) {
        options.progress = [&](std::size_t done, std::size_t total) {
            std::lock_guard lock(progress_mutex);
            std::cerr << "\r" << tr("land-cover change: strip {1} / {2}", done, total) << (done == total ? "\n" : "") << std::flush;
        };
    }
    const stats::ChangeResult result = stats::compute_change(std::move(input), options, diagnostics);
    const auto written = report::write_change(cat, frame.working_crs, frame.working_crs_label, result, diagnostics, m_out,
                                              std::set<std::string>(m_formats.begin(), m_formats.end()));
    m_cache.report(diagnostics);
    print_diagnostics(name(), diagnostics);
    if (!m_quiet) {
        const std::string y1 = result.before_year ? std::to_string(result.before_year) : result.before.path;
        const std::string y2 = result.after_year ? std::to_string(result.after_year) : result.after.path;
        auto signed_num = [](double v, int d) { return (v >= 0 ? "+" : "") + text::thousands(v, d); };
        auto line = [&](const stats::ZoneChange& z) {
            std::string s = "  " + text::pad_right(z.name.empty() ? z.id : z.name, 18) + " " +
                            tr("forest {1} % → {2} % ({3} pp, net {4} ha)", text::pad_left(text::thousands(z.forest.before_pct, 2), 6),
                               text::pad_left(text::thousands(z.forest.after_pct, 2), 6), signed_num(z.forest.change_pp, 2),
                               signed_num(units::ha(z.forest.net_m2), 1));
            if (z.carbon) {
                const double t = z.carbon->change.total();
                s += "  " + (t >= 0 ? tr("carbon sink {1} t CO₂e", text::thousands(t * stats::k_co2_per_c, 0))
                                    : tr("carbon source {1} t CO₂e", text::thousands(-t * stats::k_co2_per_c, 0)));
            }
            for (const auto& t : z.targets) {
                s += "\n      " + (t.actual ? (t.met ? tr("target met") : tr("target NOT met")) : tr("no data for target")) + ": " +
                     t.target->label + " " + std::string(stats::comparison_symbol(t.target->comparison)) + " " +
                     text::thousands(t.target->value, 2) + (t.actual ? " (" + text::thousands(*t.actual, 2) + ")" : "");
            }
            return s + "\n";
        };
        std::cout << trn("land-cover change {1} → {2} for {n} zone of {3}", "land-cover change {1} → {2} for {n} zones of {3}",
                         result.zones.size(), y1, y2, zones.source)
                  << "\n";
        for (const auto& z : result.zones) std::cout << line(z);
        if (!result.groups.empty()) std::cout << tr("groups:") << "\n";
        for (const auto& g : result.groups) std::cout << line(g);
        for (const auto& p : written) std::cout << tr("wrote {1}", p.string()) << "\n";
    }
    return exit_ok;
}

}  // namespace ecozone::cli
