#pragma once
// The layer cache as the commands that load layers use it: on by default, `--no-cache` to do without;
// and loading the layers for an analysis (screen, stats, map) through it.

#include <memory>

#include <CLI/CLI.hpp>

#include "catalog/catalog.hpp"
#include "core/diagnostics.hpp"
#include "load/layer_cache.hpp"
#include "load/load_layers.hpp"

namespace ecozone::cli {

class CacheOption {
public:
    void add_to(CLI::App& app);
    // The cache to use, or null (--no-cache, or no folder to keep it in).
    const load::LayerCache* get() const { return m_cache.get(); }
    // Opens it (call once the command line is parsed).
    void open();
    // A note when entries could not be written, so that a slow run is explained.
    void report(Diagnostics& diagnostics) const;

    // Opens the cache and loads every layer of `catalog` as an analysis needs them (no per-feature
    // measures, no union areas). A layer that fails is printed as `command`'s error, and then the load
    // throws, saying `what_stops` (e.g. "nothing was screened").
    load::LayerSet load_layers(const std::string& command, const catalog::Catalog& catalog, Diagnostics& diagnostics,
                               const std::string& what_stops);

private:
    bool m_disabled = false;
    std::unique_ptr<load::LayerCache> m_cache;
};

}  // namespace ecozone::cli
