#pragma once

#include <optional>
#include <vector>

#include "cli/cache_option.hpp"
#include "cli/command.hpp"
#include "cli/site_options.hpp"
#include "core/i18n.hpp"

namespace ecozone::cli {

// `ecozone screen`: proposed sites against the zoning layers, with verdicts and reports.
class ScreenCommand : public Command {
public:
    std::string name() const override { return "screen"; }
    std::string summary() const override {
        return tr("Screen proposed project sites against the zoning layers: overlaps, distances, verdicts, reports.");
    }
    void configure(CLI::App& app) override;
    int run() override;

private:
    CacheOption m_cache;
    SiteFileOptions m_site_file;
    std::string m_catalog;
    std::string m_sites;
    std::vector<std::string> m_points, m_wkts;
    std::string m_site_name, m_site_category;
    std::string m_out = "screening";
    std::vector<std::string> m_formats{"json", "csv", "xlsx", "gpkg", "html", "pdf"};
    double m_search_m = 5000;
    std::string m_fail_on;
    bool m_quiet = false;
};

}  // namespace ecozone::cli
