#pragma once

#include <vector>

#include "cli/cache_option.hpp"
#include "cli/command.hpp"
#include "cli/zones_option.hpp"
#include "core/i18n.hpp"

namespace ecozone::cli {

// `ecozone stats`: forest cover, green space and zoning shares per county and city, against targets.
class StatsCommand : public Command {
public:
    std::string name() const override { return "stats"; }
    std::string summary() const override {
        return tr("Per-county statistics: forest cover and green space from land cover, zoning shares, policy targets.");
    }
    void configure(CLI::App& app) override;
    int run() override;

private:
    CacheOption m_cache;
    std::string m_catalog;
    ZonesOption m_zones;
    std::string m_targets;
    std::string m_out = "stats";
    std::vector<std::string> m_formats{"json", "csv", "xlsx", "gpkg"};
    bool m_quiet = false;
};

}  // namespace ecozone::cli
