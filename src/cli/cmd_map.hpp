#pragma once

#include "cli/cache_option.hpp"
#include "cli/command.hpp"
#include "core/i18n.hpp"
#include "report/map_scene.hpp"

namespace ecozone::cli {

// `ecozone map`: zoning maps, choropleths of statistics and screening maps as PNG, SVG or PDF.
class MapCommand : public Command {
public:
    std::string name() const override { return "map"; }
    std::string summary() const override {
        return tr("Draw a planning map (PNG, SVG or PDF): zoning layers, a county choropleth, or one screened site.");
    }
    void configure(CLI::App& app) override;
    int run() override;

private:
    CacheOption m_cache;
    std::string m_catalog, m_style;
    report::MapRequest m_request;
    std::string m_size = "A4";
    double m_dpi = 200;
    std::string m_out;
};

}  // namespace ecozone::cli
