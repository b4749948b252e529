#pragma once

#include "cli/command.hpp"
#include "core/i18n.hpp"

namespace ecozone::cli {

// `ecozone cache`: where the layer cache is and how big; `--clear` empties it.
class CacheCommand : public Command {
public:
    std::string name() const override { return "cache"; }
    std::string summary() const override {
        return tr("Show the layer cache (layers as loaded and indexed in earlier runs), or clear it.");
    }
    void configure(CLI::App& app) override;
    int run() override;

private:
    bool m_clear = false;
    bool m_json = false;
};

}  // namespace ecozone::cli
