#pragma once

#include <string>
#include <vector>

#include "cli/cache_option.hpp"
#include "cli/command.hpp"
#include "cli/site_options.hpp"
#include "cli/zones_option.hpp"
#include "core/i18n.hpp"

namespace ecozone::cli {

// `ecozone diff`: what changed between two editions of the zoning (动态更新) — features added, removed and
// changed per layer, area gained and lost per county, and the sites whose verdict changes.
class DiffCommand : public Command {
public:
    std::string name() const override { return "diff"; }
    std::string summary() const override {
        return tr("Compare two zoning editions: features added, removed and changed, area gained and lost per county, sites whose verdict changes.");
    }
    void configure(CLI::App& app) override;
    int run() override;

private:
    CacheOption m_cache;
    ZonesOption m_zones;
    SiteFileOptions m_site_file;
    std::string m_catalog, m_against;
    std::string m_sites;
    double m_search_m = 5000;
    std::string m_out = "diff";
    std::vector<std::string> m_formats{"json", "csv", "xlsx", "gpkg"};
    bool m_quiet = false;
};

}  // namespace ecozone::cli
