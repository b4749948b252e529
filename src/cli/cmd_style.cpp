#include "cli/cmd_style.hpp"

#include <iostream>

#include "core/atomic_file.hpp"
#include "render/style.hpp"
#include "report/style_export.hpp"

namespace ecozone::cli {

void StyleCommand::configure(CLI::App& app) {
    app.add_option("action", m_action, "export")->required()->check(CLI::IsMember({"export"}));
    app.add_option("--style", m_style, "Map style (TOML); default styles/default.toml");
    app.add_option("--format", m_format, "sld (GeoServer, QGIS) or qml (QGIS)")->check(CLI::IsMember({"sld", "qml"}));
    app.add_option("--out", m_out, "Output file (default: print)");
}

int StyleCommand::run() {
    const render::Style style = render::load_style(m_style);
    const std::string text = m_format == "sld" ? report::zoning_sld(style) : report::zoning_qml(style);
    if (m_out.empty()) {
        std::cout << text;
    } else {
        write_file_atomically(m_out, text);
        std::cout << "wrote " << m_out << "\n";
    }
    return exit_ok;
}

}  // namespace ecozone::cli
