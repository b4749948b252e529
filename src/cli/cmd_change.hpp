#pragma once

#include <string>
#include <vector>

#include "cli/cache_option.hpp"
#include "cli/command.hpp"
#include "cli/zones_option.hpp"
#include "core/i18n.hpp"

namespace ecozone::cli {

// `ecozone change`: land-cover change between two years per county and city — transition matrix, forest and
// green cover gained and lost, and carbon stock and its change.
class ChangeCommand : public Command {
public:
    std::string name() const override { return "change"; }
    std::string summary() const override {
        return tr("Land-cover change between two years per county: transitions, forest gain and loss, carbon stock and sink.");
    }
    void configure(CLI::App& app) override;
    int run() override;

private:
    CacheOption m_cache;
    ZonesOption m_zones;
    std::string m_catalog;
    std::string m_before, m_after;
    std::string m_carbon;
    std::string m_targets;
    bool m_no_carbon = false;
    std::string m_out = "change";
    std::vector<std::string> m_formats{"json", "csv", "xlsx", "gpkg"};
    bool m_quiet = false;
};

}  // namespace ecozone::cli
