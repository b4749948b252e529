#include "cli/cmd_diff.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <set>
#include <unistd.h>

#include "catalog/catalog.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/units.hpp"
#include "diff/edition_diff.hpp"
#include "index/layer_index.hpp"
#include "load/access_lists.hpp"
#include "load/load_layers.hpp"
#include "load/sites.hpp"
#include "report/diff_report.hpp"
#include "screen/screening.hpp"

namespace ecozone::cli {

namespace {

// The sites screened under one edition, as `ecozone screen` would (its rules, access lists, coverage and land
// cover), keeping no shapes.
screen::ScreeningResult screen_under(const catalog::Catalog& cat, const load::LayerSet& layers, const load::SiteSet& sites,
                                     double search_m, const load::LayerCache* cache, Diagnostics& diagnostics) {
    const screen::RuleSet rules = screen::load_rules(cat.rules);
    const auto access = load::load_access_lists(cat, diagnostics);
    Diagnostics quiet;  // the zones' own load messages are not about screening
    const load::LoadedSource zones = load::load_catalog_zones(cat, layers, quiet, cache);
    screen::ScreeningOptions options;
    options.overlay.search_m = search_m;
    options.overlay.keep_pieces = false;
    options.coverage.zones = &zones.features;
    const screen::SiteLandcover landcover = screen::open_site_landcover(cat);
    options.landcover = landcover.options();
    const index::LayerIndex index(layers, 256, /*meridian_cuts_only=*/false, cache);
    return screen::screen_sites(index, sites, rules, access, options, diagnostics);
}

std::string edition_label(const catalog::Catalog& c) { return c.version.empty() ? c.path.filename().string() : c.version; }

std::string signed_ha(double m2) { return (m2 >= 0 ? "+" : "") + text::thousands(units::ha(m2), 2); }

}  // namespace

void DiffCommand::configure(CLI::App& app) {
    app.add_option("--catalog", m_catalog, tr("The earlier edition's catalog (TOML)"))->required();
    app.add_option("--against", m_against, tr("The later edition's catalog (TOML), compared with --catalog"))->required();
    app.add_option("--sites", m_sites, tr("Sites to screen under both editions: those whose verdict or reasons change are listed"));
    m_site_file.add_to(app);
    app.add_option("--search-m", m_search_m, tr("With --sites: report the nearest feature of each layer within this distance (m)"))
        ->check(finite_range(0, 200'000, "m"));
    m_zones.add_to(app);
    app.add_option("--out", m_out, tr("Output folder (default ./diff/)"));
    app.add_option("--format", m_formats, tr("Outputs: json, csv, xlsx, gpkg (comma-separated; default all)"))
        ->delimiter(',')
        ->check(CLI::IsMember({"json", "csv", "xlsx", "gpkg"}));
    app.add_flag("--quiet", m_quiet, tr("Print no summary or progress"));
    m_cache.add_to(app);
}

int DiffCommand::run() {
    const catalog::Catalog before = catalog::load_catalog(m_catalog);
    catalog::Catalog after = catalog::load_catalog(m_against);
    std::error_code ec;
    if (std::filesystem::equivalent(before.path, after.path, ec)) {
        throw Error({after.path.string()}, tr("--catalog and --against are the same catalog; there is nothing to compare."),
                    tr("Give the earlier edition's catalog as --catalog and the later one's as --against."), ErrorKind::usage);
    }
    Diagnostics diagnostics;
    if (after.crs != before.crs) {
        // Both editions are compared in the earlier one's working CRS: each layer is transformed from its own.
        diagnostics.note({after.path.string()},
                         tr("the later edition works in {1}, the earlier in {2}; both are compared in {2}.", after.crs, before.crs));
        after.crs = before.crs;
    }
    const bool with_zones = m_zones.given() || before.zones.has_value();
    const stats::ZonesRequest zones_request = with_zones ? m_zones.request(before) : stats::ZonesRequest{};
    const std::set<std::string> formats(m_formats.begin(), m_formats.end());

    const load::LayerSet old_layers = m_cache.load_layers(name(), before, diagnostics, tr("nothing was compared"));
    const load::LayerSet new_layers = m_cache.load_layers(name(), after, diagnostics, tr("nothing was compared"));
    // A layer that loaded empty in one edition only is a broken delivery far more often than a layer
    // abolished: the diff would call every feature of it removed (or added).
    for (const auto& l : old_layers.layers) {
        const load::Layer* other = new_layers.find(l.spec.id);
        if (!other || l.features.empty() == other->features.empty()) continue;
        const bool later_empty = other->features.empty();
        const load::Layer& empty = later_empty ? *other : l;
        throw Error(load::where_of(later_empty ? after : before, empty.spec),
                    trn("this layer is empty in the {1} edition but has {n} feature in the {2}: compared, it would count as {3}.",
                        "this layer is empty in the {1} edition but has {n} features in the {2}: compared, every one of them "
                        "would count as {3}.",
                        (later_empty ? l : *other).features.size(), later_empty ? tr("later") : tr("earlier"),
                        later_empty ? tr("earlier") : tr("later"), later_empty ? tr("removed") : tr("added")),
                    tr("Check the layer's source, layer name and filter. If the layer really was abolished, take it out of that "
                       "catalog: the diff then reports it as in one edition only."));
    }
    std::vector<stats::ZoneFigures> zones;
    if (with_zones) zones = stats::load_zones(zones_request, old_layers, m_cache.get(), diagnostics);

    diff::DiffInput input;
    input.before = &old_layers;
    input.after = &new_layers;
    input.zones = with_zones ? &zones : nullptr;
    input.grouped = with_zones && !zones_request.zone_field.empty();
    diff::DiffOptions options;
    options.keep_pieces = formats.count("gpkg") > 0;
    const bool tty = !m_quiet && ::isatty(STDERR_FILENO);
    if (tty) {
        options.progress = [](std::size_t done, std::size_t total) {
            std::cerr << "\r" << tr("comparing layers: {1} / {2}", done, total) << (done == total ? "\n" : "") << std::flush;
        };
    }
    const diff::DiffResult result = diff::diff_editions(input, options, diagnostics);

    // Sites under both editions.
    std::optional<load::SiteSet> sites;
    std::optional<screen::ScreeningResult> screened_before, screened_after;
    report::SitesDiff sites_diff;
    if (!m_sites.empty()) {
        load::SiteReadOptions site_opt = m_site_file.options();
        site_opt.keep_circles = false;
        sites = load::read_sites(m_sites, site_opt, old_layers.working_crs, old_layers.ellipsoid, diagnostics);
        if (tty) std::cerr << tr("screening {1} sites under both editions", sites->sites.size()) << "\n";
        // What the screenings say about the sites (outside the coverage, …) is said once when both say it.
        Diagnostics first, second;
        screened_before = screen_under(before, old_layers, *sites, m_search_m, m_cache.get(), first);
        screened_after = screen_under(after, new_layers, *sites, m_search_m, m_cache.get(), second);
        const std::vector<Diagnostic> said = first.all();
        for (const auto& d : said) diagnostics.add(d);
        for (const auto& d : second.all()) {
            const bool repeated = std::any_of(said.begin(), said.end(), [&](const Diagnostic& e) { return e.text() == d.text(); });
            if (!repeated) diagnostics.add(d);
        }
        sites_diff = {&*sites, &*screened_before, &*screened_after, diff::compare_screenings(*screened_before, *screened_after)};
    }

    report::DiffReport rep;
    rep.before = &before;
    rep.after = &after;
    rep.working_crs = old_layers.working_crs;
    rep.working_crs_label = old_layers.working_crs_label;
    rep.zones_source = with_zones ? zones_request.source : "";
    rep.result = &result;
    rep.sites = sites ? &sites_diff : nullptr;
    rep.diagnostics = &diagnostics;
    const auto written = report::write_diff(rep, m_out, formats);
    m_cache.report(diagnostics);
    print_diagnostics(name(), diagnostics);
    if (m_quiet) return exit_ok;

    std::cout << tr("zoning editions compared: {1} → {2}", edition_label(before), edition_label(after)) << "\n";
    for (const auto& l : result.layers) {
        std::string line = "  " + text::pad_right(l.id, 10) + " " + text::pad_right(l.title, 16) + " ";
        if (!l.in_old || !l.in_new) line += (l.in_old ? tr("only in the earlier edition") : tr("only in the later edition")) + "  ";
        if (!l.changed()) {
            std::cout << line << tr("unchanged ({1} features)", l.new_features) << "\n";
            continue;
        }
        auto count = [&](diff::Change c) {
            const auto it = l.counts.find(c);
            return it == l.counts.end() ? std::size_t{0} : it->second;
        };
        line += tr("{1} added, {2} removed, {3} reshaped, {4} renamed", count(diff::Change::added), count(diff::Change::removed),
                   count(diff::Change::geometry), count(diff::Change::attributes));
        if (l.areal)
            line += "; " + tr("gained {1} ha, lost {2} ha, net {3} ha", text::thousands(units::ha(l.gained_m2), 2),
                              text::thousands(units::ha(l.lost_m2), 2), signed_ha(l.net_m2()));
        std::cout << line << "\n";
    }
    if (sites) {
        const bool zh = messages_in_chinese();
        auto word = [zh](screen::Verdict v) { return std::string(zh ? screen::verdict_label(v) : screen::verdict_name(v)); };
        std::cout << trn("{n} site of {1} has another verdict or other reasons under the later edition",
                         "{n} sites of {1} have another verdict or other reasons under the later edition",
                         sites_diff.changes.size(), sites->sites.size())
                  << "\n";
        for (const auto& c : sites_diff.changes) {
            const load::Site& s = sites->sites[c.site];
            std::cout << "  " << text::pad_right(s.id, 8) << text::pad_right(word(c.old_verdict), 11) << "→ "
                      << text::pad_right(word(c.new_verdict), 11) << s.name
                      << (c.kind() == "reasons" ? "  (" + tr("same verdict, other reasons") + ")" : "") << "\n";
        }
    }
    for (const auto& p : written) std::cout << tr("wrote {1}", p.string()) << "\n";
    return exit_ok;
}

}  // namespace ecozone::cli
