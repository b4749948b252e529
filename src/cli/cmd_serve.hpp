#pragma once

#include <string>

#include "cli/cache_option.hpp"
#include "cli/command.hpp"
#include "core/i18n.hpp"

namespace ecozone::cli {

// `ecozone serve`: the screening page and the OGC API, answering from layers held in memory.
class ServeCommand : public Command {
public:
    std::string name() const override { return "serve"; }
    std::string summary() const override {
        return tr("Serve a screening page and an OGC API (Features, Processes, map tiles) from layers held in memory.");
    }
    void configure(CLI::App& app) override;
    int run() override;

private:
    CacheOption m_cache;
    std::string m_catalog;
    std::string m_host = "127.0.0.1";
    int m_port = 8080;
    int m_threads = 32;
    std::string m_token_file;
    bool m_no_auth = false;
    double m_max_upload_mb = 50;
    int m_max_sites = 10'000;
    int m_max_jobs = 2;
    std::string m_leaflet_dir = "/usr/share/javascript/leaflet";
    bool m_quiet = false;
};

}  // namespace ecozone::cli
