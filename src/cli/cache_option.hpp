#pragma once
// The layer cache as the commands that load layers use it: on by default, `--no-cache` to do without.

#include <memory>

#include <CLI/CLI.hpp>

#include "core/diagnostics.hpp"
#include "load/layer_cache.hpp"

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

private:
    bool m_disabled = false;
    std::unique_ptr<load::LayerCache> m_cache;
};

}  // namespace ecozone::cli
