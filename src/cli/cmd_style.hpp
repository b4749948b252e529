#pragma once

#include "cli/command.hpp"
#include "core/i18n.hpp"

namespace ecozone::cli {

// `ecozone style export`: the map style as SLD (for GeoServer) or QML (for QGIS).
class StyleCommand : public Command {
public:
    std::string name() const override { return "style"; }
    std::string summary() const override { return tr("Export the map style for other GIS tools: style export --format sld|qml."); }
    void configure(CLI::App& app) override;
    int run() override;

private:
    std::string m_action, m_style, m_format = "sld", m_out, m_catalog, m_layer;
};

}  // namespace ecozone::cli
