#include "cli/cmd_layers.hpp"

#include <iostream>

#include "catalog/catalog.hpp"
#include "core/process_exit.hpp"
#include "load/load_layers.hpp"
#include "report/layers_report.hpp"

namespace ecozone::cli {

void LayersCommand::configure(CLI::App& app) {
    app.add_option("--catalog", m_catalog, tr("Layer catalog (TOML), e.g. layers/sample.toml"))->required();
    app.add_flag("--json", m_json, tr("Print the result as JSON (a stable contract) instead of text"));
    m_cache.add_to(app);
}

int LayersCommand::run() {
    const catalog::Catalog cat = catalog::load_catalog(m_catalog);
    Diagnostics diagnostics;
    m_cache.open();
    load::LoadOptions options;
    options.cache = m_cache.get();
    load::LayerSet set = load::load_layers(cat, diagnostics, options);
    m_cache.report(diagnostics);
    print_diagnostics(name(), diagnostics);
    for (const auto& f : set.failures) print_error(name(), f.error.what(), f.error.hint());
    std::cout << (m_json ? report::layers_json(cat, set, diagnostics).dump(2) + "\n" : report::layers_text(cat, set));
    const int code = set.failures.empty() ? exit_ok : exit_input;
    release_at_exit(std::move(set));
    return code;
}

}  // namespace ecozone::cli
