#include "cli/cmd_cache.hpp"

#include <iostream>

#include <nlohmann/json.hpp>

#include "core/format.hpp"
#include "core/i18n.hpp"
#include "load/layer_cache.hpp"

namespace ecozone::cli {

void CacheCommand::configure(CLI::App& app) {
    app.add_flag("--clear", m_clear, tr("Remove every entry (they are made again when layers are next loaded)"));
    app.add_flag("--json", m_json, tr("Print the result as JSON"));
}

int CacheCommand::run() {
    const auto dir = load::LayerCache::default_dir();
    if (dir.empty()) {
        throw Error({}, tr("there is no folder for the layer cache: none of ECOZONE_CACHE_DIR, XDG_CACHE_HOME and "
                           "HOME is set."),
                    tr("Set ECOZONE_CACHE_DIR to a folder ecozone may write to."));
    }
    const load::LayerCache cache(dir);
    const std::size_t removed = m_clear ? cache.clear() : 0;
    const auto usage = cache.usage();
    const double limit_mb = static_cast<double>(load::LayerCache::default_limit()) / (1 << 20);
    const double used_mb = static_cast<double>(usage.bytes) / (1 << 20);
    if (m_json) {
        nlohmann::json j{{"dir", dir.string()}, {"entries", usage.entries}, {"bytes", usage.bytes},
                         {"limit_bytes", load::LayerCache::default_limit()}};
        if (m_clear) j["removed"] = removed;
        std::cout << j.dump(2) << "\n";
        return exit_ok;
    }
    if (m_clear) std::cout << trn("removed {n} cache entry", "removed {n} cache entries", removed) << "\n";
    std::cout << tr("layer cache: {1}", dir.string()) << "\n  "
              << trn("{n} entry, {1} MB of {2} MB (ECOZONE_CACHE_MAX_MB; least recently used entries go first)",
                     "{n} entries, {1} MB of {2} MB (ECOZONE_CACHE_MAX_MB; least recently used entries go first)",
                     usage.entries, text::thousands(used_mb, 1), text::thousands(limit_mb, 0))
              << "\n";
    return exit_ok;
}

}  // namespace ecozone::cli
