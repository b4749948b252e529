#include "cli/cache_option.hpp"

#include "cli/command.hpp"
#include "core/i18n.hpp"

namespace ecozone::cli {

void CacheOption::add_to(CLI::App& app) {
    app.add_flag("--no-cache", m_disabled,
                 tr("Load every layer from its source; do not use or keep the layer cache (see `ecozone cache`)"));
}

void CacheOption::open() {
    if (m_disabled) return;
    const auto dir = load::LayerCache::default_dir();
    if (!dir.empty()) m_cache = std::make_unique<load::LayerCache>(dir);
}

void CacheOption::report(Diagnostics& diagnostics) const {
    if (!m_cache) return;
    const std::string failure = m_cache->write_failure();
    if (failure.empty()) return;
    diagnostics.note(Where{m_cache->dir().string()},
                     tr("the layer cache could not be kept ({1}); layers are read from their sources on every run.",
                        failure),
                     tr("Set ECOZONE_CACHE_DIR to a folder you can write to, or pass --no-cache."));
}

load::LayerSet CacheOption::load_layers(const std::string& command, const catalog::Catalog& catalog,
                                        Diagnostics& diagnostics, const std::string& what_stops) {
    open();
    load::LoadOptions options;
    options.compute_union_area = false;
    options.measure_features = false;
    options.cache = get();
    return load::load_layers_or_throw(
        catalog, diagnostics, options,
        [&](const load::LayerFailure& f) { print_error(command, f.error.what(), f.error.hint()); }, what_stops);
}

}  // namespace ecozone::cli
