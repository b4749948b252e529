#pragma once

#include "cli/cache_option.hpp"
#include "cli/command.hpp"
#include "core/i18n.hpp"

namespace ecozone::cli {

// `ecozone layers`: load and check every layer of a catalog.
class LayersCommand : public Command {
public:
    std::string name() const override { return "layers"; }
    std::string summary() const override {
        return tr("Load and check every layer of a catalog: features, CRS, extent, repairs and area.");
    }
    void configure(CLI::App& app) override;
    int run() override;

private:
    CacheOption m_cache;
    std::string m_catalog;
    bool m_json = false;
};

}  // namespace ecozone::cli
