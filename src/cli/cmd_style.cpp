#include "cli/cmd_style.hpp"

#include <iostream>

#include "catalog/catalog.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/i18n.hpp"
#include "core/suggest.hpp"
#include "render/style.hpp"
#include "report/style_export.hpp"

namespace ecozone::cli {

void StyleCommand::configure(CLI::App& app) {
    app.add_option("action", m_action, tr("export"))->required()->check(CLI::IsMember({"export"}));
    app.add_option("--style", m_style, tr("Map style (TOML); default styles/default.toml"));
    app.add_option("--format", m_format, tr("sld (GeoServer, QGIS) or qml (QGIS)"))->check(CLI::IsMember({"sld", "qml"}));
    app.add_option("--catalog", m_catalog, tr("Style one layer of this catalog in its own data (with --layer)"));
    app.add_option("--layer", m_layer, tr("Id of the catalog layer to style, classified on its zone_field"));
    app.add_option("--out", m_out, tr("Output file (default: print)"));
}

int StyleCommand::run() {
    if (m_catalog.empty() != m_layer.empty()) {
        throw Error({}, tr("--catalog and --layer go together: the layer of the catalog to style."),
                    tr("Pass both (e.g.  --catalog layers/sample.toml --layer redline), or neither for the style "
                       "of every role."),
                    ErrorKind::usage);
    }
    const render::Style style = render::load_style(m_style);
    std::string text;
    if (!m_catalog.empty()) {
        const catalog::Catalog cat = catalog::load_catalog(m_catalog);
        const catalog::LayerSpec* layer = cat.find_layer(m_layer);
        if (!layer) {
            std::vector<std::string> ids;
            for (const auto& l : cat.layers) ids.push_back(l.id);
            throw Error({cat.path.string()}, tr("has no layer '{1}'.{2}", m_layer, text::did_you_mean(m_layer, ids)),
                        tr("Its layers are: {1}.", text::join(ids)), ErrorKind::usage);
        }
        text = m_format == "sld" ? report::layer_sld(style, *layer) : report::layer_qml(style, *layer);
    } else {
        text = m_format == "sld" ? report::zoning_sld(style) : report::zoning_qml(style);
    }
    if (m_out.empty()) {
        std::cout << text;
    } else {
        write_file_atomically(m_out, text);
        std::cout << "wrote " << m_out << "\n";
    }
    return exit_ok;
}

}  // namespace ecozone::cli
